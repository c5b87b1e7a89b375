/**
 * Fuzzing every route of the OpenAPI document of a running Vigie (SQLite, then PostgreSQL):
 * fast-check sends bad path parameters, query strings and bodies (wrong types, huge numbers,
 * deep nesting, long strings, unicode, nothing at all), with an admin token, a bad one and
 * none, and no answer may be a 5xx; `/healthz` must still answer afterwards.
 *
 * Bodies of monitor writes are mutations of monitors that only reach 127.0.0.1 (a mutated leaf
 * gets a value of another type, never a new target), so no check leaves the machine.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { generateToken, hashToken } from '../../src/api/tokens.js';
import { DIALECTS, dialectAvailable } from '../helpers/databases.js';
import { appDatabase, type AppDatabase } from '../helpers/app-database.js';

const BEAT = randomBytes(16).toString('hex');
const TRAFFIC = randomBytes(16).toString('hex');
/** Runs per route: more for routes with more inputs; PostgreSQL runs a share of them. */
const RUN_SHARE: Record<string, number> = { sqlite: 1, postgres: 0.4 };

function runsFor(operation: Operation, dialect: string): number {
  const inputs = (operation.parameters ?? []).length + (operation.requestBody ? 3 : 0);
  return Math.ceil(Math.min(90, 10 + 12 * inputs) * RUN_SHARE[dialect]!);
}

const CONFIG = `server: { host: 127.0.0.1, port: 0 }
monitors:
  - id: beat
    interval: 1h
    heartbeat: { token: ${BEAT}, period: 10m }
  - id: calls
    interval: 1h
    traffic: { token: ${TRAFFIC}, bucket: 5m, volume: attempts, drop: { below_percent: 50 } }
  - id: port
    interval: 1h
    tcp: { host: 127.0.0.1, port: 9 }
services:
  - id: site
    components: [port, beat]
maintenance:
  - id: nightly
    monitors: [port]
    start: "2026-03-22T02:30"
    rrule: FREQ=DAILY
    duration: 1h
`;

type Json = Record<string, unknown>;
interface Parameter { name: string; in: 'path' | 'query'; schema?: Json; description?: string }
interface Operation { method: string; path: string; parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Json }> } }
interface Request { url: string; method: string; headers: Record<string, string>; body?: string }

/** Monitors that only reach loopback, as bases for mutated monitor bodies. */
const MONITOR_BASES: Json[] = [
  { id: 'fz-http', paused: true, interval: '1h', tags: ['a'], http: { url: 'http://127.0.0.1:9/', headers: { Authorization: 'Bearer x' } } },
  { id: 'fz-tcp', paused: true, interval: '1h', confirmations: { down: 2, up: 1 }, tcp: { host: '127.0.0.1', port: 9 } },
  { id: 'fz-beat', interval: '1h', heartbeat: { token: 'a'.repeat(32), period: '10m' } },
];

const KNOWN_IDS = ['beat', 'calls', 'port', 'site', 'nightly', '1', BEAT, TRAFFIC];

/** Nested arrays or objects, `depth` levels, built without recursion. */
function nested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

const hugeNumbers = fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, 8_640_000_000_000_001, -8_640_000_000_000_001, -0, 0.1, -1, 2 ** 31, 1e21);
const oddStrings = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('', ' ', '\u0000', '%', '..', '../../etc/passwd', '[redacted]', 'NaN', 'Infinity', '1e309', '-1', '99999999999999999999', '8640000000000001', '2026-02-30T25:61:00Z', '-271821-04-20T00:00:00Z', '<script>', '🙂'.repeat(40), 'é\u0301', '\uD800'),
  fc.integer({ min: 70, max: 20_000 }).map((n) => 'x'.repeat(n)),
);
/** Times at and past the edges of what a JavaScript Date holds. */
const edgeTimes = fc.constantFrom('0', '8640000000000000', '8640000000000001', '9007199254740993', '-271821-04-20T00:00:00Z', '+275760-09-13T00:00:00Z', '1969-12-31T23:59:59Z', '9999-12-31T23:59:59.999Z', '10000-01-01T00:00:00Z');

