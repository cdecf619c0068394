/**
 * Resolves as `work` does, or rejects with `onTimeout()` once `ms` have passed; the timer is
 * always cleared. For calls to Redis or DNS that must not hold a request or a job hostage.
 */
export async function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
