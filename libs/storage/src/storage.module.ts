import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { resolve } from 'node:path';
import { MediaEnv } from '@lib/config';
import { LocalDirectoryStore } from './local-directory.store';
import { MediaFetcher } from './media-fetcher';
import { MEDIA_STORE, MediaStore } from './media-store';
import { createS3Client, S3Store } from './s3.store';

/** The store MEDIA_STORE names: a local directory (default) or an S3-compatible bucket. */
export function createMediaStore(env: MediaEnv): MediaStore {
  if (env.MEDIA_STORE === 'local') return new LocalDirectoryStore(resolve(env.MEDIA_DIR));
  // MediaEnv has already refused MEDIA_STORE=s3 without a bucket and both keys.
  const client = createS3Client({
    bucket: env.S3_BUCKET!,
    region: env.S3_REGION,
    endpoint: env.S3_ENDPOINT,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
    accessKeyId: env.S3_ACCESS_KEY_ID!,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY!,
  });
  return new S3Store(client, env.S3_BUCKET!);
}

/**
 * Provides MEDIA_STORE (chosen by env) and a MediaFetcher over it. An app that imports it
 * lists MediaEnv in CanyuConfigModule.forApp.
 */
@Module({
  providers: [
    { provide: MEDIA_STORE, inject: [MediaEnv], useFactory: createMediaStore },
    {
      provide: MediaFetcher,
      inject: [MEDIA_STORE, MediaEnv],
      useFactory: (store: MediaStore, env: MediaEnv) =>
        new MediaFetcher(store, { allowHttp: env.MEDIA_FETCH_ALLOW_HTTP, allowPrivate: env.MEDIA_FETCH_ALLOW_PRIVATE_TARGETS, maxRedirects: env.MEDIA_FETCH_MAX_REDIRECTS }),
    },
  ],
  exports: [MEDIA_STORE, MediaFetcher],
})
export class StorageModule implements OnApplicationShutdown {
  constructor(@Inject(MEDIA_STORE) private readonly store: MediaStore) {}

  onApplicationShutdown(): void {
    if (this.store instanceof S3Store) this.store.destroy();
  }
}
