import { Writable } from 'node:stream';
import { runWithCorrelation } from './correlation';
import { createRootLogger, PinoNestLogger } from './logger';

function capture(): { lines: Record<string, unknown>[]; stream: Writable } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { lines, stream };
}

describe('createRootLogger + PinoNestLogger', () => {
  it('should write JSON lines with the app, the Nest context and the current correlation id', () => {
    const { lines, stream } = capture();
    const logger = new PinoNestLogger(createRootLogger('info', 'worker', stream));
    runWithCorrelation('corr-7', () => logger.log({ msg: 'job done', jobId: 'evt.1' }, 'EventsProcessor'));
    expect(lines[0]).toMatchObject({ app: 'worker', msg: 'job done', jobId: 'evt.1', context: 'EventsProcessor', correlationId: 'corr-7' });
  });

  it('should redact SQL parameters of failed queries and contact fields when something logs them', () => {
    const { lines, stream } = capture();
    const logger = new PinoNestLogger(createRootLogger('info', 'campaign-api', stream));
    const err = Object.assign(new Error('duplicate key'), { parameters: ['13800138000'], driverError: { parameters: ['a@b.c'] } });
    logger.error(err);
    logger.log({ msg: 'payload', buyer: { phone: '13800138000', email: 'a@b.c' } });
    const text = JSON.stringify(lines);
    expect(lines).toHaveLength(2);
    expect(text).not.toContain('13800138000');
    expect(text).not.toContain('a@b.c');
    expect(text).toContain('[redacted]');
  });

  it('should drop lines below the configured level', () => {
    const { lines, stream } = capture();
    new PinoNestLogger(createRootLogger('warn', 'scoring', stream)).log('quiet');
    expect(lines).toHaveLength(0);
  });
});
