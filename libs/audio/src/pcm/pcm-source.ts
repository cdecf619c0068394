/** The stream of samples one clip decodes to, whatever its container or codec. */
export interface PcmFormat {
  sampleRate: number;
  channels: number;
  /** BS.1770 channel weights (1.0 front, 1.41 surround, 0 LFE), one per channel. */
  weights: number[];
  /** What the header or container says, when it says it; the decoded length decides in the end. */
  claimedDurationSec: number | null;
}

/** How a source ended: fine, or broken in a way only visible at the end (exit code, truncation). */
export type SourceEnd = { ok: true } | { ok: false; detail: string };

export interface PcmSource {
  readonly format: PcmFormat;
  /** Interleaved float32 frames (whole frames only), in bounded chunks. */
  chunks(): AsyncIterable<Float32Array>;
  /** Stops early (limits reached); safe to call more than once. */
  cancel(): Promise<void>;
  /** After the chunks ran out: did the decoder finish cleanly? */
  end(): Promise<SourceEnd>;
}
