/**
 * `api.monitor_targets` against a real store (SQLite and PostgreSQL), a real engine and the API:
 * monitors created or changed through the API may not target denied addresses (400 naming the
 * field and the rule), a change of the setting applies to the next write and to the next run of
 * monitors already stored, and file monitors are not limited.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildServer } from '../../src/api/build-server.js';
import { runGuardOf } from '../../src/api/services/target-policy.js';
import { generateToken, hashToken } from '../../src/api/tokens.js';
import type { MonitorTargetsConfig } from '../../src/config/api-config.schema.js';
import { Bus } from '../../src/engine/bus.js';
import { Engine } from '../../src/engine/engine.js';
import { monitorInputSchema, toDefinition } from '../../src/monitors/monitor.schema.js';
import { DIALECTS, dialectAvailable, withStore } from '../helpers/databases.js';
import { startHttpServer, type TestServer } from '../helpers/http-server.js';

for (const dialect of DIALECTS) {
  const available = await dialectAvailable(dialect, 'api targets');
  describe.skipIf(!available)(`api.monitor_targets over ${dialect}`, () => {
    const db = withStore(dialect);
    let app: FastifyInstance;
    let engine: Engine;
    let target: TestServer;
    let token: string;
    let targets: MonitorTargetsConfig = { deny: ['loopback', 'link_local', 'private'], allow: [] };
    beforeAll(async () => {
      const logger = pino({ level: 'silent' });
      const bus = new Bus();
      engine = new Engine(db.store, bus, logger, { batch: { size: 100, intervalMs: 50 }, shutdownGraceMs: 2000, apiRunGuard: runGuardOf(() => targets) });
      target = await startHttpServer((_req, res) => res.writeHead(200).end('ok'));
      await engine.start([toDefinition(monitorInputSchema.parse({ id: 'file-local', interval: '1h', http: { url: `${target.origin}/` } }))]);
      app = await buildServer({ store: db.store, control: engine, bus, metrics: { registry: engine.metrics.registry }, logger, version: 't', monitorTargets: () => targets });
      token = generateToken();
      await db.store.tokens.create({ id: 'tok', name: 'editor-bot', role: 'editor', tokenHash: hashToken(token) }, Date.now());
    }, 60_000);
    afterAll(async () => {
      await app?.close();
      await engine?.stop();
      await target?.close();
    }, 60_000);

    const send = (method: 'POST' | 'PUT' | 'PATCH', url: string, payload: unknown) =>
      app.inject({ method, url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });

    it('refuses an API monitor aimed at a denied address or a name resolving to one, naming the field and the rule', async () => {
      const direct = await send('POST', '/api/v1/monitors', { id: 'to-loopback', http: { url: `${target.origin}/` } });
      expect(direct.statusCode).toBe(400);
      expect(direct.json().issues).toEqual([{ path: 'http.url', message: expect.stringContaining('targets 127.0.0.1, which api.monitor_targets.deny refuses for monitors created through the API (rule "loopback")') }]);
      const byName = await send('POST', '/api/v1/monitors', { id: 'to-localhost', tcp: { host: 'localhost', port: target.port } });
      expect(byName.json().issues).toEqual([{ path: 'tcp.host', message: expect.stringMatching(/^targets localhost \((127\.0\.0\.1|::1)\), .*"loopback"/) }]);
      expect(await db.store.monitors.get('to-loopback')).toBeUndefined();
      expect((await app.inject({ method: 'GET', url: '/api/v1/monitors/file-local', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    });

    it('applies to PUT and PATCH, and follows a change of the setting', async () => {
      targets = { deny: ['loopback', 'link_local', 'private'], allow: ['127.0.0.1/32'] };
      expect((await send('POST', '/api/v1/monitors', { id: 'allowed', http: { url: `${target.origin}/` } })).statusCode).toBe(201);
      const put = await send('PUT', '/api/v1/monitors/allowed', { http: { url: 'http://169.254.169.254/latest/meta-data/' } });
      expect(put.json().issues).toEqual([{ path: 'http.url', message: expect.stringContaining('(rule "link_local")') }]);
      const patched = await send('PATCH', '/api/v1/monitors/allowed', { http: { url: 'http://10.0.0.1/' } });
      expect(patched.json().issues).toEqual([{ path: 'http.url', message: expect.stringContaining('(rule "private")') }]);
      targets = { deny: [], allow: [] };
      expect((await send('PATCH', '/api/v1/monitors/allowed', { http: { url: 'http://10.0.0.1/' } })).statusCode).toBe(200);
    });

    it('stops runs of stored API monitors once the setting denies their target, and leaves file monitors alone', async () => {
      targets = { deny: [], allow: [] };
      expect((await send('POST', '/api/v1/monitors', { id: 'stored-local', interval: '1h', http: { url: `${target.origin}/stored` } })).statusCode).toBe(201);
      const before = target.acceptedConnections();
      targets = { deny: ['loopback'], allow: [] };
      const run = await send('POST', '/api/v1/monitors/stored-local/run', {});
      expect(run.json()).toMatchObject({ status: 'unknown', message: expect.stringMatching(/^not run: targets 127\.0\.0\.1, which api\.monitor_targets\.deny refuses .*"loopback"/) });
      expect(target.acceptedConnections()).toBe(before);
      const file = await send('POST', '/api/v1/monitors/file-local/run', {});
      expect(file.json().status).toBe('up');
      expect(target.acceptedConnections()).toBe(before + 1);
      targets = { deny: [], allow: [] };
      expect((await send('POST', '/api/v1/monitors/stored-local/run', {})).json().status).toBe('up');
    });
  });
}
