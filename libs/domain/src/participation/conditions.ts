/** One test on an event field; all conditions of a trigger must hold. */
export interface TriggerCondition {
  /** Dotted path into the event's `data`, e.g. `sku` or `store.city`. */
  field: string;
  op: ConditionOp;
  value?: unknown;
}

export const CONDITION_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'exists', 'contains'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

type Test = (actual: unknown, expected: unknown) => boolean;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const compare = (pred: (a: number, b: number) => boolean): Test => (a, b) => {
  const x = num(a);
  const y = num(b);
  return x !== null && y !== null && pred(x, y);
};

const TESTS: Readonly<Record<ConditionOp, Test>> = {
  eq: (a, b) => a === b,
  neq: (a, b) => a !== b,
  gt: compare((a, b) => a > b),
  gte: compare((a, b) => a >= b),
  lt: compare((a, b) => a < b),
  lte: compare((a, b) => a <= b),
  in: (a, b) => Array.isArray(b) && b.includes(a),
  nin: (a, b) => Array.isArray(b) && !b.includes(a),
  exists: (a, b) => (b === false ? a === undefined : a !== undefined),
  contains: (a, b) =>
    (typeof a === 'string' && typeof b === 'string' && a.includes(b)) || (Array.isArray(a) && a.includes(b)),
};

export function readPath(data: Record<string, unknown>, path: string): unknown {
  let cursor: unknown = data;
  for (const part of path.split('.')) {
    // Own properties only: a field named `constructor` must not find Object's.
    if (cursor === null || typeof cursor !== 'object' || !Object.prototype.hasOwnProperty.call(cursor, part)) return undefined;
    cursor = (cursor as Record<string, unknown>)[part];
  }
  return cursor;
}

/** Returns the first condition that fails, or null when all hold. */
export function firstFailingCondition(
  conditions: readonly TriggerCondition[],
  data: Record<string, unknown>,
): TriggerCondition | null {
  for (const condition of conditions) {
    if (!TESTS[condition.op](readPath(data, condition.field), condition.value)) return condition;
  }
  return null;
}
