import { Injectable } from '@nestjs/common';
import { analyseInSandbox } from '@lib/audio';
import { MediaError, MediaFetcher } from '@lib/storage';
import { Analyser } from './analysis';

/** Bigger files than the upload limit allows are not fetched at all. */
const MAX_FETCH_BYTES = 32 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 20_000;

/**
 * The voice-shout analysis step: fetch the clip (an uploaded `media:` ref, or an https URL
 * behind the SSRF guard) to a temporary file, then decode and measure it in a worker thread
 * with time and memory limits (libs/audio). What the clip caused (undecodable, too large, not
 * found) is a result; an unreachable store or host is an error, retried by the queue.
 */
@Injectable()
export class LoudnessAnalyser implements Analyser {
  readonly name = 'loudness';

  constructor(private readonly fetcher: MediaFetcher) {}

  async analyse(workspaceId: string, event: { data: Record<string, unknown> }): Promise<Record<string, unknown>> {
    const ref = event.data.mediaRef;
    if (typeof ref !== 'string') return { ok: false, reason: 'UNDECODABLE', detail: 'the entry names no clip' };
    let file: Awaited<ReturnType<MediaFetcher['fetchToFile']>>;
    try {
      file = await this.fetcher.fetchToFile(workspaceId, ref, { maxBytes: MAX_FETCH_BYTES, timeoutMs: FETCH_TIMEOUT_MS });
    } catch (err) {
      if (err instanceof MediaError && !err.retryable) return { ok: false, reason: err.code === 'MEDIA_TOO_LARGE' ? 'TOO_LARGE' : 'UNDECODABLE', detail: err.code };
      throw err;
    }
    try {
      return { ...(await analyseInSandbox(file.path)) };
    } finally {
      await file.cleanup();
    }
  }
}
