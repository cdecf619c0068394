import { JOB_CONTRACTS, JobName } from '../contracts/jobs';
import { jobOptionsFor } from './job-options';

const ID = '00000000-0000-4000-8000-000000000001';
const sample = { v: 1, workspaceId: ID, eventId: ID, eventIds: [ID], activityId: ID, messageId: ID, spreadEventId: ID };

describe('job retention', () => {
  // Redis runs with noeviction: a job kept forever is memory lost forever.
  it.each(Object.keys(JOB_CONTRACTS) as JobName[])('should bound completed and failed %s jobs by count and age', (name) => {
    const options = jobOptionsFor(name, sample as never);
    for (const keep of [options.removeOnComplete, options.removeOnFail]) {
      expect(keep).toEqual({ age: expect.any(Number), count: expect.any(Number) });
      const { age, count } = keep as { age: number; count: number };
      expect(age).toBeGreaterThan(0);
      expect(count).toBeGreaterThan(0);
      expect(count).toBeLessThanOrEqual(20_000);
    }
  });
});
