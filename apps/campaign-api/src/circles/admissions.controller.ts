import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Auth, AuthContext, READERS, Roles } from '@lib/access';
import { CircleErrors } from '@lib/circles';
import { DomainError, EXTERNAL_ID_PATTERN } from '@lib/domain';
import { CircleNamePipe } from './circle-name.pipe';
import { CirclesApi } from './circles-api.service';
import { AdmissionRequestDto } from './circles.dto';
import { AdmissionView } from './circles.views';

/** Seed gating: a request is admitted while seats are open, else waitlisted in (requestedAt, id) order. */
@ApiTags('circles')
@Controller('v1/circles/:name/admissions')
export class AdmissionsController {
  constructor(private readonly circles: CirclesApi) {}

  /** 201 admitted or waitlisted (with place); 200 when the participant had asked already (their current state). */
  @Post()
  @HttpCode(201)
  @Roles('marketer', 'staff', 'ingest')
  async request(
    @Auth() auth: AuthContext,
    @Param('name', CircleNamePipe) name: string,
    @Body() dto: AdmissionRequestDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AdmissionView> {
    const { created, view } = await this.circles.requestAdmission(auth, name, dto.participantId, dto.requestedAt ? new Date(dto.requestedAt) : undefined);
    if (!created) res.status(200);
    return view;
  }

  @Get(':participantId')
  @Roles(...READERS, 'ingest')
  async get(@Auth() auth: AuthContext, @Param('name', CircleNamePipe) name: string, @Param('participantId') participantId: string): Promise<AdmissionView> {
    if (!EXTERNAL_ID_PATTERN.test(participantId)) throw new DomainError(CircleErrors.ADMISSION_NOT_FOUND, 'admission not found', 'not_found');
    return this.circles.admission(auth, name, participantId);
  }
}
