import { ErrorCodes } from '../errors/domain-error';
import { isOpenAt, parseRollout, RolloutStage, RolloutStageInput, stageOf, stageTimings } from './rollout';

const H = 3_600_000;
const T0 = new Date('2026-03-01T02:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const STAGES: RolloutStage[] = parseRollout([
  { circles: ['honorary-developers'] },
  { circles: ['core-fans'], after: 'PT48H', threshold: { participations: 10 } },
  { everyone: true, after: 'P3D' },
]);

const codeOf = (input: RolloutStageInput[]): string => {
  try {
    parseRollout(input);
    return 'ACCEPTED';
  } catch (e) {
    return (e as { code: string }).code;
  }
};

describe('parseRollout', () => {
  it('should keep only the keys given, so what is stored reads back as sent', () => {
    expect(STAGES).toEqual([
      { circles: ['honorary-developers'] },
      { circles: ['core-fans'], after: 'PT48H', threshold: { participations: 10 } },
      { everyone: true, after: 'P3D' },
    ]);
    expect(parseRollout([{ circles: ['a'] }, { circles: ['b'], opensAt: '2026-03-02T10:00:00+08:00', after: null }])[1]).toEqual({ circles: ['b'], opensAt: '2026-03-02T02:00:00.000Z' });
  });

  it.each<[string, RolloutStageInput[], string]>([
    ['no stages', [], ErrorCodes.ROLLOUT_INVALID_STAGE],
    ['neither circles nor everyone', [{ circles: ['a'] }, { after: 'PT1H' }], ErrorCodes.ROLLOUT_INVALID_STAGE],
    ['both circles and everyone', [{ circles: ['a'], everyone: true }], ErrorCodes.ROLLOUT_INVALID_STAGE],
    ['empty circles', [{ circles: [] }], ErrorCodes.ROLLOUT_INVALID_STAGE],
    ['everyone before the last stage', [{ everyone: true }, { circles: ['a'], after: 'PT1H' }], ErrorCodes.ROLLOUT_INVALID_STAGE],
    ['a timing on stage 1', [{ circles: ['a'], after: 'PT1H' }], ErrorCodes.ROLLOUT_INVALID_STAGE],
    ['a later stage that can never open', [{ circles: ['a'] }, { circles: ['b'] }], ErrorCodes.ROLLOUT_INVALID_STAGE],
    ['after and opensAt', [{ circles: ['a'] }, { circles: ['b'], after: 'PT1H', opensAt: '2026-03-01T00:00:00Z' }], ErrorCodes.ROLLOUT_INVALID_STAGE],
    ['an empty threshold', [{ circles: ['a'] }, { circles: ['b'], threshold: {} }], ErrorCodes.ROLLOUT_INVALID_STAGE],
    ['a zero threshold', [{ circles: ['a'] }, { circles: ['b'], threshold: { participations: 0 } }], ErrorCodes.ROLLOUT_INVALID_STAGE],
    ['a negative delay', [{ circles: ['a'] }, { circles: ['b'], after: 'PT-48H' }], ErrorCodes.ROLLOUT_INVALID_DELAY],
    ['a zero delay', [{ circles: ['a'] }, { circles: ['b'], after: 'PT0S' }], ErrorCodes.ROLLOUT_INVALID_DELAY],
    ['a month (length varies)', [{ circles: ['a'] }, { circles: ['b'], after: 'P1M' }], ErrorCodes.ROLLOUT_INVALID_DELAY],
    ['not a duration', [{ circles: ['a'] }, { circles: ['b'], after: '48h' }], ErrorCodes.ROLLOUT_INVALID_DELAY],
    ['a circle in two stages', [{ circles: ['a'] }, { circles: ['b', 'a'], after: 'PT1H' }], ErrorCodes.ROLLOUT_DUPLICATE_CIRCLE],
  ])('should refuse %s', (_name, input, code) => {
    expect(codeOf(input)).toBe(code);
  });
});

describe('stageTimings', () => {
  it('should open stage 1 with the node and each later stage its delay after the previous one', () => {
    const t = stageTimings(STAGES, T0, []);
    expect(t.map((s) => [s.at?.toISOString(), s.reason, s.recorded])).toEqual([
      [T0.toISOString(), 'NODE_OPEN', true],
      [at(48 * H).toISOString(), 'DELAY', false],
      [at(48 * H + 72 * H).toISOString(), 'DELAY', false],
    ]);
  });

  it('should move the later stages when a threshold opened a stage early', () => {
    const t = stageTimings(STAGES, T0, [{ stage: 2, openedAt: at(5 * H), reason: 'THRESHOLD' }]);
    expect(t[1]).toMatchObject({ at: at(5 * H), reason: 'THRESHOLD', recorded: true });
    expect(t[2].at).toEqual(at(5 * H + 72 * H));
  });

  it('should know no opening while only a threshold can open a stage, nor for the stages after it', () => {
    const stages = parseRollout([{ circles: ['a'] }, { circles: ['b'], threshold: { verifiedPosts: 3 } }, { everyone: true, after: 'PT1H' }]);
    const t = stageTimings(stages, T0, []);
    expect(t.map((s) => s.at)).toEqual([T0, null, null]);
  });

  it('should never open a stage at an instant before the previous stage', () => {
    const stages = parseRollout([{ circles: ['a'] }, { circles: ['b'], after: 'PT10H' }, { everyone: true, opensAt: at(2 * H).toISOString() }]);
    expect(stageTimings(stages, T0, [])[2].at).toEqual(at(10 * H));
  });

  it('should open nothing while the node has not opened', () => {
    expect(stageTimings(STAGES, null, []).map((s) => s.at)).toEqual([null, null, null]);
  });
});

describe('stageOf and isOpenAt', () => {
  const t = stageTimings(STAGES, T0, []);

  it('should place a circle in the first stage naming it, anyone else in the everyone stage', () => {
    expect(stageOf(t, 'core-fans')?.stage).toBe(2);
    expect(stageOf(t, 'lurkers')?.stage).toBe(3);
    expect(stageOf(t, null)?.stage).toBe(3);
    expect(stageOf(stageTimings(parseRollout([{ circles: ['a'] }]), T0, []), 'b')).toBeNull();
  });

  it('should open a stage at its instant exactly (start inclusive)', () => {
    expect(isOpenAt(t[1], at(48 * H - 1))).toBe(false);
    expect(isOpenAt(t[1], at(48 * H))).toBe(true);
    expect(isOpenAt(t[0], T0)).toBe(true);
  });
});
