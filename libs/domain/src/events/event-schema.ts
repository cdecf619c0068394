import { UUID_PATTERN } from '../ids/id-patterns';
import { parseInstant } from '../time/occurred-at';

/**
 * The event contract: every ingested event type has a schema for its `data`. Built-in types
 * are defined here; workspaces declare their own with the same field rules (a tracking plan).
 */
export const FIELD_TYPES = ['string', 'number', 'integer', 'boolean', 'timestamp', 'currency', 'uuid', 'string[]', 'object', 'hash'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FieldRule {
  /** A top-level key of `data`. */
  name: string;
  type: FieldType;
  required?: boolean;
  /** Numbers: inclusive bounds. Strings and lists: length bounds. */
  min?: number;
  max?: number;
  /** Allowed values (strings or numbers). */
  enum?: (string | number)[];
}

export interface EventSchema {
  type: string;
  fields: FieldRule[];
  /** Whether `data` may carry keys the schema does not name (conditions may read them). */
  additionalFields: boolean;
}

export type DataCheck = { ok: true } | { ok: false; field: string; message: string };

// ISO 4217 codes as the runtime's ICU knows them: a maintained list, not one we copy.
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

export const isCurrencyCode = (v: unknown): boolean => typeof v === 'string' && CURRENCIES.has(v);

type TypeCheck = (v: unknown) => string | null;
const TYPE_CHECKS: Readonly<Record<FieldType, TypeCheck>> = {
  string: (v) => (typeof v === 'string' ? null : 'must be a string'),
  number: (v) => (typeof v === 'number' && Number.isFinite(v) ? null : 'must be a number'),
  integer: (v) => (Number.isSafeInteger(v) ? null : 'must be an integer'),
  boolean: (v) => (typeof v === 'boolean' ? null : 'must be true or false'),
  timestamp: (v) => (parseInstant(v).ok ? null : 'must be an ISO-8601 date-time with a zone offset and a real date'),
  currency: (v) => (isCurrencyCode(v) ? null : 'must be an ISO 4217 currency code such as CNY'),
  uuid: (v) => (typeof v === 'string' && UUID_PATTERN.test(v) ? null : 'must be a UUID'),
  'string[]': (v) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? null : 'must be a list of strings'),
  object: (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? null : 'must be an object'),
  // A device or contact as a hash (MD5 to SHA-512 sizes), so raw PII is refused at the door.
  hash: (v) => (typeof v === 'string' && /^[0-9a-fA-F]{32,128}$/.test(v) ? null : 'must be a hash: 32 to 128 hex digits, never the raw value'),
};

function sizeOf(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' || Array.isArray(v)) return v.length;
  return null;
}

function checkField(rule: FieldRule, value: unknown): string | null {
  const typeProblem = TYPE_CHECKS[rule.type](value);
  if (typeProblem) return typeProblem;
  const size = sizeOf(value);
  const unit = typeof value === 'number' ? '' : typeof value === 'string' ? ' characters' : ' items';
  if (size !== null && rule.min !== undefined && size < rule.min) return `must be at least ${rule.min}${unit}`;
  if (size !== null && rule.max !== undefined && size > rule.max) return `must be at most ${rule.max}${unit}`;
  if (rule.enum && !rule.enum.includes(value as string | number)) return `must be one of ${rule.enum.join(', ')}`;
  return null;
}

/** The first problem of `data` under `schema`, named by its field path (`data.amount`). */
export function checkEventData(schema: EventSchema, data: Record<string, unknown>): DataCheck {
  const known = new Set<string>();
  for (const rule of schema.fields) {
    known.add(rule.name);
    const present = Object.prototype.hasOwnProperty.call(data, rule.name) && data[rule.name] !== null;
    if (!present) {
      if (rule.required) return { ok: false, field: `data.${rule.name}`, message: `data.${rule.name} is required` };
      continue;
    }
    const problem = checkField(rule, data[rule.name]);
    if (problem) return { ok: false, field: `data.${rule.name}`, message: `data.${rule.name} ${problem}` };
  }
  if (!schema.additionalFields) {
    const extra = Object.keys(data).find((k) => !known.has(k));
    if (extra !== undefined) return { ok: false, field: `data.${extra}`, message: `data.${extra} is not a field of '${schema.type}' events` };
  }
  return { ok: true };
}