/** Any JSON value a careless or hostile client may send. */
const chaos: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom(null, true, false, [], {}), weight: 2 },
  { arbitrary: fc.integer(), weight: 1 },
  { arbitrary: hugeNumbers, weight: 2 },
  { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }), weight: 1 },
  { arbitrary: oddStrings, weight: 4 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
  { arbitrary: fc.dictionary(oddStrings, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }), weight: 1 },
);

/** Values that follow `schema` (JSON Schema from the OpenAPI document) now and then, else chaos. */
function fromSchema(schema: Json | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return chaos;
  const fitting = fitsSchema(schema, depth);
  return fitting ? fc.oneof({ arbitrary: fitting, weight: 3 }, { arbitrary: chaos, weight: 1 }) : chaos;
}

function fitsSchema(schema: Json, depth: number): fc.Arbitrary<unknown> | undefined {
  const options = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (options) return fc.oneof(...options.map((o) => fromSchema(o, depth + 1)));
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  switch (schema.type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Json>;
      const model = Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, fromSchema(s, depth + 1)]));
      const record = fc.record(model, { requiredKeys: (schema.required ?? []) as string[] });
      const extra = schema.additionalProperties;
      if (extra && typeof extra === 'object') return fc.tuple(record, fc.dictionary(oddStrings, fromSchema(extra as Json, depth + 1), { maxKeys: 3 })).map(([a, b]) => ({ ...b, ...a }));
      return record;
    }
    case 'array':
      return fc.array(fromSchema(schema.items as Json | undefined, depth + 1), { maxLength: 4 });
    case 'string':
      return oddStrings;
    case 'integer':
    case 'number':
      return fc.oneof(fc.integer({ min: -5, max: 100 }), hugeNumbers);
    case 'boolean':
      return fc.boolean();
    default:
      return undefined;
  }
}

/** A monitor base with some leaves replaced by values of another type (never by a new target). */
const mutatedMonitor: fc.Arbitrary<unknown> = fc
  .tuple(
    fc.constantFrom(...MONITOR_BASES),
    fc.oneof({ arbitrary: fc.constant([]), weight: 1 }, { arbitrary: fc.array(fc.tuple(fc.nat(), chaos), { minLength: 1, maxLength: 3 }), weight: 2 }),
    fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 6 },
      { arbitrary: fc.stringMatching(/^fz-[a-z0-9]{1,6}$/), weight: 3 },
      { arbitrary: oddStrings.filter((s) => !s.includes('.')), weight: 1 },
    ),
  )
  .map(([base, swaps, newId]) => {
    const copy = structuredClone(base) as Json;
    if (newId !== undefined) copy.id = newId;
    for (const [at, value] of swaps) {
      const slots = leaves(copy);
      const [parent, key] = slots[at % slots.length]!;
      const typeOf = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
      parent[key] = typeOf(value) === typeOf(parent[key]) ? [value] : value;
    }
    return copy;
  });

function leaves(value: Json): Array<[Json, string]> {
  const out: Array<[Json, string]> = [];
  const stack: Json[] = [value];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const [k, v] of Object.entries(node)) {
      out.push([node, k]);
      if (v !== null && typeof v === 'object') stack.push(v as Json);
    }
  }
  return out;
}

const isTimeParameter = (name: string) => ['from', 'to', 'since', 'until', 'at'].includes(name);

/** A query value the route accepts. */
function acceptedText(parameter: Parameter): fc.Arbitrary<string> {
  const schema = parameter.schema ?? {};
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as string[]));
  if (schema.type === 'integer' || schema.type === 'number') return fc.integer({ min: 0, max: 50 }).map(String);
  if (schema.type === 'boolean') return fc.constantFrom('true', 'false');
  if (isTimeParameter(parameter.name)) {
    return fc.oneof(fc.date({ min: new Date(0), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()), fc.integer({ min: 0, max: 4e12 }).map(String));
  }
  return fc.constantFrom(...KNOWN_IDS);
}

/** A query value the route should refuse: out of range, of another type, repeated. */
function refusedText(parameter: Parameter): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: isTimeParameter(parameter.name) ? edgeTimes : oddStrings, weight: 3 },
    oddStrings,
    hugeNumbers.map(String),
    fc.array(oddStrings, { minLength: 2, maxLength: 3 }),
  );
}

