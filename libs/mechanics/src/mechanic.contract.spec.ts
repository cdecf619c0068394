import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ActivityState, DomainError, ErrorCodes, MECHANIC_KINDS, MechanicKind } from '@lib/domain';
import { MechanicContext, MechanicHandler, MechanicInput, MechanicOutcome, inputTypes } from './mechanic.interface';
import { MechanicRegistry } from './mechanic.registry';
import { MECHANIC_HANDLERS } from './mechanics.module';

/**
 * One minimal valid config and one input the mechanic accepts once invited, per kind.
 * Typed as a full Record: adding a MechanicKind without a fixture fails to compile here.
 */
const FIXTURES: Record<MechanicKind, { config: object; acceptedInput: Record<string, unknown> }> = {
  [MechanicKind.SocialPost]: {
    config: { prompts: ['more egg or more pancake?'], topic: 'jianbing' },
    acceptedInput: { postId: 'wb-1', text: 'breakfast #jianbing#' },
  },
  [MechanicKind.UgcContest]: {
    config: {
      seedPostId: 'brand-film',
      round1: { opensAt: '2026-03-01T00:00:00Z', closesAt: '2026-03-04T00:00:00Z' },
      round2: { entriesOpenAt: '2026-03-02T00:00:00Z', entriesCloseAt: '2026-03-04T00:00:00Z', votingOpensAt: '2026-03-02T00:00:00Z', votingClosesAt: '2026-03-05T00:00:00Z' },
    },
    acceptedInput: { entryId: 'e-1', text: 'my 150 grams' },
  },
  [MechanicKind.Draw]: { config: { winners: 3, drawAt: '2026-03-05T12:00:00+08:00' }, acceptedInput: {} },
  [MechanicKind.VoiceShout]: { config: { opensAt: '2026-03-01T00:00:00Z', closesAt: '2026-03-05T00:00:00Z' }, acceptedInput: {} },
  [MechanicKind.Referral]: { config: { linkTemplate: 'https://shop.example/r/{code}' }, acceptedInput: {} },
  [MechanicKind.InviteCode]: { config: { poolId: '5d1c0a4e-8f7b-4c59-9f39-0f3b8f1f7c11' }, acceptedInput: {} },
};

const registry = new MechanicRegistry(MECHANIC_HANDLERS.map((H) => new H()));

function context(handler: MechanicHandler, activity: { state: ActivityState; result: Record<string, unknown>; deadlineAt?: Date | null }): MechanicContext<object> {
  return {
    config: registry.parseConfig(handler.kind, FIXTURES[handler.kind].config),
    campaign: { id: 'c-1', name: 'contract', timezone: 'Asia/Shanghai' },
    node: { id: 'n-1', name: 'node', channel: 'sandbox' },
    activity: { id: 'act-contract', triggeredAt: new Date('2026-03-03T02:00:00Z'), deadlineAt: null, ...activity },
    messages: [],
    now: new Date('2026-03-03T02:00:00Z'),
  };
}

function input(handler: MechanicHandler): MechanicInput {
  const type = inputTypes(handler, 'invitation', 'claim')[0] ?? 'any';
  return { event: { id: 'evt-1', type, occurredAt: new Date('2026-03-03T03:00:00Z'), channel: null, data: FIXTURES[handler.kind].acceptedInput } };
}

/** The activity as the runner would persist it after an outcome. */
function persisted(outcome: MechanicOutcome): { state: ActivityState; result: Record<string, unknown>; deadlineAt: Date | null } {
  const deadline = outcome.effects.find((e) => e.type === 'deadline');
  return { state: outcome.state, result: outcome.result, deadlineAt: deadline?.type === 'deadline' ? deadline.at : null };
}

describe('mechanic registry coverage', () => {
  it('should register exactly one handler per MechanicKind when built from MECHANIC_HANDLERS', () => {
    expect([...registry.kinds()].sort()).toEqual([...MECHANIC_KINDS].sort());
    expect(MECHANIC_HANDLERS).toHaveLength(MECHANIC_KINDS.length);
  });
});

describe.each(MECHANIC_HANDLERS)('mechanic contract: %p', (Handler) => {
  const handler: MechanicHandler = new Handler();

  it('should have a configClass that rejects an empty config when validated', () => {
    // Act
    const errors = validateSync(plainToInstance(handler.configClass, {}), { whitelist: true, forbidNonWhitelisted: true });
    // Assert
    expect(typeof handler.configClass).toBe('function');
    expect(errors.length).toBeGreaterThan(0);
  });

  it('should refuse an empty config through the registry with MECHANIC.CONFIG_INVALID', () => {
    let caught: unknown;
    try {
      registry.parseConfig(handler.kind, {});
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).code).toBe(ErrorCodes.MECHANIC_CONFIG_INVALID);
  });

  it('should accept its fixture config when the fixture is minimal and valid', () => {
    expect(() => registry.parseConfig(handler.kind, FIXTURES[handler.kind].config)).not.toThrow();
    expect(handler.configVersion).toBeGreaterThanOrEqual(1);
  });

  it('should produce the same outcome when activation of a pending activity is retried', () => {
    // Arrange
    const pending = context(handler, { state: ActivityState.Pending, result: {} });
    // Act
    const first = handler.activate(pending);
    const retry = handler.activate(pending);
    // Assert
    expect(retry).toEqual(first);
  });

  it('should yield no new effects and keep state when activate is applied to its own outcome', () => {
    // Arrange
    const first = handler.activate(context(handler, { state: ActivityState.Pending, result: {} }));
    // Act
    const second = handler.activate(context(handler, persisted(first)));
    // Assert
    expect(second.effects).toEqual([]);
    expect(second.state).toBe(first.state);
    expect(second.result).toEqual(first.result);
  });

  it('should accept the fixture input once activated when it listens to input events', () => {
    // A mechanic without input events (e.g. a one-shot message) has nothing to answer.
    if (!handler.handle || inputTypes(handler, 'invitation', 'claim').length === 0) return;
    // Arrange
    const invited = persisted(handler.activate(context(handler, { state: ActivityState.Pending, result: {} })));
    // Act
    const outcome = handler.handle!(context(handler, invited), input(handler));
    expect(outcome.effects.some((e) => e.type === 'spread') || !['post', 'entry'].includes(input(handler).event.type)).toBe(true);
    // Assert
    expect(outcome.verdict).toMatchObject({ accepted: true });
    expect(outcome.state).toBe(ActivityState.Completed);
  });

  it('should yield no effects and refuse the input when handling a completed activity', () => {
    if (!handler.handle) return; // node-level mechanics answer inputs in handleNodeInput
    // Arrange
    const done = context(handler, { state: ActivityState.Completed, result: { done: true } });
    // Act
    const outcome = handler.handle!(done, input(handler));
    // Assert
    expect(outcome.effects).toEqual([]);
    expect(outcome.state).toBe(ActivityState.Completed);
    expect(outcome.verdict?.accepted).toBe(false);
  });

  it.each([ActivityState.Completed, ActivityState.Expired, ActivityState.Failed])(
    'should not reopen or emit effects when expiring an activity that is %s',
    (state) => {
      const outcome = handler.expire(context(handler, { state, result: {} }));
      expect(outcome === null || (outcome.state === state && outcome.effects.length === 0)).toBe(true);
    },
  );
});
