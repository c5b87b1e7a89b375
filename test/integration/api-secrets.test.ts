/**
 * Secrets of API monitors against a real store (SQLite and PostgreSQL), a real engine and
 * loopback HTTP servers: a stored secret never follows a monitor to a new target, secrets in
 * URLs are hidden from viewers and kept on round trips, check results that quote a URL do not
 * reveal its credentials (API, stored history, logs), PUT keeps the pause state unless told,
 * and PATCH applies a JSON merge patch.
 */
import { Writable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildServer } from '../../src/api/build-server.js';
import { generateToken, hashToken } from '../../src/api/tokens.js';
import { Bus } from '../../src/engine/bus.js';
import { Engine } from '../../src/engine/engine.js';
import { monitorInputSchema, toDefinition } from '../../src/monitors/monitor.schema.js';
import type { Store } from '../../src/storage/store.js';
import { waitFor } from '../helpers/app-database.js';
import { DIALECTS, dialectAvailable, withStore } from '../helpers/databases.js';
import { startHttpServer, type TestServer } from '../helpers/http-server.js';

interface Seen {
  url: string;
  authorization: string | undefined;
  apiKey: string | undefined;
}

/** A loopback HTTP server that remembers what each request carried. */
async function recordingServer(answer: (req: IncomingMessage) => { status: number; location?: string } = () => ({ status: 200 })) {
  const seen: Seen[] = [];
  const server = await startHttpServer((req, res) => {
    seen.push({ url: req.url ?? '', authorization: req.headers.authorization, apiKey: req.headers['x-api-key'] as string | undefined });
    const { status, location } = answer(req);
    res.writeHead(status, { 'content-type': 'text/plain', ...(location ? { location } : {}) }).end('ok');
  });
  return { server, seen };
}

interface Harness {
  app: FastifyInstance;
  engine: Engine;
  legit: Awaited<ReturnType<typeof recordingServer>>;
  other: Awaited<ReturnType<typeof recordingServer>>;
  logs: string[];
  editor: string;
  viewer: string;
  close(): Promise<void>;
}

async function start(store: Store): Promise<Harness> {
  const logs: string[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (logs.push(String(chunk)), done()) });
  const logger = pino({ level: 'debug' }, sink);
  const bus = new Bus();
  const engine = new Engine(store, bus, logger, { batch: { size: 100, intervalMs: 50 }, shutdownGraceMs: 2000 });
  const legit = await recordingServer((req) => {
    if (req.url === '/go') return { status: 302, location: '/landing?token=T-SECRET-1&page=2' };
    if (req.url?.startsWith('/landing')) return { status: 503 };
    return { status: 200 };
  });
  const other = await recordingServer();
  const fileMonitor = monitorInputSchema.parse({ id: 'file-web', interval: '1h', http: { url: `${legit.server.origin}/file` } });
  await engine.start([toDefinition(fileMonitor)]);
  const app = await buildServer({ store, control: engine, bus, metrics: { registry: engine.metrics.registry }, logger, version: '9.9.9-test' });
  const editor = generateToken();
  const viewer = generateToken();
  await store.tokens.create({ id: 'tok-editor', name: 'editor-bot', role: 'editor', tokenHash: hashToken(editor) }, Date.now());
  await store.tokens.create({ id: 'tok-viewer', name: 'viewer-bot', role: 'viewer', tokenHash: hashToken(viewer) }, Date.now());
  return {
    app, engine, legit, other, logs, editor, viewer,
    async close() {
      await app.close();
      await engine.stop();
      await legit.server.close();
      await other.server.close();
    },
  };
}

