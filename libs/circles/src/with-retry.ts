import { DataSource, EntityManager } from 'typeorm';

const RETRYABLE = new Set(['40P01', '40001']); // deadlock detected, serialization failure

/**
 * A transaction retried when PostgreSQL breaks a lock cycle (a marketer's move racing an
 * admission of the same person takes the two locks in the other order); all or nothing each time.
 */
export async function transactionWithRetry<T>(db: DataSource, work: (tx: EntityManager) => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await db.transaction(work);
    } catch (err) {
      const code = (err as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (err as { code?: string }).code;
      if (i >= attempts || !code || !RETRYABLE.has(code)) throw err;
    }
  }
}
