import { analyseFile } from '../analyse-file';
import { speechLike } from '../test-support/signals';
import { tempDir } from '../test-support/temp-dir';
import { writeWav } from '../test-support/wav-writer';
import { analyseInSandbox } from './analyse-in-sandbox';

// From TypeScript sources (this jest run); the compiled dist/ path is covered by
// test/integration/audio-cli.int-spec.ts.
describe('analyseInSandbox', () => {
  const file = tempDir('sandbox');
  const clip = writeWav(file('voice.wav'), [speechLike(2, 16000, 5)], 16000);

  it('gives the same analysis as analyseFile, off the calling thread', async () => {
    expect(await analyseInSandbox(clip)).toEqual(await analyseFile(clip));
  });

  it('terminates an analysis past its wall clock', async () => {
    const started = Date.now();
    expect(await analyseInSandbox(clip, {}, { timeoutMs: 1 })).toEqual({ ok: false, reason: 'UNDECODABLE', detail: 'analysis timed out' });
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('stops when aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    expect(await analyseInSandbox(clip, {}, { signal: ac.signal })).toMatchObject({ ok: false, detail: 'analysis aborted' });
  });

  it('survives a thread that runs out of heap', async () => {
    // A 1 MB heap cannot even load the analyser: V8 ends the thread, not this process.
    expect(await analyseInSandbox(clip, { sandboxMemoryMb: 1 })).toEqual({ ok: false, reason: 'UNDECODABLE', detail: 'analysis ran out of memory' });
    expect(await analyseInSandbox(clip)).toMatchObject({ ok: true });
  });

  it('rejects, like analyseFile, when the path cannot be read, and on bad limits', async () => {
    await expect(analyseInSandbox(file('missing.wav'))).rejects.toThrow(/ENOENT/);
    expect(() => analyseInSandbox(clip, { maxBytes: -1 })).toThrow(RangeError);
  });
});
