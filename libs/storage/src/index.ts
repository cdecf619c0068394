export * from './media-errors';
export * from './media-store';
export * from './byte-counter';
export * from './audio-sniff';
export * from './local-directory.store';
export * from './s3.store';
export * from './media-fetcher';
export * from './storage.module';
