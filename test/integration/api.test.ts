/**
 * The REST API against a real store (SQLite and PostgreSQL), a real engine and a loopback HTTP
 * target: auth per role, monitor CRUD and its errors, history, tokens, OpenAPI, health, metrics.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildServer } from '../../src/api/build-server.js';
import { generateToken, hashToken } from '../../src/api/tokens.js';
import { Bus } from '../../src/engine/bus.js';
import { Engine } from '../../src/engine/engine.js';
import { initialState } from '../../src/engine/monitor-state.js';
import { monitorInputSchema, toDefinition } from '../../src/monitors/monitor.schema.js';
import type { Role, Store } from '../../src/storage/store.js';
import { DIALECTS, dialectAvailable, withStore } from '../helpers/databases.js';
import { startHttpServer, type TestServer } from '../helpers/http-server.js';

interface Api {
  app: FastifyInstance;
  engine: Engine;
  bus: Bus;
  target: TestServer;
  tokens: Record<Role, string>;
  close(): Promise<void>;
}

async function startApi(store: Store): Promise<Api> {
  const logger = pino({ level: 'silent' });
  const bus = new Bus();
  const engine = new Engine(store, bus, logger, { batch: { size: 100, intervalMs: 50 }, shutdownGraceMs: 2000 });
  const target = await startHttpServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'));
  const fileMonitor = monitorInputSchema.parse({ id: 'file-web', tags: ['file'], interval: '1h', http: { url: `${target.origin}/` } });
  await engine.start([toDefinition(fileMonitor)]);
  const app = await buildServer({ store, control: engine, bus, metrics: { registry: engine.metrics.registry }, logger, version: '9.9.9-test' });
  const tokens = {} as Record<Role, string>;
  for (const role of ['viewer', 'editor', 'admin'] as const) {
    tokens[role] = generateToken();
    await store.tokens.create({ id: `tok-${role}`, name: `${role}-bot`, role, tokenHash: hashToken(tokens[role]) }, Date.now());
  }
  return {
    app, engine, bus, target, tokens,
    async close() {
      await app.close();
      await engine.stop();
      await target.close();
    },
  };
}

for (const dialect of DIALECTS) {
  const available = await dialectAvailable(dialect, 'api');
  describe.skipIf(!available)(`REST API over ${dialect}`, () => {
    const db = withStore(dialect);
    let api: Api;
    beforeAll(async () => {
      api = await startApi(db.store);
    }, 60_000);
    afterAll(async () => api?.close(), 60_000);

    const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, role: Role | null = 'admin', payload?: unknown) =>
      api.app.inject({ method, url, headers: role ? { authorization: `Bearer ${api.tokens[role]}` } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });
    const httpMonitor = (id: string, extra: Record<string, unknown> = {}) => ({ id, interval: '1h', http: { url: `${api.target.origin}/${id}` }, ...extra });

    describe('authentication and roles', () => {
      it('answers 401 with a Bearer challenge without a token or with a bad one', async () => {
        const none = await call('GET', '/api/v1/monitors', null);
        expect(none.statusCode).toBe(401);
        expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
        expect(none.json()).toMatchObject({ error: 'unauthorized', message: expect.stringContaining('Authorization: Bearer') });

        for (const header of [`Bearer ${generateToken()}`, 'Bearer not-a-token', `Basic ${Buffer.from('a:b').toString('base64')}`]) {
          const bad = await api.app.inject({ method: 'GET', url: '/api/v1/monitors', headers: { authorization: header } });
          expect(bad.statusCode).toBe(401);
          expect(bad.headers['www-authenticate']).toMatch(/^Bearer/);
        }
      });

      it('refuses a revoked token', async () => {
        const secret = generateToken();
        await db.store.tokens.create({ id: 'tok-revoked', name: 'old', role: 'admin', tokenHash: hashToken(secret) }, Date.now());
        const ok = await api.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: { authorization: `Bearer ${secret}` } });
        expect(ok.statusCode).toBe(200);
        expect((await call('DELETE', '/api/v1/tokens/tok-revoked')).statusCode).toBe(204);
        const after = await api.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: { authorization: `Bearer ${secret}` } });
        expect(after.statusCode).toBe(401);
      });

      it('lets each role do what it may and answers 403 naming the role needed', async () => {
        expect((await call('GET', '/api/v1/monitors', 'viewer')).statusCode).toBe(200);
        const write = await call('POST', '/api/v1/monitors', 'viewer', httpMonitor('viewer-try'));
        expect(write.statusCode).toBe(403);
        expect(write.json()).toMatchObject({ error: 'forbidden', message: expect.stringContaining('"editor"') });
        expect((await call('POST', '/api/v1/monitors/file-web/pause', 'viewer')).statusCode).toBe(403);

        const tokens = await call('GET', '/api/v1/tokens', 'editor');
        expect(tokens.statusCode).toBe(403);
        expect(tokens.json().message).toContain('"admin"');
        expect((await call('GET', '/api/v1/tokens', 'admin')).statusCode).toBe(200);
      });

      it('checks the role before reading the body', async () => {
        const res = await api.app.inject({ method: 'POST', url: '/api/v1/monitors', headers: { authorization: `Bearer ${api.tokens.viewer}`, 'content-type': 'application/json' }, payload: '{not json' });
        expect(res.statusCode).toBe(403);
      });

      it('records when a token was last used', async () => {
        await call('GET', '/api/v1/monitors', 'viewer');
        const list = (await call('GET', '/api/v1/tokens')).json();
        const viewer = list.items.find((t: { id: string }) => t.id === 'tok-viewer');
        expect(viewer.lastUsedAt).toEqual(expect.any(String));
        expect(Number.isNaN(Date.parse(viewer.lastUsedAt))).toBe(false);
      });
    });

    describe('monitor writes', () => {
      it('creates a monitor, shows it, and schedules it in the engine', async () => {
        const created = await call('POST', '/api/v1/monitors', 'editor', httpMonitor('api-web', { name: 'API web', tags: ['web', 'prod'], timeout: '5s' }));
        expect(created.statusCode).toBe(201);
        expect(created.json()).toMatchObject({
          id: 'api-web', name: 'API web', type: 'http', source: 'api', tags: ['web', 'prod'], paused: false,
          intervalMs: 3_600_000, timeoutMs: 5000, input: { id: 'api-web', interval: '1h', timeout: '5s' },
          state: { state: 'pending', flapping: false },
        });
        const read = await call('GET', '/api/v1/monitors/api-web', 'viewer');
        expect(read.json()).toEqual(created.json());

        const run = await call('POST', '/api/v1/monitors/api-web/run', 'editor');
        expect(run.statusCode).toBe(200);
        expect(run.json()).toMatchObject({ monitorId: 'api-web', status: 'up', latencyMs: expect.any(Number), at: expect.any(String) });
      });

      it('answers 409 for an id that exists, from the API or the file', async () => {
        await call('POST', '/api/v1/monitors', 'editor', httpMonitor('dup'));
        const again = await call('POST', '/api/v1/monitors', 'editor', httpMonitor('dup'));
        expect(again.statusCode).toBe(409);
        expect(again.json()).toMatchObject({ error: 'conflict', message: expect.stringContaining('"dup" already exists') });
        const file = await call('POST', '/api/v1/monitors', 'editor', httpMonitor('file-web'));
        expect(file.statusCode).toBe(409);
        expect(file.json().message).toContain('configuration file');
      });

      it('answers 400 with the path of each bad field', async () => {
        const badUrl = await call('POST', '/api/v1/monitors', 'editor', { id: 'bad', http: { url: 'not a url' } });
        expect(badUrl.statusCode).toBe(400);
        expect(badUrl.json()).toMatchObject({ error: 'invalid_request', issues: [{ path: 'http.url', message: 'must be an absolute http(s) URL' }] });
        expect(badUrl.json().message).toContain('http.url');

        const several = (await call('POST', '/api/v1/monitors', 'editor', { id: 'Bad Id', interval: '10s', timeout: '1m', tags: ['ok', ''], colour: 'red', http: { url: 'http://127.0.0.1/' } })).json();
        const paths = several.issues.map((i: { path: string }) => i.path);
        expect(paths).toEqual(expect.arrayContaining(['id', 'tags[1]', 'colour']));
        expect(several.issues.find((i: { path: string }) => i.path === 'colour').message).toBe('is not a known field');

        const timeout = (await call('POST', '/api/v1/monitors', 'editor', { id: 'slow', interval: '10s', timeout: '1m', http: { url: 'http://127.0.0.1/' } })).json();
        expect(timeout.issues).toEqual([{ path: 'timeout', message: 'must not be longer than the interval' }]);

        const noCheck = (await call('POST', '/api/v1/monitors', 'editor', { id: 'nothing' })).json();
        expect(noCheck.issues[0].message).toContain('needs exactly one check block');
      });

      it('answers 400 for a body that is not JSON or missing', async () => {
        const broken = await api.app.inject({ method: 'POST', url: '/api/v1/monitors', headers: { authorization: `Bearer ${api.tokens.editor}`, 'content-type': 'application/json' }, payload: '{"id": ' });
        expect(broken.statusCode).toBe(400);
        expect(broken.json()).toMatchObject({ error: 'invalid_request', message: expect.stringContaining('not valid JSON') });
        const missing = await call('POST', '/api/v1/monitors', 'editor');
        expect(missing.statusCode).toBe(400);
        expect(missing.json().message).toContain('JSON body');
      });

      it('replaces an API monitor, with the id from the path or matching it', async () => {
        await call('POST', '/api/v1/monitors', 'editor', httpMonitor('to-edit'));
        const { id: _id, ...withoutId } = httpMonitor('to-edit', { name: 'Edited' });
        const put = await call('PUT', '/api/v1/monitors/to-edit', 'editor', withoutId);
        expect(put.statusCode).toBe(200);
        expect(put.json()).toMatchObject({ id: 'to-edit', name: 'Edited', input: { id: 'to-edit', name: 'Edited' } });

        const mismatch = await call('PUT', '/api/v1/monitors/to-edit', 'editor', httpMonitor('other-id'));
        expect(mismatch.statusCode).toBe(400);
        expect(mismatch.json().issues).toEqual([{ path: 'id', message: expect.stringContaining('"to-edit"') }]);

        const invalid = await call('PUT', '/api/v1/monitors/to-edit', 'editor', { http: { url: 'ftp://x' } });
        expect(invalid.json().issues).toEqual([{ path: 'http.url', message: 'must be an absolute http(s) URL' }]);
      });

      it('keeps stored secrets when a monitor read through the API is sent back with [redacted]', async () => {
        const secretHeaders = { Authorization: 'Bearer s3cret', 'X-Api-Key': 'k-123', Accept: 'text/plain' };
        await call('POST', '/api/v1/monitors', 'editor', httpMonitor('with-secret', { http: { url: `${api.target.origin}/s`, headers: secretHeaders } }));
        const shown = (await call('GET', '/api/v1/monitors/with-secret', 'viewer')).json();
        expect(shown.input.http.headers).toEqual({ Authorization: '[redacted]', 'X-Api-Key': '[redacted]', Accept: 'text/plain' });

        const edited = { ...shown.input, name: 'Edited with secret', http: { ...shown.input.http, headers: { ...shown.input.http.headers, 'X-Api-Key': 'k-456' } } };
        const put = await call('PUT', '/api/v1/monitors/with-secret', 'editor', edited);
        expect(put.statusCode).toBe(200);
        expect(put.json().input.http.headers.Authorization).toBe('[redacted]');
        const stored = await db.store.monitors.get('with-secret');
        expect(stored?.input).toMatchObject({ name: 'Edited with secret', http: { headers: { Authorization: 'Bearer s3cret', 'X-Api-Key': 'k-456', Accept: 'text/plain' } } });

        const newCookie = await call('PUT', '/api/v1/monitors/with-secret', 'editor', { ...edited, http: { ...edited.http, headers: { Cookie: '[redacted]' } } });
        expect(newCookie.statusCode).toBe(400);
        expect(newCookie.json().issues).toEqual([{ path: 'http.headers.Cookie', message: expect.stringContaining('no secret is stored here') }]);
        const copied = await call('POST', '/api/v1/monitors', 'editor', { ...edited, id: 'copy-of-secret' });
        expect(copied.statusCode).toBe(400);
        expect(copied.json().issues.map((i: { path: string }) => i.path)).toEqual(['http.headers.Authorization']);
        expect((await db.store.monitors.get('with-secret'))?.input).toMatchObject({ http: { headers: { Authorization: 'Bearer s3cret' } } });
      });

      it('deletes an API monitor, then answers 404 for it', async () => {
        await call('POST', '/api/v1/monitors', 'editor', httpMonitor('to-delete'));
        const del = await call('DELETE', '/api/v1/monitors/to-delete', 'editor');
        expect(del.statusCode).toBe(204);
        expect(del.body).toBe('');
        const gone = await call('GET', '/api/v1/monitors/to-delete', 'viewer');
        expect(gone.statusCode).toBe(404);
        expect(gone.json()).toEqual({ error: 'not_found', message: 'monitor "to-delete" not found' });
      });

      it('answers 404 for unknown monitors on every monitor route', async () => {
        const routes: Array<['GET' | 'POST' | 'PUT' | 'DELETE', string]> = [
          ['GET', ''], ['PUT', ''], ['DELETE', ''], ['POST', '/pause'], ['POST', '/resume'], ['POST', '/run'],
          ['GET', '/results'], ['GET', '/uptime'], ['GET', '/transitions'],
        ];
        for (const [method, suffix] of routes) {
          const res = await call(method, `/api/v1/monitors/nope${suffix}`, 'admin', method === 'PUT' ? httpMonitor('nope') : undefined);
          expect(res.statusCode, `${method} ${suffix}`).toBe(404);
          expect(res.json()).toEqual({ error: 'not_found', message: 'monitor "nope" not found' });
        }
        expect((await call('DELETE', '/api/v1/tokens/nope')).json()).toEqual({ error: 'not_found', message: 'token "nope" not found' });
        expect((await call('GET', '/api/v1/nothing-here')).statusCode).toBe(404);
      });

      it('keeps file monitors read-only but lets them be paused and resumed', async () => {
        for (const method of ['PUT', 'DELETE'] as const) {
          const res = await call(method, '/api/v1/monitors/file-web', 'admin', method === 'PUT' ? httpMonitor('file-web') : undefined);
          expect(res.statusCode).toBe(409);
          expect(res.json()).toEqual({ error: 'read_only', message: 'monitor "file-web" is defined in the configuration file; change it there' });
        }
        const paused = await call('POST', '/api/v1/monitors/file-web/pause', 'editor');
        expect(paused.statusCode).toBe(200);
        expect(paused.json()).toMatchObject({ id: 'file-web', source: 'file', paused: true, state: { state: 'paused' } });
        const transitions = (await call('GET', '/api/v1/monitors/file-web/transitions?kind=state', 'viewer')).json();
        expect(transitions.items[0]).toMatchObject({ monitorId: 'file-web', kind: 'state', toState: 'paused', reason: 'paused by editor-bot' });

        const resumed = await call('POST', '/api/v1/monitors/file-web/resume', 'editor', {});
        expect(resumed.json()).toMatchObject({ paused: false, state: { state: 'pending' } });
      });
    });

    describe('listing', () => {
      beforeAll(async () => {
        for (let i = 1; i <= 5; i++) {
          await call('POST', '/api/v1/monitors', 'editor', httpMonitor(`list-${i}`, { tags: i % 2 ? ['odd', 'listing'] : ['even', 'listing'] }));
        }
        await call('POST', '/api/v1/monitors/list-5/pause', 'editor');
      });

      it('pages with limit and offset and counts the total', async () => {
        const first = (await call('GET', '/api/v1/monitors?tag=listing&limit=2', 'viewer')).json();
        expect(first).toMatchObject({ total: 5, limit: 2, offset: 0 });
        expect(first.items).toHaveLength(2);
        const rest = (await call('GET', '/api/v1/monitors?tag=listing&limit=2&offset=2', 'viewer')).json();
        const last = (await call('GET', '/api/v1/monitors?tag=listing&limit=2&offset=4', 'viewer')).json();
        const ids = [...first.items, ...rest.items, ...last.items].map((m: { id: string }) => m.id);
        expect(ids.sort()).toEqual(['list-1', 'list-2', 'list-3', 'list-4', 'list-5']);
        expect(first.items[0]).toHaveProperty('state.state');
      });

      it('filters by tag, source, type and state', async () => {
        const ids = async (query: string) => ((await call('GET', `/api/v1/monitors?${query}`, 'viewer')).json().items as Array<{ id: string }>).map((m) => m.id).sort();
        expect(await ids('tag=odd')).toEqual(['list-1', 'list-3', 'list-5']);
        expect(await ids('source=file')).toEqual(['file-web']);
        expect(await ids('tag=listing&state=paused')).toEqual(['list-5']);
        expect(await ids('type=tcp')).toEqual([]);
        expect((await ids('type=http')).length).toBeGreaterThanOrEqual(6);
      });

      it('answers 400 for bad query values and unknown parameters', async () => {
        const limit = (await call('GET', '/api/v1/monitors?limit=0', 'viewer')).json();
        expect(limit.issues).toEqual([{ path: 'limit', message: 'must be at least 1' }]);
        const state = await call('GET', '/api/v1/monitors?state=sideways', 'viewer');
        expect(state.statusCode).toBe(400);
        expect(state.json().issues[0].path).toBe('state');
        expect((await call('GET', '/api/v1/monitors?stat=down', 'viewer')).json().issues).toEqual([{ path: 'stat', message: 'is not a known field' }]);
      });
    });

    describe('history', () => {
      const base = Date.UTC(2030, 0, 1, 12, 0, 0);
      beforeAll(async () => {
        await call('POST', '/api/v1/monitors', 'editor', httpMonitor('hist', { paused: true }));
        await db.store.results.insertMany(
          Array.from({ length: 5 }, (_, i) => ({ monitorId: 'hist', location: 'local', at: base + i * 60_000, status: i === 2 ? ('down' as const) : ('up' as const), latencyMs: 10 + i, message: i === 2 ? 'expected status 200, got 503' : 'ok', timings: { total: 10 + i } })),
        );
        const down = { ...initialState(), state: 'down' as const, since: base };
        await db.store.states.commitTransition('hist', down, [
          { monitorId: 'hist', at: base, kind: 'state', fromState: 'up', toState: 'down', eventType: null, reason: 'down: expected status 200, got 503', details: null },
          { monitorId: 'hist', at: base + 1000, kind: 'event', fromState: null, toState: null, eventType: 'tls.issuer_changed', reason: 'issuer changed', details: { before: 'a', after: 'b' } },
        ], base + 1000);
      });

      it('lists results newest first with ISO times, a time range and a cursor', async () => {
        const all = (await call('GET', '/api/v1/monitors/hist/results', 'viewer')).json();
        expect(all.items.map((r: { at: string }) => r.at)).toEqual([4, 3, 2, 1, 0].map((i) => new Date(base + i * 60_000).toISOString()));
        expect(all.items[2]).toMatchObject({ status: 'down', message: 'expected status 200, got 503', latencyMs: 12, location: 'local', timings: { total: 12 }, id: expect.any(Number) });

        const ranged = (await call('GET', `/api/v1/monitors/hist/results?from=${new Date(base + 60_000).toISOString()}&to=${base + 3 * 60_000}`, 'viewer')).json();
        expect(ranged.items.map((r: { latencyMs: number }) => r.latencyMs).sort()).toEqual(expect.arrayContaining([11, 12]));
        expect(ranged.items.every((r: { at: string }) => Date.parse(r.at) >= base + 60_000 && Date.parse(r.at) <= base + 3 * 60_000)).toBe(true);

        const page1 = (await call('GET', '/api/v1/monitors/hist/results?limit=2', 'viewer')).json();
        expect(page1.items).toHaveLength(2);
        expect(page1.nextCursor).toEqual(expect.any(String));
        const page2 = (await call('GET', `/api/v1/monitors/hist/results?limit=2&cursor=${encodeURIComponent(page1.nextCursor)}`, 'viewer')).json();
        expect(page2.items.map((r: { latencyMs: number }) => r.latencyMs)).toEqual([12, 11]);

        const bad = (await call('GET', '/api/v1/monitors/hist/results?from=yesterday', 'viewer')).json();
        expect(bad.issues).toEqual([{ path: 'from', message: expect.stringContaining('ISO 8601') }]);
      });

      it('gives uptime over four windows', async () => {
        const res = await call('GET', '/api/v1/monitors/hist/uptime', 'viewer');
        expect(res.statusCode).toBe(200);
        const body = res.json();
        expect(Object.keys(body).sort()).toEqual(['24h', '30d', '7d', '90d']);
        for (const window of Object.values(body) as Array<Record<string, unknown>>) {
          expect(window).toMatchObject({ count: expect.any(Number), down: expect.any(Number), degraded: expect.any(Number), unknown: expect.any(Number), from: expect.any(String), to: expect.any(String) });
          expect(window.ratio === null || typeof window.ratio === 'number').toBe(true);
        }
      });

      it('lists transitions of one monitor and of all, filtered by kind', async () => {
        const ofHist = (await call('GET', '/api/v1/monitors/hist/transitions', 'viewer')).json();
        // Created paused: the engine recorded that first, then the test stored its own history.
        expect(ofHist.items.filter((t: { reason: string }) => t.reason === 'paused by the API')).toHaveLength(1);
        const mine = { items: ofHist.items.filter((t: { reason: string }) => t.reason !== 'paused by the API') };
        expect(mine.items.map((t: { kind: string }) => t.kind)).toEqual(['event', 'state']);
        expect(mine.items[1]).toEqual({ id: expect.any(Number), monitorId: 'hist', at: new Date(base).toISOString(), kind: 'state', fromState: 'up', toState: 'down', eventType: null, reason: 'down: expected status 200, got 503', details: null });
        const events = (await call('GET', '/api/v1/transitions?kind=event&monitor=hist', 'viewer')).json();
        expect(events.items).toHaveLength(1);
        expect(events.items[0]).toMatchObject({ eventType: 'tls.issuer_changed', details: { before: 'a', after: 'b' } });
        const all = (await call('GET', '/api/v1/transitions?limit=100', 'viewer')).json();
        const monitorIds = new Set(all.items.map((t: { monitorId: string }) => t.monitorId));
        expect(monitorIds.has('hist') && monitorIds.has('file-web')).toBe(true);
        expect((await call('GET', '/api/v1/transitions?monitor=nope', 'viewer')).statusCode).toBe(404);
      });
    });

    describe('tokens', () => {
      it('creates a token whose secret works once shown, and never lists secrets', async () => {
        const created = await call('POST', '/api/v1/tokens', 'admin', { name: 'grafana', role: 'viewer' });
        expect(created.statusCode).toBe(201);
        const token = created.json();
        expect(token).toMatchObject({ name: 'grafana', role: 'viewer', secret: expect.stringMatching(/^vigie_[0-9A-Za-z]{32}$/), lastUsedAt: null, revokedAt: null });
        const use = await api.app.inject({ method: 'GET', url: '/api/v1/monitors', headers: { authorization: `Bearer ${token.secret}` } });
        expect(use.statusCode).toBe(200);
        const list = await call('GET', '/api/v1/tokens');
        expect(list.body).not.toContain(token.secret);
        expect(list.json().items.map((t: { name: string }) => t.name)).toContain('grafana');
      });

      it('answers 409 for a name a live token already has, and frees the name once it is revoked', async () => {
        const first = (await call('POST', '/api/v1/tokens', 'admin', { name: 'backup', role: 'viewer' })).json();
        const taken = await call('POST', '/api/v1/tokens', 'admin', { name: ' backup ', role: 'editor' });
        expect(taken.statusCode).toBe(409);
        expect(taken.json()).toMatchObject({ error: 'name_taken', message: expect.stringContaining(`a token named "backup" already exists (id ${first.id}`) });
        expect((await call('DELETE', `/api/v1/tokens/${first.id}`)).statusCode).toBe(204);
        const again = await call('POST', '/api/v1/tokens', 'admin', { name: 'backup', role: 'editor' });
        expect(again.statusCode).toBe(201);
        expect(again.json()).toMatchObject({ name: 'backup', role: 'editor' });
      });

      it('answers 400 for a bad role', async () => {
        const res = await call('POST', '/api/v1/tokens', 'admin', { name: 'x', role: 'root' });
        expect(res.statusCode).toBe(400);
        expect(res.json().issues[0].path).toBe('role');
      });
    });

    describe('documentation, health and metrics', () => {
      it('serves an OpenAPI 3.1 document listing every route, each of which is served', async () => {
        const res = await call('GET', '/api/v1/openapi.json', null);
        expect(res.statusCode).toBe(200);
        const doc = JSON.parse(res.body);
        expect(doc.openapi).toBe('3.1.0');
        const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
        const expected = [
          'GET /api/v1/monitors', 'POST /api/v1/monitors', 'GET /api/v1/monitors/{id}', 'PUT /api/v1/monitors/{id}', 'PATCH /api/v1/monitors/{id}', 'DELETE /api/v1/monitors/{id}',
          'POST /api/v1/monitors/{id}/pause', 'POST /api/v1/monitors/{id}/resume', 'POST /api/v1/monitors/{id}/run',
          'GET /api/v1/monitors/{id}/results', 'GET /api/v1/monitors/{id}/uptime', 'GET /api/v1/monitors/{id}/transitions', 'GET /api/v1/transitions',
          'GET /api/v1/events', 'GET /api/v1/tokens', 'POST /api/v1/tokens', 'DELETE /api/v1/tokens/{id}',
          'GET /api/v1/openapi.json', 'GET /healthz', 'GET /metrics',
          'GET /api/v1/push/{token}', 'POST /api/v1/push/{token}', 'POST /api/v1/metrics/{token}', 'GET /api/v1/monitors/{id}/traffic',
          'POST /api/v1/monitors/{id}/results',
          'GET /api/v1/services', 'GET /api/v1/services/{id}', 'GET /api/v1/status-pages', 'GET /api/v1/status-pages/{id}/preview',
          'GET /api/v1/incidents', 'POST /api/v1/incidents', 'GET /api/v1/incidents/{id}', 'POST /api/v1/incidents/{id}/acknowledge',
          'POST /api/v1/incidents/{id}/mitigate', 'POST /api/v1/incidents/{id}/resolve', 'POST /api/v1/incidents/{id}/updates',
          'GET /api/v1/maintenance', 'POST /api/v1/maintenance', 'GET /api/v1/maintenance/{id}', 'PUT /api/v1/maintenance/{id}', 'DELETE /api/v1/maintenance/{id}',
          'GET /api/v1/oncall', 'GET /api/v1/schedules/{id}/shifts', 'GET /api/v1/channels', 'POST /api/v1/channels/{id}/test', 'GET /api/v1/incidents/{id}/deliveries',
          'GET /api/v1/silences', 'POST /api/v1/silences', 'GET /api/v1/silences/{id}', 'DELETE /api/v1/silences/{id}',
          'GET /api/v1/people', 'GET /api/v1/schedules', 'GET /api/v1/schedules/{id}/overrides', 'POST /api/v1/schedules/{id}/overrides', 'DELETE /api/v1/schedules/{id}/overrides/{overrideId}',
          'GET /api/v1/incidents/{id}/report',
          'GET /api/v1/crisis-cells', 'GET /api/v1/crises', 'POST /api/v1/crises', 'GET /api/v1/crises/{id}', 'POST /api/v1/crises/{id}/deactivate', 'POST /api/v1/crises/{id}/incidents',
          'PATCH /api/v1/crises/{id}/checklist/{index}', 'POST /api/v1/crises/{id}/deadlines/{deadlineId}/met', 'POST /api/v1/crises/{id}/drafts',
          'POST /api/v1/crises/{id}/drafts/{draftId}/refresh', 'PATCH /api/v1/crises/{id}/drafts/{draftId}', 'POST /api/v1/crises/{id}/drafts/{draftId}/approve',
          'POST /api/v1/crises/{id}/drafts/{draftId}/send',
          'GET /api/v1/changes', 'POST /api/v1/changes', 'GET /api/v1/changes/{id}', 'POST /api/v1/changes/{id}/rollback', 'GET /api/v1/incidents/{id}/suspects',
          'GET /api/v1/rollouts', 'POST /api/v1/rollouts', 'GET /api/v1/rollouts/{id}', 'POST /api/v1/rollouts/{id}/status', 'GET /api/v1/rollouts/{id}/guard',
          'GET /api/v1/setup', 'POST /api/v1/setup', 'GET /api/v1/session', 'POST /api/v1/session', 'DELETE /api/v1/session',
          'PATCH /api/v1/me', 'POST /api/v1/me/totp', 'POST /api/v1/me/totp/confirm', 'DELETE /api/v1/me/totp',
          'GET /api/v1/users', 'POST /api/v1/users', 'PATCH /api/v1/users/{id}', 'DELETE /api/v1/users/{id}', 'GET /api/v1/audit',
        ];
        expect(documented.sort()).toEqual(expected.sort());
        const create = doc.paths['/api/v1/monitors'].post;
        expect(create.requestBody.content['application/json'].schema.properties).toHaveProperty('http');
        expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '409']));
        // Every documented operation is registered: unauthenticated calls never reach the not-found handler.
        for (const entry of documented.filter((e) => !e.includes('/events'))) {
          const [method, path] = entry.split(' ') as ['GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', string];
          const probe = await api.app.inject({ method, url: path.replace('{id}', 'probe-id') });
          expect(probe.body, entry).not.toContain('no route');
        }
      });

      it('answers healthz with the version and database status', async () => {
        const res = await call('GET', '/healthz', null);
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual({ status: 'ok', version: '9.9.9-test', database: 'ok' });
      });

      it('serves Prometheus metrics without auth', async () => {
        const res = await call('GET', '/metrics', null);
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toContain('text/plain');
        expect(res.body).toMatch(/^# HELP vigie_/m);
      });

      it('exposes vigie_monitor_up per monitor and drops the series when the monitor is deleted', async () => {
        const series = /^vigie_monitor_up\{monitor="metrics-web",type="http"\} (\d)$/m;
        expect((await call('POST', '/api/v1/monitors', 'editor', httpMonitor('metrics-web', { confirmations: { down: 1, up: 1 } }))).statusCode).toBe(201);
        expect((await call('POST', '/api/v1/monitors/metrics-web/run', 'editor')).statusCode).toBe(200);
        expect((await call('GET', '/metrics', null)).body.match(series)?.[1]).toBe('1');
        expect((await call('DELETE', '/api/v1/monitors/metrics-web', 'editor')).statusCode).toBe(204);
        expect((await call('GET', '/metrics', null)).body).not.toMatch(series);
      });
    });
  });
}

describe.skipIf(!(await dialectAvailable('sqlite')))('REST API when the database is gone', () => {
  const db = withStore('sqlite');
  it('answers healthz 503 and other routes 500 without leaking the error', async () => {
    const store = await db.openAnother();
    const api = await startApi(store);
    try {
      await api.engine.stop();
      await store.close();
      const health = await api.app.inject({ method: 'GET', url: '/healthz' });
      expect(health.statusCode).toBe(503);
      expect(health.json()).toEqual({ status: 'error', version: '9.9.9-test', database: 'error' });
      const list = await api.app.inject({ method: 'GET', url: '/api/v1/monitors', headers: { authorization: `Bearer ${api.tokens.viewer}` } });
      expect(list.statusCode).toBe(500);
      expect(list.json()).toEqual({ error: 'internal', message: 'internal error', requestId: expect.any(String) });
    } finally {
      await api.app.close();
      await api.target.close();
    }
  }, 60_000);
});
