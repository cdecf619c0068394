
/** ioredis options from a redis:// or rediss:// URL (user, password, db, TLS). */
export interface PlainRedisOptions {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  tls?: object;
  maxRetriesPerRequest?: number | null;
  enableOfflineQueue?: boolean;
}

export function redisOptionsFromUrl(url: string, extra: Partial<PlainRedisOptions> = {}): PlainRedisOptions {
  const u = new URL(url);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: Number.isInteger(db) ? db : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    ...extra,
  };
}
