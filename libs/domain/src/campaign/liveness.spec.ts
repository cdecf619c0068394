import { CampaignStatus } from './campaign-status';
import { LivenessCampaign, livenessAt, parsePauses } from './liveness';

const t = (iso: string) => new Date(iso);
const base: LivenessCampaign = { status: CampaignStatus.Live, startsAt: t('2026-03-01T00:00:00Z'), endsAt: t('2026-04-01T00:00:00Z'), pauses: [] };

describe('livenessAt', () => {
  it('should be live between startsAt (inclusive) and endsAt (exclusive)', () => {
    expect(livenessAt(base, t('2026-03-01T00:00:00Z'))).toBe('live');
    expect(livenessAt(base, t('2026-02-28T23:59:59Z'))).toBe('not_live');
    expect(livenessAt(base, t('2026-04-01T00:00:00Z'))).toBe('not_live');
  });

  it('should be paused inside a recorded pause span whatever the current status', () => {
    const pauses = [{ from: t('2026-03-10T00:00:00Z'), to: t('2026-03-11T00:00:00Z') }, { from: t('2026-03-20T00:00:00Z'), to: null }];
    const c = { ...base, status: CampaignStatus.Paused, pauses };
    expect(livenessAt(c, t('2026-03-10T12:00:00Z'))).toBe('paused');
    expect(livenessAt(c, t('2026-03-11T00:00:00Z'))).toBe('live');
    expect(livenessAt(c, t('2026-03-25T00:00:00Z'))).toBe('paused');
  });

  it('should never be live as a draft or without a recorded start', () => {
    expect(livenessAt({ ...base, status: CampaignStatus.Draft }, t('2026-03-05T00:00:00Z'))).toBe('not_live');
    expect(livenessAt({ ...base, startsAt: null }, t('2026-03-05T00:00:00Z'))).toBe('not_live');
  });

  it('should read pause spans stored as ISO strings and skip junk', () => {
    expect(parsePauses([{ from: '2026-03-10T00:00:00.000Z', to: null }, { to: 'x' }, 'junk'])).toEqual([{ from: t('2026-03-10T00:00:00Z'), to: null }]);
    expect(parsePauses(null)).toEqual([]);
  });
});
