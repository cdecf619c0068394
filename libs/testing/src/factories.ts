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

/**
 * A real WAV file (RIFF/WAVE, 16-bit mono PCM) holding a sine tone: the voice clip tests upload.
 * `seed` shifts the tone, so two clips of one length differ.
 */
export function wavClip(durationMs: number, seed = 0, sampleRate = 8000): Buffer {
  const samples = Math.round((durationMs / 1000) * sampleRate);
  const out = Buffer.alloc(44 + samples * 2);
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(36 + samples * 2, 4);
  out.write('WAVEfmt ', 8, 'latin1');
  out.writeUInt32LE(16, 16); // fmt chunk size
  out.writeUInt16LE(1, 20); // PCM
  out.writeUInt16LE(1, 22); // mono
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * 2, 28); // byte rate
  out.writeUInt16LE(2, 32); // block align
  out.writeUInt16LE(16, 34); // bits per sample
  out.write('data', 36, 'latin1');
  out.writeUInt32LE(samples * 2, 40);
  const frequency = 440 + seed * 10;
  for (let i = 0; i < samples; i++) out.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * frequency * i) / sampleRate)), 44 + i * 2);
  return out;
}
