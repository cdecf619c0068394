import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';
import { currentCorrelationId } from './correlation';

// Parts of an error that can hold rows: SQL parameters; PostgreSQL's detail ("Key (…)=(…)
// already exists", "Failing row contains (…)"), where (context lines) and internal query,
// which TypeORM copies from the driver error onto its own; body-parser's raw body.
// Table, column and constraint names stay: they are schema, and what one needs to debug.
const ERROR_DATA_FIELDS = ['parameters', 'detail', 'where', 'internalQuery'];
const ERROR_DATA_PATHS = [...ERROR_DATA_FIELDS.flatMap((f) => [`err.${f}`, `err.driverError.${f}`]), 'err.body'];

/** The process-wide JSON logger; every line carries the current correlation id. */
export function createRootLogger(level: string, app: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { app },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: () => {
      const correlationId = currentCorrelationId();
      return correlationId ? { correlationId } : {};
    },
    // Defence in depth: never print contact data even if someone logs a raw payload.
    redact: { paths: ['*.phone', '*.email', '*.authorization', '*.apiKey', 'req.headers.authorization', ...ERROR_DATA_PATHS], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Adapts pino to Nest's LoggerService so `new Logger(Class.name)` writes JSON lines. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly root: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: pino.Level, message: unknown, rest: unknown[]): void {
    // Nest passes the context (class name) last, and for errors a stack before it.
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const stack = typeof rest[0] === 'string' ? (rest.shift() as string) : undefined;
    const fields: Record<string, unknown> = { context };
    if (stack) fields.stack = stack;
    if (message instanceof Error) this.root[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.root[level]({ ...fields, ...(message as object) });
    else this.root[level](fields, String(message));
  }
}
