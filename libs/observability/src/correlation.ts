import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

interface CorrelationContext {
  correlationId: string;
}

const storage = new AsyncLocalStorage<CorrelationContext>();

/** Runs `fn` with a correlation id visible to every log line and job it produces. */
export function runWithCorrelation<T>(correlationId: string | undefined, fn: () => T): T {
  return storage.run({ correlationId: correlationId || randomUUID() }, fn);
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

// Accept only short, printable ids from clients so a header cannot inject into logs.
const SAFE_ID = /^[A-Za-z0-9._:-]{1,100}$/;

export function sanitizeCorrelationId(raw: unknown): string {
  return typeof raw === 'string' && SAFE_ID.test(raw) ? raw : randomUUID();
}
