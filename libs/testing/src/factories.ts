/** Request bodies for the admin and ingest APIs, with overridable defaults. */
export function campaignBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'Tuesday open purchase', timezone: 'Asia/Shanghai', ...overrides };
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
export function eventBody(type: string, participantId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return {
    type,
    participantId,
    occurredAt: new Date(Date.now() - 1000).toISOString(),
    idempotencyKey: `${type}-${participantId}-${counter}-${Math.random().toString(36).slice(2, 8)}`,
    data: {},
    ...overrides,
  };
}