for (const dialect of DIALECTS) {
  const available = await dialectAvailable(dialect, 'api secrets');
  describe.skipIf(!available)(`monitor secrets through the API over ${dialect}`, () => {
    const db = withStore(dialect);
    let h: Harness;
    beforeAll(async () => {
      h = await start(db.store);
    }, 60_000);
    afterAll(async () => h?.close(), 60_000);

    type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    const call = (method: Method, url: string, payload?: unknown, role: 'editor' | 'viewer' = 'editor', contentType = 'application/json') =>
      h.app.inject({
        method, url,
        headers: { authorization: `Bearer ${role === 'editor' ? h.editor : h.viewer}`, ...(payload !== undefined ? { 'content-type': contentType } : {}) },
        ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}),
      });
    const patch = (id: string, body: unknown) => call('PATCH', `/api/v1/monitors/${id}`, body, 'editor', 'application/merge-patch+json');
    const shownInput = async (id: string) => (await call('GET', `/api/v1/monitors/${id}`, undefined, 'viewer')).json().input;

    describe('a stored secret only goes where it went', () => {
      const secretHeaders = { Authorization: 'Bearer s3cret', 'X-Api-Key': 'k-123', Accept: 'text/plain' };

      it('refuses [redacted] once the URL points at another host, and the secret never reaches it', async () => {
        const created = await call('POST', '/api/v1/monitors', { id: 'exfil', interval: '1h', http: { url: `${h.legit.server.origin}/health`, headers: secretHeaders } });
        expect(created.statusCode).toBe(201);
        const shown = await shownInput('exfil');
        const elsewhere = `${h.other.server.origin}/collect`;

        const put = await call('PUT', '/api/v1/monitors/exfil', { ...shown, http: { ...shown.http, url: elsewhere } });
        expect(put.statusCode).toBe(400);
        expect(put.json().message).toContain('re-enter the secret for the new target');
        expect(put.json().issues).toEqual([
          { path: 'http.headers.Authorization', message: expect.stringContaining('re-enter the secret for the new target') },
          { path: 'http.headers.X-Api-Key', message: expect.stringContaining('re-enter the secret for the new target') },
        ]);
        const patched = await patch('exfil', { http: { url: elsewhere } });
        expect(patched.statusCode).toBe(400);
        expect(patched.json().issues.map((i: { path: string }) => i.path)).toEqual(['http.headers.Authorization', 'http.headers.X-Api-Key']);
        for (const http of [{ url: `${h.legit.server.origin.replace('http:', 'https:')}/health` }, { url: `${h.legit.server.origin}/health`, verify_tls: false, headers: undefined }]) {
          const res = await call('PUT', '/api/v1/monitors/exfil', { ...shown, http: { ...shown.http, ...http, headers: shown.http.headers } });
          expect(res.statusCode, JSON.stringify(http)).toBe(400);
        }

        expect((await call('POST', '/api/v1/monitors/exfil/run')).statusCode).toBe(200);
        expect(h.other.seen).toEqual([]);
        expect(h.legit.seen.at(-1)).toEqual({ url: '/health', authorization: 'Bearer s3cret', apiKey: 'k-123' });
      });

      it('keeps the secret for another path on the same host, and takes a secret typed again for a new host', async () => {
        const shown = await shownInput('exfil');
        const samehost = await call('PUT', '/api/v1/monitors/exfil', { ...shown, http: { ...shown.http, url: `${h.legit.server.origin}/ready` } });
        expect(samehost.statusCode).toBe(200);
        await call('POST', '/api/v1/monitors/exfil/run');
        expect(h.legit.seen.at(-1)).toEqual({ url: '/ready', authorization: 'Bearer s3cret', apiKey: 'k-123' });

        const retyped = await patch('exfil', { http: { url: `${h.other.server.origin}/collect`, headers: { Authorization: 'Bearer for-other', 'X-Api-Key': 'k-other' } } });
        expect(retyped.statusCode).toBe(200);
        await call('POST', '/api/v1/monitors/exfil/run');
        expect(h.other.seen).toEqual([{ url: '/collect', authorization: 'Bearer for-other', apiKey: 'k-other' }]);
      });
    });

    describe('secrets inside URLs', () => {
      const url = () => `http://watch:pw-123@127.0.0.1:${h.legit.server.port}/status?api_key=K-9&page=1`;

      it('are hidden from viewers in every monitor view', async () => {
        await call('POST', '/api/v1/monitors', { id: 'url-secret', interval: '1h', http: { url: url() } });
        const one = await call('GET', '/api/v1/monitors/url-secret', undefined, 'viewer');
        expect(one.json().input.http.url).toBe(`http://watch:[redacted]@127.0.0.1:${h.legit.server.port}/status?api_key=[redacted]&page=1`);
        const list = await call('GET', '/api/v1/monitors?source=api&limit=500', undefined, 'viewer');
        for (const body of [one.body, list.body]) expect(body).not.toMatch(/pw-123|K-9/);
      });

      it('are kept when the URL comes back redacted to the same host, and refused for another', async () => {
        const shown = await shownInput('url-secret');
        const put = await call('PUT', '/api/v1/monitors/url-secret', { ...shown, name: 'Renamed' });
        expect(put.statusCode).toBe(200);
        expect((await db.store.monitors.get('url-secret'))?.input).toMatchObject({ name: 'Renamed', http: { url: url() } });
        await call('POST', '/api/v1/monitors/url-secret/run');
        expect(h.legit.seen.at(-1)?.url).toBe('/status?api_key=K-9&page=1');

        const moved = await call('PUT', '/api/v1/monitors/url-secret', { ...shown, http: { url: shown.http.url.replace(String(h.legit.server.port), String(h.other.server.port)) } });
        expect(moved.statusCode).toBe(400);
        expect(moved.json().issues).toEqual([{ path: 'http.url', message: expect.stringContaining('re-enter the secret for the new target') }]);
        expect(h.other.seen.some((s) => s.url.includes('K-9'))).toBe(false);
      });

      it('are hidden in check results that quote a URL: the run answer, stored history, transitions and logs', async () => {
        await call('POST', '/api/v1/monitors', { id: 'redirected', interval: '1h', confirmations: { down: 1 }, http: { url: `${h.legit.server.origin}/go` } });
        const run = (await call('POST', '/api/v1/monitors/redirected/run')).json();
        expect(run.status).toBe('down');
        expect(run.message).toContain('/landing?token=[redacted]&page=2');
        expect(run.details.finalUrl).toBe(`${h.legit.server.origin}/landing?token=[redacted]&page=2`);
        const results = await call('GET', '/api/v1/monitors/redirected/results', undefined, 'viewer');
        const transitions = await call('GET', '/api/v1/monitors/redirected/transitions', undefined, 'viewer');
        const state = await call('GET', '/api/v1/monitors/redirected', undefined, 'viewer');
        expect(results.json().items[0].message).toContain('token=[redacted]');
        for (const body of [results.body, transitions.body, state.body, h.logs.join('')]) expect(body).not.toContain('T-SECRET-1');
      });

      it('are hidden in results sent from other locations too', async () => {
        await call('POST', '/api/v1/monitors', { id: 'remote', interval: '1h', locations: ['local', 'paris'], http: { url: `${h.legit.server.origin}/r` } });
        const message = 'expected status 200, got 503 at https://u:pw-remote@status.example.test/?access_token=AT-REMOTE';
        const sent = await call('POST', '/api/v1/monitors/remote/results', { location: 'paris', status: 'down', message, messages: { en: message, fr: message } });
        expect(sent.statusCode).toBe(200);
        const results = await waitFor('the result from paris to be stored', async () => {
          const res = await call('GET', '/api/v1/monitors/remote/results', undefined, 'viewer');
          return res.json().items.length > 0 ? res : undefined;
        });
        expect(results.json().items[0].message).toBe('expected status 200, got 503 at https://u:[redacted]@status.example.test/?access_token=[redacted]');
        expect(results.body + JSON.stringify((await call('GET', '/api/v1/monitors/remote', undefined, 'viewer')).json())).not.toMatch(/pw-remote|AT-REMOTE/);
      });
    });

    describe('PUT and PATCH keep what they are not told to change', () => {
      it('PUT without paused leaves a paused monitor paused, and a resumed one running', async () => {
        await call('POST', '/api/v1/monitors', { id: 'pausable', interval: '1h', paused: true, http: { url: `${h.legit.server.origin}/p` } });
        const put = await call('PUT', '/api/v1/monitors/pausable', { interval: '2h', http: { url: `${h.legit.server.origin}/p` } });
        expect(put.json()).toMatchObject({ paused: true, state: { state: 'paused' }, intervalMs: 7_200_000 });
        await call('POST', '/api/v1/monitors/pausable/resume', {});
        const shown = await shownInput('pausable');
        expect(shown.paused).toBeUndefined();
        await call('POST', '/api/v1/monitors/pausable/pause', {});
        expect((await call('PUT', '/api/v1/monitors/pausable', { ...shown, paused: false })).json()).toMatchObject({ paused: false });
        await call('POST', '/api/v1/monitors/pausable/pause', {});
        await call('POST', '/api/v1/monitors/pausable/resume', {});
        const roundTrip = await call('PUT', '/api/v1/monitors/pausable', await shownInput('pausable'));
        expect(roundTrip.json()).toMatchObject({ paused: false });
      });

      it('PATCH merges into the monitor as shown, keeps its secrets and pause state, and validates the result', async () => {
        await call('POST', '/api/v1/monitors', {
          id: 'patchable', interval: '1h', tags: ['a'], http: { url: `${h.legit.server.origin}/patch`, headers: { Authorization: 'Bearer p4tch', 'X-Debug': '1' } },
        });
        await call('POST', '/api/v1/monitors/patchable/pause', {});
        const res = await patch('patchable', { interval: '30s', http: { headers: { 'X-Debug': null } } });
        expect(res.statusCode).toBe(200);
        expect(res.json()).toMatchObject({ paused: true, intervalMs: 30_000, tags: ['a'], input: { http: { headers: { Authorization: '[redacted]' } } } });
        expect((await db.store.monitors.get('patchable'))?.input).toEqual({ id: 'patchable', interval: '30s', tags: ['a'], http: { url: `${h.legit.server.origin}/patch`, headers: { Authorization: 'Bearer p4tch' } } });

        const asJson = await call('PATCH', '/api/v1/monitors/patchable', { paused: false });
        expect(asJson.json()).toMatchObject({ paused: false });
        const invalid = await patch('patchable', { timeout: '2m' });
        expect(invalid.statusCode).toBe(400);
        expect(invalid.json().issues).toEqual([{ path: 'timeout', message: 'must not be longer than the interval' }]);
        const removedBlock = await patch('patchable', { http: null });
        expect(removedBlock.json().issues[0].message).toContain('needs exactly one check block');
        expect((await patch('patchable', ['not', 'an', 'object'])).json().message).toBe('a merge patch must be a JSON object');
        expect((await patch('patchable', { id: 'other' })).json().issues).toEqual([{ path: 'id', message: expect.stringContaining('"patchable"') }]);
        expect((await patch('nope', { interval: '1m' })).statusCode).toBe(404);
        expect((await patch('file-web', { interval: '1m' })).json()).toMatchObject({ error: 'read_only' });
      });

      it('documents PATCH in the OpenAPI document as a merge patch', async () => {
        const doc = (await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
        const op = doc.paths['/api/v1/monitors/{id}'].patch;
        expect(Object.keys(op.requestBody.content)).toEqual(['application/merge-patch+json', 'application/json']);
        expect(op['x-required-role']).toBe('editor');
      });
    });
  });
}
