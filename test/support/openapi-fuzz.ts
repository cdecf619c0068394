import fc from 'fast-check';

// Arbitrary requests for every operation an OpenAPI document lists: schema-shaped bodies with
// mutations (null, wrong types, deep nesting, huge numbers, lone surrogates, prototype keys),
// path ids from a pool of real ones or junk, random query values and content types.

export interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
}

interface Parameter {
  name: string;
  in: string;
  schema?: Schema;
}

export interface OpenApiDoc {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface FuzzOperation {
  app: string;
  method: string;
  path: string;
  pathParams: string[];
  query: Parameter[];
  body?: Schema;
  /** The form schema of a multipart/form-data operation (an upload). */
  multipart?: Schema;
  doc: OpenApiDoc;
}

/** What fast-check prints on failure, so it stays short: the operation by name, not the document. */
export interface FuzzRequest {
  op: string;
  app: string;
  method: string;
  path: string;
  body?: string;
  contentType?: string;
  role: string;
}

/** Every (method, path) of a document; `bodyFor` supplies a schema the document leaves out. */
export function operationsOf(doc: OpenApiDoc, app: string, bodyFor: (path: string) => Schema | undefined = () => undefined): FuzzOperation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      app,
      method: method.toUpperCase(),
      path,
      pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
      query: (op.parameters ?? []).filter((p) => p.in === 'query'),
      body: op.requestBody?.content?.['application/json']?.schema ?? bodyFor(path),
      multipart: op.requestBody?.content?.['multipart/form-data']?.schema,
      doc,
    })),
  );
}

const PROTO_KEYS = ['constructor', '__proto__', 'prototype', 'toString', 'hasOwnProperty', ''];

/** Builds an object whose keys may be "__proto__" as own data properties, as JSON.parse makes them. */
function objectFrom(entries: [string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

const nest = (depth: number, leaf: unknown): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 ? { k: value } : [value];
  return value;
};

const shortWeird: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '\ud800', 'a\udfffb', '\u0000', 'x\u0000y', '%00', '💥', '参与', ' ', 'null', 'true', '1e309', '-1', '0',
      '2026-02-30T10:00:00+08:00', '2026-03-03T10:00:00', '+275760-09-13T00:00:00.000Z', '24:00', '23:59', 'Asia/Shanghai', 'Mars/Olympus',
      'purchase', 'post', 'social-post', 'sandbox', 'webhook', 'live', 'ended', 'admin', "'; DROP TABLE campaign; --", '../../etc/passwd',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(129, 201, 2001).map((n) => 'x'.repeat(n)) },
);

/** Strings for bodies: short junk, and now and then one far past any field's limit. */
export const weirdString: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: shortWeird },
  { weight: 1, arbitrary: fc.constantFrom(70_000, 400_000).map((n) => 'x'.repeat(n)) },
);

const weirdNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: -10, max: 1000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -0, 0.5, 1e-320, 2 ** 31, 999_999_999_999),
);

const key = fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 8 }), fc.constantFrom('k\ud800', 'a\u0000'));

/** Any JSON value, biased to what breaks servers. */
export const wild: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    weirdNumber,
    weirdString,
    fc.integer({ min: 20, max: 40 }).map((d) => nest(d, 1)),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.array(fc.tuple(key, tie('v')), { maxLength: 4 }).map(objectFrom),
  ),
})).v;

function resolve(schema: Schema, doc: OpenApiDoc): Schema {
  const ref = schema.$ref?.replace('#/components/schemas/', '');
  return ref ? (doc.components?.schemas?.[ref] ?? {}) : schema;
}

/** A value shaped like `schema`, each field now and then null or wild. */
export function shaped(schema: Schema, doc: OpenApiDoc): fc.Arbitrary<unknown> {
  const s = resolve(schema, doc);
  const field = (f: Schema) => fc.oneof({ weight: 8, arbitrary: shaped(f, doc) }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: wild });
  const variants = s.oneOf ?? s.anyOf ?? (s.allOf?.length ? [s.allOf[0]] : undefined);
  if (variants) return fc.oneof(...variants.map((v) => shaped(v, doc)));
  if (s.enum) return fc.constantFrom(...s.enum);
  const byType: fc.Arbitrary<unknown> = s.properties
    ? fc.record(Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, field(v)])), { requiredKeys: s.required ?? [] })
    : s.type === 'array' && s.items
      ? fc.array(field(s.items), { maxLength: 3 })
      : s.type === 'string'
        ? weirdString
        : s.type === 'integer' || s.type === 'number'
          ? weirdNumber
          : s.type === 'boolean'
            ? fc.boolean()
            : wild;
  return s.example === undefined ? byType : fc.oneof({ weight: 3, arbitrary: fc.constant(s.example) }, { weight: 1, arbitrary: byType });
}

