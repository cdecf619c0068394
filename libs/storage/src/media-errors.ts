/**
 * Stable codes for what can go wrong with a clip. The voice-shout mechanic turns them into
 * entry verdicts, so they never change meaning; `retryable` says whether trying again later
 * may succeed (a timeout, a 503) or cannot (a 404, a forbidden address, a clip too large).
 */
export type MediaErrorCode = 'MEDIA_NOT_FOUND' | 'MEDIA_TOO_LARGE' | 'MEDIA_FETCH_FAILED' | 'MEDIA_URL_FORBIDDEN';

export class MediaError extends Error {
  constructor(
    readonly code: MediaErrorCode,
    message: string,
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'MediaError';
  }
}

export class MediaNotFound extends MediaError {
  constructor(what: string) {
    super('MEDIA_NOT_FOUND', `${what} was not found`);
  }
}

export class MediaTooLarge extends MediaError {
  constructor(readonly maxBytes: number) {
    super('MEDIA_TOO_LARGE', `media is larger than ${maxBytes} bytes`);
  }
}

export class MediaFetchFailed extends MediaError {
  constructor(message: string, retryable: boolean) {
    super('MEDIA_FETCH_FAILED', message, retryable);
  }
}

export class MediaUrlForbidden extends MediaError {
  constructor(message: string) {
    super('MEDIA_URL_FORBIDDEN', message);
  }
}
