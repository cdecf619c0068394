import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUrl, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { DataSource } from 'typeorm';
import { ApiKeyService, Auth, AuthContext, MAX_KEY_LIFETIME_DAYS, Roles, resolveKeyExpiry } from '@lib/access';
import { assertWebhookDestination, workspaceSigningKey } from '@lib/channels';
import { WebhookEnv } from '@lib/config';
import { DomainError, ErrorCodes } from '@lib/domain';
import { uuidParamPipe } from '@lib/http-kit';
import { API_KEY_ROLES, ApiKeyEntity, ApiKeyRole, WorkspaceEntity } from '@lib/persistence';
import { AuditService } from '../audit/audit.service';
import { ListQueryDto } from '../common/list-query.dto';
import { keysetPage } from '../common/keyset-page';

class CreateKeyDto {
  @ApiProperty({ example: 'shop ingest' }) @IsString() @MinLength(1) @MaxLength(100) name!: string;
  @ApiProperty({ enum: API_KEY_ROLES }) @IsIn(API_KEY_ROLES) role!: ApiKeyRole;
  @ApiPropertyOptional({ example: '2027-03-03T00:00:00+08:00', description: 'instant with offset, in the future; not with expiresInDays' })
  @IsOptional() @IsString() @MaxLength(40) expiresAt?: string;
  @ApiPropertyOptional({ example: 90, minimum: 1, maximum: MAX_KEY_LIFETIME_DAYS, description: 'days from now; not with expiresAt' })
  @IsOptional() @IsInt() @Min(1) @Max(MAX_KEY_LIFETIME_DAYS) expiresInDays?: number;
}

class WorkspaceSettingsDto {
  @ApiPropertyOptional({ example: 'https://shop.example/canyu-hooks', nullable: true })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }) @MaxLength(2000)
  webhookUrl?: string | null;

  @ApiPropertyOptional({ example: ['XiaomiWeibo'], description: "the brand's own accounts; a follow naming none counts for the first" })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(200, { each: true })
  brandAccounts?: string[] | null;
}

// The webhook URL may carry the receiver's credentials: only admins, who may change it, see it.
const workspaceView = (w: WorkspaceEntity, role: ApiKeyRole) => {
  const { webhookUrl, ...rest } = w;
  return { ...rest, webhookConfigured: webhookUrl !== null, ...(role === 'admin' ? { webhookUrl } : {}) };
};

const view = (k: ApiKeyEntity) => ({ id: k.id, name: k.name, role: k.role, prefix: k.prefix, createdAt: k.createdAt, expiresAt: k.expiresAt, revokedAt: k.revokedAt });

/** Admin-only: keys and workspace settings. A key's secret is shown once, at creation. */
@ApiTags('workspace')
@Controller('v1')
export class ApiKeysController {
  constructor(
    private readonly db: DataSource,
    private readonly keys: ApiKeyService,
    private readonly audit: AuditService,
    private readonly webhookEnv: WebhookEnv,
  ) {}

  /** The key this workspace's webhooks are signed with and its callbacks must be signed with. */
  @Get('workspace/signing-key')
  @Roles()
  signingKey(@Auth() auth: AuthContext) {
    return { algorithm: 'HMAC-SHA256', signedString: '<unix seconds>.<raw body>', key: workspaceSigningKey(this.webhookEnv.WEBHOOK_SIGNING_SECRET, auth.workspaceId) };
  }

  @Post('api-keys')
  @Roles()
  async create(@Auth() auth: AuthContext, @Body() dto: CreateKeyDto) {
    const expiry = resolveKeyExpiry(dto, new Date());
    if (!expiry.ok) throw new DomainError(ErrorCodes.VALIDATION_FAILED, 'request is invalid', 'validation', { problems: [expiry.problem] });
    const { key, plaintext } = await this.keys.issue(auth.workspaceId, dto.name, dto.role, expiry.expiresAt);
    await this.db.transaction((tx) => this.audit.record(tx, auth, 'api_key.create', { type: 'api_key', id: key.id }, { role: key.role, expiresAt: key.expiresAt }));
    return { ...view(key), key: plaintext };
  }

  @Get('api-keys')
  @Roles()
  async list(@Auth() auth: AuthContext, @Query() q: ListQueryDto) {
    const qb = this.db.getRepository(ApiKeyEntity).createQueryBuilder('k').where('k.workspace_id = :ws', { ws: auth.workspaceId });
    const page = await keysetPage(qb, 'k', q.limit, q.cursor);
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  }

  @Delete('api-keys/:id')
  @HttpCode(204)
  @Roles()
  async revoke(@Auth() auth: AuthContext, @Param('id', uuidParamPipe(ErrorCodes.API_KEY_NOT_FOUND, 'api key')) id: string): Promise<void> {
    const prefix = await this.db.transaction(async (tx) => {
      const key = await tx.getRepository(ApiKeyEntity).findOneBy({ id, workspaceId: auth.workspaceId });
      if (!key) throw new DomainError(ErrorCodes.API_KEY_NOT_FOUND, `api key ${id} not found`, 'not_found');
      if (!key.revokedAt) await tx.getRepository(ApiKeyEntity).update(key.id, { revokedAt: new Date() });
      await this.audit.record(tx, auth, 'api_key.revoke', { type: 'api_key', id });
      return key.prefix;
    });
    // Only once committed: a cache refilled before the commit would hold the unrevoked row.
    await this.keys.revoked(prefix);
  }

  @Get('workspace')
  @Roles('marketer', 'staff', 'viewer')
  async workspace(@Auth() auth: AuthContext) {
    return workspaceView(await this.db.getRepository(WorkspaceEntity).findOneByOrFail({ id: auth.workspaceId }), auth.role);
  }

  @Patch('workspace')
  @Roles()
  async updateWorkspace(@Auth() auth: AuthContext, @Body() dto: WorkspaceSettingsDto) {
    // Refuse an SSRF target now (400), not only when the worker sends to it (checked again there).
    if (dto.webhookUrl) {
      const { WEBHOOK_ALLOW_PRIVATE_TARGETS: allowPrivate, WEBHOOK_TIMEOUT_MS: timeoutMs } = this.webhookEnv;
      await assertWebhookDestination(dto.webhookUrl, { allowPrivate, timeoutMs });
    }
    return this.db.transaction(async (tx) => {
      if (dto.webhookUrl !== undefined) await tx.getRepository(WorkspaceEntity).update(auth.workspaceId, { webhookUrl: dto.webhookUrl });
      if (dto.brandAccounts !== undefined) {
        await tx.getRepository(WorkspaceEntity).update(auth.workspaceId, { brandAccounts: [...new Set(dto.brandAccounts ?? [])] });
      }
      await this.audit.record(tx, auth, 'workspace.update', { type: 'workspace', id: auth.workspaceId }, { fields: Object.keys(dto) });
      return workspaceView(await tx.getRepository(WorkspaceEntity).findOneByOrFail({ id: auth.workspaceId }), auth.role);
    });
  }
}