/** Percent-encodes any string (lone surrogates become U+FFFD, as UTF-8 must). */
export const pct = (value: string): string =>
  [...Buffer.from(value, 'utf8')].map((b) => (/[A-Za-z0-9._~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0').toUpperCase()}`)).join('');

const CONTENT_TYPES = [
  'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml',
  'application/json; charset=latin1', 'application/json; charset=utf-8', 'application/merge-patch+json', 'application/jsonx',
];
const RAW_BODIES = ['{', 'null', '"x"', '1', '[]', '{"a":1}{', '{"a":1,}', ''];

const BOUNDARY = 'fuzzBoundary7MA4YWxk';

// File contents: a real audio signature (RIFF/WAVE, ID3, OggS, AMR) with junk after it, or junk.
const audioLike: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('RIFF\u0010\u0000\u0000\u0000WAVEfmt ', 'ID3\u0004\u0000\u0000', 'OggS\u0000\u0002', '#!AMR\n'), fc.string({ maxLength: 200 }))
  .map(([sig, rest]) => sig + rest);
const fileContent: fc.Arbitrary<string> = fc.oneof(audioLike, shortWeird, fc.constant(''));

/**
 * A multipart/form-data body for `schema`: mostly a well-formed form (required fields once,
 * optional ones now and then, a file part for binary ones) so the handler's happy path runs,
 * else one with parts missing, doubled or unknown, odd labels and a broken ending.
 */
function multipartBody(schema: Schema, doc: OpenApiDoc): fc.Arbitrary<{ body: string; contentType: string }> {
  const s = resolve(schema, doc);
  const props = Object.entries(s.properties ?? {});
  const required = new Set(s.required ?? []);
  const filePart = (name: string, content: fc.Arbitrary<string>, label: fc.Arbitrary<string>) =>
    fc.tuple(content, label).map(([c, type]) => `--${BOUNDARY}\r\ncontent-disposition: form-data; name="${name}"; filename="clip.wav"\r\ncontent-type: ${type}\r\n\r\n${c}\r\n`);
  const textPart = (name: string, value: fc.Arbitrary<unknown>) =>
    value.map((v) => `--${BOUNDARY}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${typeof v === 'string' ? v : JSON.stringify(v)}\r\n`);
  const close = `--${BOUNDARY}--\r\n`;
  const clean = fc
    .tuple(
      ...props.map(([name, p]) => {
        const one = p.format === 'binary' ? filePart(name, audioLike, fc.constant('audio/wav')) : textPart(name, p.example !== undefined ? fc.constant(p.example) : shaped(p, doc));
        return required.has(name) ? one : fc.option(one, { freq: 2 });
      }),
    )
    .map((parts) => ({ body: parts.filter((x) => x !== null).join('') + close, contentType: `multipart/form-data; boundary=${BOUNDARY}` }));
  const part = ([name, p]: [string, Schema]) =>
    p.format === 'binary' ? filePart(name, fileContent, fc.constantFrom('audio/wav', 'application/octet-stream', 'text/plain', 'image/png')) : textPart(name, shaped(p, doc));
  const parts = fc.tuple(...props.map((prop) => fc.oneof({ weight: 6, arbitrary: part(prop).map((x) => [x]) }, { weight: 1, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.tuple(part(prop), part(prop)) })));
  const extra = fc.option(fc.tuple(key, shortWeird).map(([k, v]) => `--${BOUNDARY}\r\ncontent-disposition: form-data; name="${k.replace(/"/g, '')}"\r\n\r\n${v}\r\n`), { freq: 6 });
  const ending = fc.oneof({ weight: 8, arbitrary: fc.constant(close) }, { weight: 1, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constant(`--${BOUNDARY.slice(0, 5)}`) });
  const contentType = fc.oneof(
    { weight: 10, arbitrary: fc.constant(`multipart/form-data; boundary=${BOUNDARY}`) },
    { weight: 1, arbitrary: fc.constantFrom('multipart/form-data', 'multipart/form-data; boundary=other', 'application/json', 'multipart/mixed; boundary=' + BOUNDARY) },
  );
  const mutated = fc.record({ parts, extra, ending, contentType }).map(({ parts: ps, extra: x, ending: end, contentType: ct }) => ({ body: ps.flat().join('') + (x ?? '') + end, contentType: ct }));
  return fc.oneof({ weight: 2, arbitrary: clean }, { weight: 1, arbitrary: mutated });
}

/** One request for one operation; `pool` maps path parameter names to real ids. */
export function requestFor(op: FuzzOperation, pool: Record<string, string[]>, roles: string[]): fc.Arbitrary<FuzzRequest> {
  const everything = [...new Set(Object.values(pool).flat())];
  const param = (name: string) =>
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...(pool[name] ?? everything)) },
      { weight: 2, arbitrary: fc.constantFrom(...everything) },
      { weight: 1, arbitrary: fc.uuid() },
      { weight: 2, arbitrary: shortWeird.map(pct) },
      { weight: 1, arbitrary: fc.constantFrom('%ED%A0%80', '%FF', '%00', '%2F', 'a%20b', '..') },
    );
  const queryValue = (p: { schema?: Schema }) =>
    fc.oneof(
      shaped(p.schema ?? {}, op.doc).map((v) => (typeof v === 'string' ? v : JSON.stringify(v) ?? '').slice(0, 3000)),
      shortWeird,
      fc.constantFrom(...everything),
      fc.base64String({ maxLength: 80 }),
    );
  const maybe = <T>(arb: fc.Arbitrary<T>, absent: number) => fc.oneof({ weight: absent, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
  const queryEntries = fc.tuple(
    ...op.query.map((p) => maybe(queryValue(p).map((v) => [p.name, v] as const), 1)),
    maybe(fc.tuple(key, shortWeird), 6),
  );
  if (op.multipart) return multipartRequest(op, op.multipart, param, roles);
  const bodyText = op.body
    ? fc.oneof(
        { weight: 8, arbitrary: shaped(op.body, op.doc).map((v) => JSON.stringify(v)) },
        { weight: 2, arbitrary: wild.map((v) => JSON.stringify(v)) },
        { weight: 1, arbitrary: fc.constantFrom(...RAW_BODIES, `[${'['.repeat(3000)}${']'.repeat(3000)}]`) },
      )
    : fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: wild.map((v) => JSON.stringify(v)) });
  const contentType = fc.oneof(
    { weight: 10, arbitrary: fc.constant('application/json') },
    { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
  return fc
    .record({
      params: fc.tuple(...op.pathParams.map(param)),
      query: queryEntries,
      body: bodyText,
      contentType,
      role: fc.oneof({ weight: 8, arbitrary: fc.constant(roles[0]) }, { weight: 3, arbitrary: fc.constantFrom(...roles) }),
    })
    .map(({ params, query, body, contentType: ct, role }) => {
      let path = op.path;
      op.pathParams.forEach((name, i) => (path = path.replace(`{${name}}`, params[i])));
      const qs = query.filter((q) => q !== undefined).map(([k, v]) => `${pct(k)}=${pct(v)}`);
      return { op: `${op.app} ${op.method} ${op.path}`, app: op.app, method: op.method, path: qs.length ? `${path}?${qs.join('&')}` : path, body, contentType: ct, role };
    });
}

function multipartRequest(op: FuzzOperation, schema: Schema, param: (name: string) => fc.Arbitrary<string>, roles: string[]): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      params: fc.tuple(...op.pathParams.map(param)),
      form: fc.oneof({ weight: 8, arbitrary: multipartBody(schema, op.doc) }, { weight: 1, arbitrary: wild.map((v) => ({ body: JSON.stringify(v), contentType: 'application/json' })) }),
      role: fc.oneof({ weight: 8, arbitrary: fc.constant(roles[0]) }, { weight: 3, arbitrary: fc.constantFrom(...roles) }),
    })
    .map(({ params, form, role }) => {
      let path = op.path;
      op.pathParams.forEach((name, i) => (path = path.replace(`{${name}}`, params[i])));
      return { op: `${op.app} ${op.method} ${op.path}`, app: op.app, method: op.method, path, body: form.body, contentType: form.contentType, role };
    });
}