/** Optional query values: most are left out, so that one fault is not hidden behind another check. */
function acceptedQuery(parameters: Parameter[]): fc.Arbitrary<Record<string, unknown>> {
  const each = parameters.map((p) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary: acceptedText(p), weight: 1 }).map((v) => [p.name, v] as const));
  return fc.tuple(...each).map((pairs) => Object.fromEntries(pairs.filter(([, v]) => v !== undefined)));
}

/** Ids that exist, for the route's resource, so that most requests get past the lookup. */
function knownIds(path: string): string[] {
  if (path.includes('{token}')) return path.startsWith('/api/v1/metrics') ? [TRAFFIC] : [BEAT];
  if (path.endsWith('/traffic')) return ['calls'];
  if (path.startsWith('/api/v1/monitors')) return ['beat', 'calls', 'port', ...MONITOR_BASES.map((m) => m.id as string)];
  if (path.startsWith('/api/v1/services')) return ['site'];
  if (path.startsWith('/api/v1/maintenance')) return ['nightly'];
  if (path.startsWith('/api/v1/incidents')) return ['1', '2'];
  return KNOWN_IDS;
}

const badPathParam = fc.oneof(
  { arbitrary: oddStrings.map(encodeURIComponent), weight: 3 },
  { arbitrary: fc.constantFrom('%', '%zz', '%00', '%C0%AF', '..%2F..', '1%20OR%201=1', '%F0%9F%99%82'), weight: 1 },
);

interface Body { type: string; text: string }
interface Draft { path: string[]; query: Record<string, unknown>; auth: 'admin' | 'none' | 'garbage'; body: Body | undefined }

/**
 * Requests to one route: a request the route accepts (known ids, an admin token, accepted query
 * values, a body shaped by its schema with some fields of the wrong kind), then up to two faults
 * (a bad path parameter, query value or extra parameter, another body, no or a bad token), so
 * that each fault reaches the code behind the checks that the others would stop at.
 */
function requestFor(base: string, operation: Operation, tokens: { admin: string }): fc.Arbitrary<Request> {
  const params = operation.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  // Monitor writes (POST, PUT, PATCH) only get mutated loopback monitors; PUT and PATCH take the id from the path.
  const monitorWrite = /^\/api\/v1\/monitors(\/\{id\})?$/.test(operation.path) && operation.method !== 'GET' && operation.method !== 'DELETE';
  const monitorBody = operation.method === 'POST' ? mutatedMonitor : mutatedMonitor.map((m) => Object.fromEntries(Object.entries(m as Json).filter(([k]) => k !== 'id')));
  const bodySchema = operation.requestBody?.content['application/json']?.schema;
  const takesBody = operation.requestBody !== undefined || operation.method !== 'GET';
  const shapedBody: fc.Arbitrary<Body | undefined> = takesBody
    ? (monitorWrite ? monitorBody : fromSchema(bodySchema)).map((v) => ({ type: 'application/json', text: JSON.stringify(v) ?? 'null' }))
    : fc.constant(undefined);
  const otherBody: fc.Arbitrary<Body | undefined> = fc.oneof(
    chaos.map((v) => ({ type: 'application/json', text: JSON.stringify(v) ?? 'null' })),
    fc.tuple(fc.integer({ min: 60, max: 5000 }), fc.constantFrom('array', 'object') as fc.Arbitrary<'array' | 'object'>).map(([d, k]) => ({ type: 'application/json', text: nested(d, k) })),
    oddStrings.map((text) => ({ type: 'application/json', text })),
    fc.dictionary(oddStrings, oddStrings, { maxKeys: 4 }).map((d) => ({ type: 'application/x-www-form-urlencoded', text: new URLSearchParams(d).toString() })),
    fc.constantFrom('text/plain', 'application/json; charset=latin1', 'multipart/form-data', '').map((type) => ({ type, text: '{}' })),
    fc.constant(undefined),
  );
  type Fault = (draft: Draft) => Draft;
  const faults: Array<fc.WeightedArbitrary<Fault>> = [
    { arbitrary: fc.constantFrom<Fault>((d) => ({ ...d, auth: 'none' }), (d) => ({ ...d, auth: 'garbage' })), weight: 1 },
    ...(takesBody ? [{ arbitrary: otherBody.map((body): Fault => (d) => ({ ...d, body })), weight: 4 }] : []),
    { arbitrary: fc.dictionary(oddStrings, oddStrings, { minKeys: 1, maxKeys: 2 }).map((extra): Fault => (d) => ({ ...d, query: { ...extra, ...d.query } })), weight: 1 },
    ...pathParams.map((_p, i) => ({ arbitrary: badPathParam.map((value): Fault => (d) => ({ ...d, path: d.path.map((v, j) => (j === i ? value : v)) })), weight: 2 })),
    ...queryParams.map((p) => ({ arbitrary: refusedText(p).map((value): Fault => (d) => ({ ...d, query: { ...d.query, [p.name]: value } })), weight: 4 })),
  ];
  const draft = fc.record({
    path: fc.tuple(...pathParams.map(() => fc.constantFrom(...knownIds(operation.path)))),
    query: acceptedQuery(queryParams),
    auth: fc.constant('admin' as const),
    body: shapedBody,
  });
  return fc.tuple(draft, fc.array(fc.oneof(...faults), { maxLength: 2 })).map(([start, chosen]) => {
    const d = chosen.reduce((acc, fault) => fault(acc), start as Draft);
    let i = 0;
    const url = operation.path.replace(/\{[^}]+\}/g, () => d.path[i++] as string);
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(d.query)) {
      for (const item of Array.isArray(v) ? v : [v]) search.append(k, typeof item === 'string' ? item : JSON.stringify(item) ?? '');
    }
    const headers: Record<string, string> = {};
    if (d.auth === 'admin') headers.authorization = `Bearer ${tokens.admin}`;
    if (d.auth === 'garbage') headers.authorization = 'Bearer vigie_' + 'A'.repeat(32);
    if (d.body?.type) headers['content-type'] = d.body.type;
    const q = search.toString();
    return { url: `${base}${url}${q ? `?${q}` : ''}`, method: operation.method, headers, ...(d.body ? { body: d.body.text } : {}) };
  });
}

