import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Auth, AuthContext, READERS, Roles } from '@lib/access';
import { CodeErrors, DomainError, ErrorCodes, formatCode, Page } from '@lib/domain';
import { CampaignIdPipe, uuidParamPipe } from '@lib/http-kit';
import { ListQueryDto } from '../common/list-query.dto';
import { CodePoolsService } from './code-pools.service';
import { CodePoolView, toCodePoolView } from './code-views';
import { AllocateCodesDto, CreateCodePoolDto, GenerateCodesDto, GenerateQueryDto } from './codes.dto';

const PoolIdPipe = uuidParamPipe(CodeErrors.POOL_NOT_FOUND, 'code pool');
const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,200}$/;
const CSV_CHUNK = 5_000;

/**
 * Code pools: rules for handing codes out, bulk generation for printing, allocation to a
 * participant. Codes are shown in clear once, in the answer that makes them; only keyed hashes
 * are stored.
 */
@ApiTags('codes')
@Controller('v1/campaigns/:campaignId/code-pools')
export class CodePoolsController {
  constructor(private readonly pools: CodePoolsService) {}

  @Post()
  @Roles('marketer')
  async create(@Auth() auth: AuthContext, @Param('campaignId', CampaignIdPipe) campaignId: string, @Body() dto: CreateCodePoolDto): Promise<CodePoolView> {
    return toCodePoolView(await this.pools.create(auth, campaignId, dto));
  }

  @Get()
  @Roles(...READERS)
  async list(@Auth() auth: AuthContext, @Param('campaignId', CampaignIdPipe) campaignId: string, @Query() q: ListQueryDto): Promise<Page<CodePoolView>> {
    const page = await this.pools.list(auth, campaignId, q.limit, q.cursor);
    return { items: page.items.map((p) => toCodePoolView(p)), nextCursor: page.nextCursor };
  }

  /** With how many codes are in each state. */
  @Get(':poolId')
  @Roles(...READERS)
  async get(@Auth() auth: AuthContext, @Param('campaignId', CampaignIdPipe) campaignId: string, @Param('poolId', PoolIdPipe) poolId: string): Promise<CodePoolView> {
    const pool = await this.pools.get(auth, campaignId, poolId);
    return toCodePoolView(pool, await this.pools.counts(auth, pool.id));
  }

  /**
   * Makes `count` unbound codes (up to 100,000) and answers them once: JSON, or with
   * `?format=csv` a streamed CSV for the printer. With an Idempotency-Key a retry is 409
   * CODE.BATCH_ALREADY_ISSUED naming the batch (its codes are not stored, so they cannot be
   * shown again); without one, every call makes a new batch.
   */
  @Post(':poolId/codes')
  @Roles('marketer')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async generate(
    @Auth() auth: AuthContext,
    @Param('campaignId', CampaignIdPipe) campaignId: string,
    @Param('poolId', PoolIdPipe) poolId: string,
    @Body() dto: GenerateCodesDto,
    @Query() q: GenerateQueryDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw new DomainError(ErrorCodes.VALIDATION_FAILED, 'Idempotency-Key must be 1–200 letters, digits or . _ : -', 'validation', { field: 'Idempotency-Key' });
    }
    const { batchId, codes } = await this.pools.generate(auth, campaignId, poolId, dto.count, key ?? null);
    res.status(201).setHeader('Cache-Control', 'no-store');
    if (q.format !== 'csv') {
      res.json({ batchId, poolId, count: codes.length, codes: codes.map(formatCode) });
      return;
    }
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="codes-${batchId}.csv"`);
    res.setHeader('X-Batch-Id', batchId);
    res.write('code\n');
    for (let at = 0; at < codes.length; at += CSV_CHUNK) {
      const ok = res.write(codes.slice(at, at + CSV_CHUNK).map((c) => `${formatCode(c)}\n`).join(''));
      if (!ok) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  }

  /** Fresh codes bound to one participant, within the pool's rules; answered once. */
  @Post(':poolId/allocations')
  @Roles('marketer', 'staff')
  @HttpCode(201)
  async allocate(
    @Auth() auth: AuthContext,
    @Param('campaignId', CampaignIdPipe) campaignId: string,
    @Param('poolId', PoolIdPipe) poolId: string,
    @Body() dto: AllocateCodesDto,
  ): Promise<{ poolId: string; participantId: string; codes: { codeId: string; code: string }[] }> {
    const result = await this.pools.allocate(auth, campaignId, poolId, dto.participantId, dto.count ?? 1);
    return { poolId, participantId: dto.participantId, codes: result.codes.map((c) => ({ codeId: c.codeId, code: formatCode(c.code) })) };
  }
}
