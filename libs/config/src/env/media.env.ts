import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { Transform, Type } from 'class-transformer';
import { BootWarnings } from '../validate-env';
import { asFlag } from './flag';

export const MEDIA_STORE_KINDS = ['local', 's3'] as const;
export type MediaStoreKind = (typeof MEDIA_STORE_KINDS)[number];

const usesS3 = (env: MediaEnv) => env.MEDIA_STORE === 's3';

/**
 * Where uploaded media (voice clips) live and how the worker may fetch media by URL. The S3
 * settings are read only with MEDIA_STORE=s3; its keys come from the environment alone (no
 * default, no SDK credential chain), so a misconfigured deployment fails at boot.
 */
export class MediaEnv implements BootWarnings {
  @IsOptional() @IsIn(MEDIA_STORE_KINDS)
  MEDIA_STORE: MediaStoreKind = 'local';

  /** LocalDirectoryStore's root; a relative path resolves against the working directory (the project root under npm start). */
  @IsOptional() @IsString() @MinLength(1)
  MEDIA_DIR = '.canyu/media';

  /** Largest clip POST /v1/voice-entries takes (413 MEDIA.TOO_LARGE past it). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1024) @Max(104_857_600)
  MEDIA_UPLOAD_MAX_BYTES = 10_485_760;

  /** Tests only: let the media fetcher use plain http:// URLs. */
  @IsOptional() @Transform(asFlag) @IsBoolean()
  MEDIA_FETCH_ALLOW_HTTP = false;

  /** Let the media fetcher reach private and loopback addresses (tests, an on-premise host); off by default. */
  @IsOptional() @Transform(asFlag) @IsBoolean()
  MEDIA_FETCH_ALLOW_PRIVATE_TARGETS = false;

  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(10)
  MEDIA_FETCH_MAX_REDIRECTS = 3;

  /** An S3-compatible endpoint (MinIO, Ceph, R2, …); unset means AWS S3 for S3_REGION. */
  @ValidateIf((env: MediaEnv) => usesS3(env) && env.S3_ENDPOINT !== undefined)
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'S3_ENDPOINT must be an http(s) URL' })
  S3_ENDPOINT: string | undefined = undefined;

  @ValidateIf(usesS3) @IsString({ message: 'S3_BUCKET is required with MEDIA_STORE=s3' }) @MinLength(3)
  S3_BUCKET: string | undefined = undefined;

  @IsOptional() @IsString() @MinLength(1)
  S3_REGION = 'us-east-1';

  @ValidateIf(usesS3) @IsString({ message: 'S3_ACCESS_KEY_ID is required with MEDIA_STORE=s3' }) @MinLength(1)
  S3_ACCESS_KEY_ID: string | undefined = undefined;

  @ValidateIf(usesS3) @IsString({ message: 'S3_SECRET_ACCESS_KEY is required with MEDIA_STORE=s3' }) @MinLength(1)
  S3_SECRET_ACCESS_KEY: string | undefined = undefined;

  /** Bucket in the path (http://host/bucket/key), as most self-hosted S3-compatible servers need. */
  @IsOptional() @Transform(asFlag) @IsBoolean()
  S3_FORCE_PATH_STYLE = false;

  bootWarnings(): string[] {
    const warnings: string[] = [];
    if (this.MEDIA_FETCH_ALLOW_HTTP) warnings.push('MEDIA_FETCH_ALLOW_HTTP=true: media URLs may be fetched over plain http (meant for tests).');
    if (this.MEDIA_FETCH_ALLOW_PRIVATE_TARGETS) warnings.push('MEDIA_FETCH_ALLOW_PRIVATE_TARGETS=true: media URLs may point at private and loopback addresses.');
    return warnings;
  }
}