/** Sends the request; returns the status and, for a 5xx, the answer. An event stream is not read. */
async function answer(request: Request): Promise<{ status: number; text: string }> {
  const res = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body, signal: AbortSignal.timeout(20_000) });
  if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    await res.body?.cancel();
    return { status: res.status, text: '' };
  }
  return { status: res.status, text: await res.text() };
}

for (const dialect of DIALECTS) {
  describe(`fuzzing every API route (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'API fuzz tests');
    let db: AppDatabase;
    let app: App;
    const tokens = { admin: generateToken() };
    let operations: Operation[] = [];

    beforeAll(async () => {
      if (!available) return;
      db = appDatabase(dialect);
      const configPath = join(db.dir, 'vigie.yaml');
      writeFileSync(configPath, CONFIG);
      app = await startApp({ ...db.appOptions(configPath), watch: false });
      await app.store.tokens.create({ id: randomUUID(), name: 'fuzz-admin', role: 'admin', tokenHash: hashToken(tokens.admin) }, Date.now());
      const document = (await (await fetch(`${app.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, Operation>> };
      operations = Object.entries(document.paths).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, op]) => ({ ...op, method: method.toUpperCase(), path })),
      );
    }, 60_000);

    afterAll(async () => {
      if (!available) return;
      await app?.close();
      await db.cleanup();
    });

    it.skipIf(!available)('answers no route with a 5xx, and /healthz still answers', async () => {
      expect(operations.length).toBeGreaterThan(30);
      const failures: string[] = [];
      for (const operation of operations) {
        // The admin token must survive: a DELETE of a token takes only generated ids.
        await fc.assert(
          fc.asyncProperty(requestFor(app.url, operation, tokens), async (request) => {
            const what = `${operation.method} ${operation.path}: ${request.method} ${request.url.slice(0, 300)} body ${String(request.body).slice(0, 300)}`;
            try {
              const { status, text } = await answer(request);
              if (status >= 500) failures.push(`${what} → ${status} ${text.slice(0, 300)}`);
              return status < 500;
            } catch (error) {
              failures.push(`${what} → ${String((error as Error).cause ?? error)}`);
              return false;
            }
          }),
          { numRuns: runsFor(operation, dialect), endOnFailure: true },
        ).catch(() => undefined);
      }
      expect(failures).toEqual([]);
      const health = await fetch(`${app.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', database: 'ok' });
    }, 300_000); // every route of the OpenAPI document, hundreds of requests each: minutes on a loaded 2-core machine
  });
}
