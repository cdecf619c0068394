import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

/** Every job payload carries a version and the correlation id of the request that caused it. */
export interface JobEnvelope {
  v: 1;
  correlationId?: string;
}

export class EnvelopeV1 implements JobEnvelope {
  @IsIn([1]) v!: 1;
  @IsOptional() @IsString() @MaxLength(100) correlationId?: string;
}

export class WorkspaceEnvelopeV1 extends EnvelopeV1 {
  @IsUUID() workspaceId!: string;
}
