import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ffmpegConvert } from '../../libs/audio/src/test-support/ffmpeg-reference';
import { hardClip, sine, speechLike } from '../../libs/audio/src/test-support/signals';
import { tempDir } from '../../libs/audio/src/test-support/temp-dir';
import { writeWav } from '../../libs/audio/src/test-support/wav-writer';

// `npm run loudness` runs the compiled CLI: build it the same way (swc, no type-check) into a
// folder of this test's own, and run it, and the sandbox from compiled JavaScript, as node would.
const root = resolve(__dirname, '../..');
const out = join(root, '.canyu/test-audio-cli');
const file = tempDir('cli');

beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--no-typecheck', `--out=${out}`], { cwd: root, stdio: 'ignore' });
}, 60_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

const cli = (...args: string[]) => spawnSync(process.execPath, [join(out, 'tools/loudness.js'), ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
const cliWith = (env: Record<string, string>, ...args: string[]) =>
  spawnSync(process.execPath, [join(out, 'tools/loudness.js'), ...args], { cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });

describe('npm run loudness', () => {
  it('prints one JSON line per file in argument order, judging them as one contest', async () => {
    const voice = writeWav(file('voice.wav'), [speechLike(4, 16000, 71, -2)], 16000);
    const replay = await ffmpegConvert(voice, file('replay.mp3'), ['-c:a', 'libmp3lame', '-b:a', '64k']);
    const tone = writeWav(file('tone.wav'), [sine(1000, -23, 3, 48000), sine(1000, -23, 3, 48000)], 48000);
    const clipped = writeWav(file('clipped.wav'), [hardClip(speechLike(4, 16000, 72), 20)], 16000);
    copyFileSync(join(root, 'test/fixtures/audio/speech-8k-seed21-mr122.amr'), file('voice.amr'));
    const garbage = file('garbage.mp3');
    writeFileSync(garbage, 'not audio at all');

    const run = cli(voice, replay, tone, clipped, file('voice.amr'), garbage);
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.file, l.verdict, l.reason])).toEqual([
      [voice, 'accepted', null],
      [replay, 'rejected', 'DUPLICATE'],
      [tone, 'rejected', 'CLIPPED'], // a pure tone sits at its own peak 30 % of the time: not a voice
      [clipped, 'rejected', 'CLIPPED'],
      [file('voice.amr'), 'accepted', null],
      [garbage, 'rejected', 'UNDECODABLE'],
    ]);
    expect(Object.keys(lines[0])).toEqual(['file', 'verdict', 'reason', 'integratedLufs', 'truePeakDbtp', 'samplePeakDbfs', 'durationSec', 'sampleRate', 'channels']);
    expect(lines[2]).toMatchObject({ truePeakDbtp: -23, samplePeakDbfs: -23, durationSec: 3, sampleRate: 48000, channels: 2 });
    expect(lines[2].integratedLufs).toBeCloseTo(-23, 1);
    expect(lines[4]).toMatchObject({ sampleRate: 8000, channels: 1, durationSec: 8 });
    expect(lines[5]).toMatchObject({ integratedLufs: null, sampleRate: null, durationSec: null });
  }, 60_000);

  it('exits non-zero with a clear message on usage errors and missing files', () => {
    const none = cli();
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/no files given/);
    const missing = cli(file('nope.wav'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(`no such file: ${file('nope.wav')}`);
    expect(missing.stdout).toBe('');
  });

  it('fails loudly, with no verdict, when ffmpeg cannot be run (not the participant\'s fault)', async () => {
    const mp3 = await ffmpegConvert(writeWav(file('any.wav'), [sine(440, -10, 1, 8000)], 8000), file('any.mp3'), ['-c:a', 'libmp3lame']);
    const run = cliWith({ FFMPEG_PATH: '/nonexistent/ffmpeg' }, mp3);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/cannot run ffmpeg/);
  });

  it('runs the sandboxed analysis from compiled JavaScript (dist/), as the apps run', () => {
    const voice = writeWav(file('compiled.wav'), [speechLike(2, 8000, 73)], 8000);
    const script = `require(${JSON.stringify(join(out, 'libs/audio/src/index.js'))}).analyseInSandbox(${JSON.stringify(voice)}).then((a) => console.log(JSON.stringify(a)))`;
    const run = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, sampleRate: 8000, durationSec: 2 });
  });
});
