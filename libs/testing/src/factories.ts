/** Request bodies for the admin and ingest APIs, with overridable defaults. */
export function campaignBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  // Started a day ago, so events the factories date a moment back fall inside it.
  return { name: 'Tuesday open purchase', timezone: 'Asia/Shanghai', startsAt: new Date(Date.now() - 86_400_000).toISOString(), ...overrides };
}

export function socialPostNodeBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Post after purchase',
    trigger: { eventType: 'purchase' },
    reentry: 'every_time',
    mechanic: {
      kind: 'social-post',
      config: { prompts: ['More egg or more pancake?', 'More chili sauce or less?', 'Which colour did you pick?'], topic: 'XiaomiTuesday', promptsToShow: 2 },
    },
    ...overrides,
  };
}

let counter = 0;
const unique = () => `${++counter}-${Math.random().toString(36).slice(2, 8)}`;

/** The data a built-in type requires, so a test names only what it cares about. */
function requiredData(type: string): Record<string, unknown> {
  if (type === 'purchase') return { orderId: `order-${unique()}`, amount: 199, currency: 'CNY' };
  if (type === 'post') return { postId: `post-${unique()}` };
  return {};
}

/** An ingest event that satisfies the event contract; `overrides.data` is merged over the required fields. */
export function eventBody(type: string, participantId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { data, ...rest } = overrides;
  return {
    type,
    participantId,
    occurredAt: new Date(Date.now() - 1000).toISOString(),
    idempotencyKey: `${type}-${participantId}-${unique()}`,
    ...rest,
    data: { ...requiredData(type), ...((data as Record<string, unknown> | undefined) ?? {}) },
  };
}
