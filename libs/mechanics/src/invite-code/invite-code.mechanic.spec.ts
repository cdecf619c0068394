import 'reflect-metadata';
import { ActivityState } from '@lib/domain';
import { MechanicContext } from '../mechanic.interface';
import { InviteCodeConfig } from './invite-code.config';
import { INVITE_CODES_PURPOSE, InviteCodeMechanic } from './invite-code.mechanic';

const mechanic = new InviteCodeMechanic();
const triggeredAt = new Date('2026-12-01T02:00:00Z');
const ctx = (state: ActivityState): MechanicContext<InviteCodeConfig> => ({
  config: Object.assign(new InviteCodeConfig(), { poolId: '5d1c0a4e-8f7b-4c59-9f39-0f3b8f1f7c11', count: 2 }),
  campaign: { id: 'c', name: 'c', timezone: 'Asia/Shanghai' },
  node: { id: 'n', name: 'n', channel: 'sandbox' },
  activity: { id: 'a', state, result: {}, deadlineAt: null, triggeredAt },
  messages: [],
  now: new Date('2026-12-01T02:00:05Z'),
});

describe('InviteCodeMechanic', () => {
  it('should ask the runner to allocate codes at the trigger time and complete', () => {
    expect(mechanic.activate(ctx(ActivityState.Pending))).toEqual({
      state: ActivityState.Completed,
      result: { poolId: '5d1c0a4e-8f7b-4c59-9f39-0f3b8f1f7c11', count: 2 },
      effects: [{ type: 'codes', poolId: '5d1c0a4e-8f7b-4c59-9f39-0f3b8f1f7c11', count: 2, purpose: INVITE_CODES_PURPOSE, at: triggeredAt }],
    });
  });

  it('should allocate nothing again once the activity moved on', () => {
    expect(mechanic.activate(ctx(ActivityState.Completed)).effects).toEqual([]);
  });
});
