import 'reflect-metadata';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { eventBody } from '@lib/testing';
import { useOfflineApi } from '../support/offline-api';

// Durable before acknowledged, even with Redis gone: ingest answers 202 from Postgres alone,
// promptly, and leaves the events for the sweeper.
describe('ingest while Redis is down', () => {
  const offline = useOfflineApi('Offline');

  it('should store and acknowledge a batch within the enqueue bound, marking it for the sweeper', async () => {
    const started = Date.now();
    const res = await request(offline.url)
      .post('/v1/events')
      .set({ authorization: `Bearer ${offline.adminKey}` })
      .send({ events: [eventBody('purchase', 'offline-1'), eventBody('purchase', 'offline-2')] })
      .timeout(10_000);
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(2);
    expect(Date.now() - started).toBeLessThan(3_000); // the enqueue is bounded at 2 s
    const rows = await offline.app.get(DataSource).query('SELECT enqueued_at FROM inbound_event');
    expect(rows).toEqual([{ enqueued_at: null }, { enqueued_at: null }]);
  });

  it('should report Redis down on /health with 503', async () => {
    const res = await request(offline.url).get('/health').timeout(10_000);
    expect(res.status).toBe(503);
    expect(res.body.error.details).toMatchObject({ status: 'error', error: { redis: { status: 'down' } }, info: { database: { status: 'up' } } });
  });
});
