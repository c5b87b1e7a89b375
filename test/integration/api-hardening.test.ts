/**
 * The API answers bad requests with 400s that name the field, never with a 500, on SQLite and
 * PostgreSQL: cursors that are not ours, bodies nested thousands of levels deep, times out of
 * range, push fields (JSON, form, query string), and tokens created with one name at once.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { TokenService } from '../../src/api/services/token.service.js';
import { generateToken, hashToken } from '../../src/api/tokens.js';
import { DIALECTS, dialectAvailable } from '../helpers/databases.js';
import { appDatabase, type AppDatabase } from '../helpers/app-database.js';

const BEAT = randomBytes(16).toString('hex');
const TRAFFIC = randomBytes(16).toString('hex');

const CONFIG = `server: { host: 127.0.0.1, port: 0 }
monitors:
  - id: beat
    interval: 1h
    heartbeat: { token: ${BEAT}, period: 10m }
  - id: calls
    interval: 1h
    traffic: { token: ${TRAFFIC}, bucket: 5m, volume: attempts, drop: { below_percent: 50 } }
`;

for (const dialect of DIALECTS) {
  describe(`API hardening (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'API hardening tests');
    let db: AppDatabase;
    let app: App;
    let admin: string;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const json = async (res: Response | Promise<Response>): Promise<any> => (await res).json();
    const get = (path: string, headers: Record<string, string> = {}) => fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${admin}`, ...headers } });
    const send = (method: string, path: string, body: string, contentType = 'application/json', auth = true) =>
      fetch(`${app.url}${path}`, { method, body, headers: { 'content-type': contentType, ...(auth ? { authorization: `Bearer ${admin}` } : {}) } });

    beforeAll(async () => {
      if (!available) return;
      db = appDatabase(dialect);
      const configPath = join(db.dir, 'vigie.yaml');
      writeFileSync(configPath, CONFIG);
      app = await startApp({ ...db.appOptions(configPath), watch: false });
      admin = generateToken();
      await app.store.tokens.create({ id: randomUUID(), name: 'admin', role: 'admin', tokenHash: hashToken(admin) }, Date.now());
    }, 60_000);

    afterAll(async () => {
      if (!available) return;
      await app?.close();
      await db.cleanup();
    });

    it.skipIf(!available)('answers 400 naming `cursor` for a cursor it did not issue, on every paged route', async () => {
      for (const path of ['/api/v1/transitions', '/api/v1/monitors/beat/transitions', '/api/v1/monitors/beat/results']) {
        for (const cursor of ['nope', Buffer.from('1:x').toString('base64url'), Buffer.from('99999999999999999:1').toString('base64url')]) {
          const res = await get(`${path}?cursor=${cursor}`);
          expect(res.status, `${path}?cursor=${cursor}`).toBe(400);
          const body = await json(res);
          expect(body.issues).toEqual([{ path: 'cursor', message: expect.stringContaining('nextCursor') }]);
          expect(body.message).toMatch(/^invalid query string: cursor: /);
        }
      }
      const good = Buffer.from(`${Date.now()}:1`).toString('base64url');
      expect((await get(`/api/v1/transitions?cursor=${good}`)).status).toBe(200);
    });

    it.skipIf(!available)('refuses a JSON body nested 3,000 levels deep with a 400 that says so, on any route', async () => {
      const deep = '{"a":'.repeat(3000) + '1' + '}'.repeat(3000);
      for (const [method, path, auth] of [['POST', '/api/v1/monitors', true], ['PUT', '/api/v1/monitors/x', true], [`POST`, `/api/v1/push/${BEAT}`, false]] as const) {
        const res = await send(method, path, deep, 'application/json', auth);
        expect(res.status, `${method} ${path}`).toBe(400);
        expect(await json(res)).toMatchObject({ error: 'invalid_request', message: 'the request body nests objects and arrays more than 64 levels deep' });
      }
      const fine = '{"a":'.repeat(60) + '1' + '}'.repeat(60);
      expect((await send('POST', '/api/v1/monitors', fine)).status).toBe(400); // a field error, not a depth error
      expect((await json(send('POST', '/api/v1/monitors', fine))).message).not.toContain('levels deep');
    });

    it.skipIf(!available)('does not echo the body back when it is not JSON', async () => {
      for (const text of ['{"abc": zzzz}', `{"abc": zzzz${'x'.repeat(100)}}`, `{"${'y'.repeat(100)}": "abc": zzzz}`]) {
        const res = await send('POST', '/api/v1/monitors', text);
        expect(res.status).toBe(400);
        const { message } = await json(res);
        expect(message).toMatch(/^the request body is not valid JSON: /);
        expect(message).not.toContain('abc');
      }
    });

    it.skipIf(!available)('answers 400 for times outside 1970–9999 in query strings and bodies', async () => {
      for (const query of ['to=8640000000000001', 'from=8640000000000000', 'to=99999999999999999999', 'to=-271821-04-20T00:00:00Z', 'from=1969-12-31T00:00:00Z']) {
        for (const path of ['/api/v1/monitors/calls/traffic', '/api/v1/transitions', '/api/v1/monitors/calls/results']) {
          const res = await get(`${path}?${query}`);
          expect(res.status, `${path}?${query}`).toBe(400);
          const body = await json(res);
          expect(body.issues[0]).toEqual({ path: query.split('=')[0], message: 'must be a time between 1970-01-01 and 9999-12-31' });
        }
      }
      const metrics = await send('POST', `/api/v1/metrics/${TRAFFIC}`, JSON.stringify({ bucket: 8640000000000001, counts: { attempts: 1 } }), 'application/json', false);
      expect(metrics.status).toBe(400);
      expect((await json(metrics)).issues).toEqual([{ path: 'bucket', message: 'must be a time between 1970-01-01 and 9999-12-31' }]);
      expect((await get('/api/v1/monitors/calls/traffic?to=1')).status).toBe(200);
    });

    it.skipIf(!available)('answers 400 naming the field for a NUL character, which PostgreSQL cannot store', async () => {
      const message = 'must not contain the NUL character (\\u0000)';
      const path = await get('/api/v1/monitors/a%00b');
      expect(path.status).toBe(400);
      expect((await json(path)).issues).toEqual([{ path: 'id', message }]);
      const query = await fetch(`${app.url}/api/v1/push/${BEAT}?msg=a%00b`);
      expect(query.status).toBe(400);
      expect((await json(query)).message).toBe(`invalid query string: msg: ${message}`);
      const body = await send('POST', '/api/v1/tokens', JSON.stringify({ name: 'a\u0000b', role: 'viewer' }));
      expect(body.status).toBe(400);
      expect((await json(body)).issues).toEqual([{ path: 'name', message }]);
    });

    describe('push errors name the field and the rule', () => {
      const long = 'x'.repeat(300);
      const expected = { path: 'boot_id', message: 'expected a non-empty string of at most 200 characters' };

      it.skipIf(!available)('in a JSON body', async () => {
        const res = await send('POST', `/api/v1/push/${BEAT}`, JSON.stringify({ boot_id: long }), 'application/json', false);
        expect(res.status).toBe(400);
        const body = await json(res);
        expect(body.issues).toEqual([expected]);
        expect(body.message).toBe(`invalid request body: boot_id: ${expected.message}`);
        const uptime = await json(send('POST', `/api/v1/push/${BEAT}`, JSON.stringify({ uptime: true }), 'application/json', false));
        expect(uptime.issues).toEqual([{ path: 'uptime', message: 'expected a number of seconds, 0 or more' }]);
      });

      it.skipIf(!available)('in a form body', async () => {
        const res = await send('POST', `/api/v1/push/${BEAT}`, `boot_id=${long}`, 'application/x-www-form-urlencoded', false);
        expect(res.status).toBe(400);
        expect((await json(res)).issues).toEqual([expected]);
        const uptime = await json(send('POST', `/api/v1/push/${BEAT}`, 'uptime=abc', 'application/x-www-form-urlencoded', false));
        expect(uptime.issues).toEqual([{ path: 'uptime', message: 'expected a number of seconds, 0 or more' }]);
      });

      it.skipIf(!available)('in a query string', async () => {
        const res = await fetch(`${app.url}/api/v1/push/${BEAT}?boot_id=${long}`);
        expect(res.status).toBe(400);
        expect((await json(res)).issues).toEqual([expected]);
        const status = await json(fetch(`${app.url}/api/v1/push/${BEAT}?status=sideways`));
        expect(status.message).toBe('invalid query string: status: expected "up" or "down"');
      });

      it.skipIf(!available)('for traffic counts, down to the counter', async () => {
        const push = (body: unknown) => json(send('POST', `/api/v1/metrics/${TRAFFIC}`, JSON.stringify(body), 'application/json', false));
        expect((await push({ counts: { attempts: 'many' } })).issues).toEqual([{ path: 'counts.attempts', message: 'expected a count, 0 or more' }]);
        expect((await push({ buckets: [{ counts: { attempts: -1 } }] })).issues).toEqual([{ path: 'buckets[0].counts.attempts', message: 'expected a count, 0 or more' }]);
        expect((await push(5)).message).toBe('invalid request body: expected {"counts": {...}} for one bucket or {"buckets": [...]} for many');
      });
    });

    it.skipIf(!available)('answers 409 name_taken, not 500, to tokens created with one name at the same instant', async () => {
      const tokens = new TokenService(app.store, Date.now);
      const created = await Promise.allSettled(Array.from({ length: 6 }, () => tokens.create({ name: 'race', role: 'viewer' })));
      expect(created.filter((c) => c.status === 'fulfilled')).toHaveLength(1);
      for (const c of created) if (c.status === 'rejected') expect(c.reason).toMatchObject({ statusCode: 409, code: 'name_taken' });

      for (let round = 0; round < 5; round++) {
        const name = `race-${round}`;
        const answers = await Promise.all(Array.from({ length: 6 }, () => send('POST', '/api/v1/tokens', JSON.stringify({ name, role: 'viewer' }))));
        const statuses = answers.map((r) => r.status).sort();
        expect(statuses, name).toEqual([201, 409, 409, 409, 409, 409]);
        for (const res of answers.filter((r) => r.status === 409)) expect((await json(res)).error).toBe('name_taken');
      }
    });
  });
}
