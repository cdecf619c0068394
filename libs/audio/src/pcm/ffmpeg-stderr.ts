/** What the analyser reads from ffmpeg's `-loglevel level+info` stderr. */
export type StderrEvent =
  | { kind: 'duration'; seconds: number | null }
  /** ffmpeg guessed the duration from the bitrate (MP3 without a Xing header, ADTS, AMR): not a claim. */
  | { kind: 'estimated' }
  | { kind: 'output'; sampleRate: number; layout: string; kbps: number }
  | { kind: 'error'; message: string }
  /** The output stream line was there but not in the expected shape (another ffmpeg build?). */
  | { kind: 'unparsed'; line: string };

// "[info] " and then ffmpeg's own two-space indent.
const DURATION = /^\[info\] {3}Duration: (?:(\d+):(\d\d):(\d\d(?:\.\d+)?)|N\/A)/;
const OUTPUT_HEADER = /^\[info\] Output #0, f32le, to 'pipe:/;
// Indent exact: metadata continuation lines are indented further and cannot pose as this.
const OUTPUT_STREAM_START = /^\[info\] {3}Stream #0:0(?:\(\w+\))?: Audio: /;
const OUTPUT_STREAM = /^\[info\] {3}Stream #0:0(?:\(\w+\))?: Audio: pcm_f32le, (\d+) Hz, ([^,]+), flt, (\d+) kb\/s(?: \([a-z ]+\))*$/;
const ESTIMATED = /\[warning\] Estimating duration from bitrate/;
const ERROR = /\[(error|fatal|panic)\] (.*)$/;

/** Line-by-line parser; the output stream line counts only after the output header. */
export class FfmpegStderr {
  private partial = '';
  private inOutput = false;
  private seen = 0;

  constructor(
    private readonly onEvent: (e: StderrEvent) => void,
    private readonly inputName: string,
  ) {}

  push(text: string): void {
    // Bound what a chatty or hostile stream can make us hold.
    if (this.seen > 256 * 1024) return;
    this.seen += text.length;
    const lines = (this.partial + text).split(/\r?\n|\r/);
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.line(line);
  }

  end(): void {
    if (this.partial) this.line(this.partial);
    this.partial = '';
  }

  private line(line: string): void {
    if (OUTPUT_HEADER.test(line)) {
      this.inOutput = true;
      return;
    }
    const d = DURATION.exec(line);
    if (d && !this.inOutput) {
      const seconds = d[1] === undefined ? null : Number(d[1]) * 3600 + Number(d[2]) * 60 + Number(d[3]);
      this.onEvent({ kind: 'duration', seconds });
      return;
    }
    const o = this.inOutput ? OUTPUT_STREAM.exec(line) : null;
    if (o) {
      this.onEvent({ kind: 'output', sampleRate: Number(o[1]), layout: o[2].trim(), kbps: Number(o[3]) });
      this.inOutput = false;
      return;
    }
    if (this.inOutput && OUTPUT_STREAM_START.test(line)) {
      this.onEvent({ kind: 'unparsed', line: line.slice(0, 200) });
      this.inOutput = false;
      return;
    }
    if (ESTIMATED.test(line)) {
      this.onEvent({ kind: 'estimated' });
      return;
    }
    const e = ERROR.exec(line);
    if (e) this.onEvent({ kind: 'error', message: e[2].split(this.inputName).join('input').slice(0, 200) });
  }
}
