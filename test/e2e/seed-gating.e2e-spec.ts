import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { waitFor } from '@lib/testing';
import { useSystem } from '../support/system';

process.env.SWEEP_INTERVAL_MS = '300';
process.env.SWEEP_GRACE_MS = '0';

// Seed gating over HTTP: a ring that admits 100 seats, then 60 more when the next phase opens.
// 240 people ask at once, with business times out of arrival order.
describe('seed gating', () => {
  const sys = useSystem('Seed gating');
  const api = () => request(sys.apiUrl);
  const N = 240;
  const people = Array.from({ length: N }, (_, i) => ({
    id: `seed-${String(i).padStart(3, '0')}`,
    // Distinct business times, shuffled against the ids; a few share one instant (then the row id decides).
    requestedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, 0) + ((i * 7919) % N) * 1000 - (i % 10 === 0 ? 1000 : 0)).toISOString(),
  }));
  const later = new Date(Date.now() + 24 * 3_600_000).toISOString();

  beforeAll(async () => {
    await api().post('/v1/circles').set(sys.auth()).send({ name: 'seed', phases: [{ opensAt: '2025-12-01T00:00:00Z', seats: 100 }, { opensAt: later, seats: 60 }] }).expect(201);
    await api().post('/v1/circles').set(sys.auth()).send({ name: 'fans' }).expect(201);
  });

  it('should admit exactly the seats open under 240 concurrent requests and keep the rest waiting in (requestedAt, id) order', async () => {
    const answers = await Promise.all(people.map((p) => api().post('/v1/circles/seed/admissions').set(sys.auth()).send({ participantId: p.id, requestedAt: p.requestedAt })));
    expect(answers.map((a) => a.status)).toEqual(people.map(() => 201));
    const admitted = answers.filter((a) => a.body.state === 'admitted');
    const waiting = answers.filter((a) => a.body.state === 'waitlisted');
    expect({ admitted: admitted.length, waiting: waiting.length }).toEqual({ admitted: 100, waiting: N - 100 });

    // Places as of now, from the API, against the order recomputed from the rows.
    const rows: { external_id: string; state: string }[] = await sys.db.query(
      `SELECT p.external_id, a.state FROM circle_admission a JOIN participant p ON p.id = a.participant_id ORDER BY a.requested_at, a.id`,
    );
    const expectedQueue = rows.filter((r) => r.state === 'waitlisted').map((r) => r.external_id);
    const places = await Promise.all(expectedQueue.map((id) => api().get(`/v1/circles/seed/admissions/${id}`).set(sys.auth()).expect(200)));
    expect(places.map((r) => r.body.place)).toEqual(expectedQueue.map((_, i) => i + 1));
    expect(places[0].body).toMatchObject({ state: 'waitlisted', circle: 'seed', nextOpensAt: later, admittedAt: null });
    // Every admitted person is in the ring, with one ADMITTED move each; the ring says the same.
    const [{ members, moves }] = await sys.db.query(
      `SELECT (SELECT count(*)::int FROM participant WHERE circle = 'seed') AS members, (SELECT count(*)::int FROM circle_move WHERE reason = 'ADMITTED') AS moves`,
    );
    expect({ members, moves }).toEqual({ members: 100, moves: 100 });
    expect((await api().get('/v1/circles/seed').set(sys.auth()).expect(200)).body.seats).toEqual({ open: 100, admitted: 100, waitlisted: N - 100, nextOpensAt: later });
  });

  it('should answer a repeated request with the current state and change nothing', async () => {
    const first = people[0].id;
    const before = (await api().get(`/v1/circles/seed/admissions/${first}`).set(sys.auth()).expect(200)).body;
    const again = await api().post('/v1/circles/seed/admissions').set(sys.auth()).send({ participantId: first, requestedAt: '2020-01-01T00:00:00Z' }).expect(200);
    expect(again.body).toEqual(before);
    const [{ n }] = await sys.db.query(`SELECT count(*)::int AS n FROM circle_admission`);
    expect(n).toBe(N);
  });

  it('should admit the next 60 in waitlist order when the next phase opens, through a restarted worker', async () => {
    const queue: { external_id: string }[] = await sys.db.query(
      `SELECT p.external_id FROM circle_admission a JOIN participant p ON p.id = a.participant_id WHERE a.state = 'waitlisted' ORDER BY a.requested_at, a.id`,
    );
    const [{ t0 }] = await sys.db.query(`SELECT now() AS t0`);
    await sys.worker.close();
    // The phase's instant passes while no worker runs (as if the clock had reached it).
    await sys.db.query(`UPDATE circle_phase SET opens_at = now() - interval '1 second' WHERE seats = 60`);
    const worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await worker.init();
    Object.assign(sys, { worker });
    try {
      await waitFor(async () => (await sys.db.query(`SELECT count(*)::int AS n FROM circle_admission WHERE state = 'admitted'`))[0].n === 160, '160 admitted', 20_000);
      const admittedNow: { external_id: string }[] = await sys.db.query(
        `SELECT p.external_id FROM circle_admission a JOIN participant p ON p.id = a.participant_id WHERE a.state = 'admitted' AND a.admitted_at >= $1 ORDER BY a.requested_at, a.id`,
        [t0],
      );
      expect(new Set(admittedNow.map((r) => r.external_id))).toEqual(new Set(queue.slice(0, 60).map((r) => r.external_id)));
      const head = (await api().get(`/v1/circles/seed/admissions/${queue[60].external_id}`).set(sys.auth()).expect(200)).body;
      expect({ state: head.state, place: head.place, nextOpensAt: head.nextOpensAt }).toEqual({ state: 'waitlisted', place: 1, nextOpensAt: null });
      // A member who leaves frees their seat: the head of the waitlist takes it at the next pass.
      await api().put(`/v1/participants/${queue[0].external_id}`).set(sys.auth()).send({ circle: 'fans' }).expect(200);
      await waitFor(async () => (await api().get(`/v1/circles/seed/admissions/${queue[60].external_id}`).set(sys.auth())).body.state === 'admitted', 'the freed seat');
      expect((await api().get('/v1/circles/seed').set(sys.auth()).expect(200)).body.seats).toMatchObject({ open: 160, admitted: 160, waitlisted: N - 161 });
    } finally {
      // The system's own close() knows only the first worker.
      await worker.close();
    }
  });
});
