/**
 * Push tokens are looked up in memory (no database read per push), on SQLite and PostgreSQL: a
 * heartbeat monitor created, given a new token, or deleted through the API is honoured by the
 * very next push, and the pushed heartbeat is stored before the push is answered.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/build-server.js';
import { generateToken, hashToken } from '../../src/api/tokens.js';
import { Bus } from '../../src/engine/bus.js';
import { Engine } from '../../src/engine/engine.js';
import { PushedData } from '../../src/engine/pushed-data.js';
import { DIALECTS, dialectAvailable, withStore } from '../helpers/databases.js';

for (const dialect of DIALECTS) {
  const available = await dialectAvailable(dialect, 'push token cache');
  describe.skipIf(!available)(`push tokens from memory (${dialect})`, () => {
    const db = withStore(dialect);
    let app: FastifyInstance;
    let engine: Engine;
    let token: string;
    beforeAll(async () => {
      const logger = pino({ level: 'silent' });
      const bus = new Bus();
      engine = new Engine(db.store, bus, logger, { batch: { size: 100, intervalMs: 50 }, shutdownGraceMs: 2000, passive: PushedData.of(db.store.passive) });
      await engine.start([]);
      app = await buildServer({ store: db.store, control: engine, bus, metrics: { registry: engine.metrics.registry }, logger, version: 't' });
      token = generateToken();
      await db.store.tokens.create({ id: 'tok', name: 'editor-bot', role: 'editor', tokenHash: hashToken(token) }, Date.now());
    }, 60_000);
    afterAll(async () => {
      await app?.close();
      await engine?.stop();
    }, 60_000);

    const api = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
      app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json' } : {}) }, ...(payload ? { payload: JSON.stringify(payload) } : {}) });
    const push = async (pushToken: string) => (await app.inject({ method: 'GET', url: `/api/v1/push/${pushToken}?msg=hello` })).statusCode;

    it('honours a token at once when it is created, changed and deleted through the API', async () => {
      const first = randomBytes(16).toString('hex');
      const second = randomBytes(16).toString('hex');
      // The cache is loaded by this first lookup: what follows goes through its updates.
      expect(await push(first)).toBe(404);

      expect((await api('POST', '/api/v1/monitors', { id: 'dc-1', interval: '1h', heartbeat: { token: first, period: '10m' } })).statusCode).toBe(201);
      expect(await push(first)).toBe(200);
      expect(await db.store.passive.lastHeartbeat('dc-1')).toMatchObject({ status: 'up', message: 'hello' });

      expect((await api('PATCH', '/api/v1/monitors/dc-1', { heartbeat: { token: second } })).statusCode).toBe(200);
      expect(await push(first)).toBe(404);
      expect(await push(second)).toBe(200);

      expect((await api('DELETE', '/api/v1/monitors/dc-1')).statusCode).toBe(204);
      expect(await push(second)).toBe(404);
    });
  });
}
