import { LostJobReporter } from './lost-job-reporter';

describe('LostJobReporter', () => {
  const setup = () => {
    let clock = 1_000_000;
    const lines: object[] = [];
    const reporter = new LostJobReporter('events', { warn: (m) => lines.push(m) }, 30_000, () => clock);
    return { reporter, lines, tick: (ms: number) => (clock += ms) };
  };

  it('should warn once per loss when many running jobs lose their keys', () => {
    const { reporter, lines, tick } = setup();
    for (let i = 0; i < 192; i++) {
      reporter.report(new Error(`Missing key for job evt.${i}. moveToFinished`));
      tick(10);
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ queue: 'events', error: 'Missing key for job evt.0. moveToFinished' });
    expect(reporter.lostJobs).toBe(192);

    tick(31_000); // a second loss, later
    reporter.report(new Error('Missing lock for job evt.9. moveToFinished'));
    expect(lines).toHaveLength(2);
    expect(reporter.lostJobs).toBe(1);
  });

  it('should throttle other worker errors and never log a stack', () => {
    const { reporter, lines, tick } = setup();
    reporter.report(new Error('Connection is closed.'));
    reporter.report(new Error('Connection is closed.'));
    tick(31_000);
    reporter.report(new Error('Connection is closed.'));
    expect(lines).toEqual([
      { msg: 'queue worker error', queue: 'events', error: 'Connection is closed.' },
      { msg: 'queue worker error', queue: 'events', error: 'Connection is closed.' },
    ]);
  });
});
