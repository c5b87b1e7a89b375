/**
 * Overrides of on-call schedules through the HTTP API of a whole Vigie (`startApp`), on SQLite and
 * PostgreSQL: a responder puts someone on call, `GET /oncall`, the shifts and the escalation model
 * name them at once, the last created of overlapping overrides wins over the config's, deleting
 * restores the rotation, the override survives a restart; viewers are refused every write; bad
 * input answers 400 naming the field; unknown schedules 404 naming them; writes are audited;
 * `GET /people` masks addresses for viewers.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateToken, hashToken } from '../../src/api/tokens.js';
import { startApp, type App } from '../../src/app.js';
import { levelRecipients } from '../../src/notifications/recipients.js';
import { whoAt } from '../../src/oncall/on-call.js';
import type { Role } from '../../src/storage/store.js';
import { appDatabase, type AppDatabase } from '../helpers/app-database.js';
import { DIALECTS, dialectAvailable } from '../helpers/databases.js';

const HOUR = 3_600_000;

// ana and ben alternate daily at 09:00 Paris; a config override puts carla on from 2026-01-10 to 2099.
const CONFIG = `server: { host: 127.0.0.1, port: 0 }
monitors:
  - { id: beat, heartbeat: { period: 1h, token: overrides-api-heartbeat-token } }
people:
  - { id: ana, name: Ana Lopez, contacts: [{ channel: mail, to: ana.lopez@example.org }] }
  - { id: ben, name: Ben Okafor, contacts: [{ channel: mail, to: ben@example.org }] }
  - { id: carla, name: Carla Rossi, contacts: [{ channel: mail, to: carla@example.org }] }
  - { id: dora, name: Dora Weiss, contacts: [{ channel: mail, to: dora@example.org }] }
schedules:
  - id: primary
    name: Primary on-call
    time_zone: Europe/Paris
    layers:
      - { name: daily, rotation: daily, start: '2026-01-05T09:00', members: [ana, ben] }
    overrides:
      - { person: carla, start: '2026-01-10T09:00', end: '2099-01-01T00:00', note: config stand-in }
channels:
  - { id: mail, name: Mail, email: { host: 127.0.0.1, port: 2525, starttls: never, from: vigie@example.org } }
`;

for (const dialect of DIALECTS) {
  describe(`schedule overrides API (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'schedule overrides API tests');
    if (!available) {
      it.skip('PostgreSQL not reachable', () => {});
      return;
    }
    let db: AppDatabase;
    let app: App;
    const tokens: Record<string, string> = {};

    const call = async (method: string, path: string, as: Role, body?: unknown) => {
      const headers: Record<string, string> = { authorization: `Bearer ${tokens[as]}` };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${app.url}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as any) : undefined };
    };
    const onCallNow = async () => (await call('GET', '/api/v1/oncall?schedule=primary', 'viewer')).body.items[0].onCall;
    const start = async () => {
      app = await startApp({ ...db.appOptions(join(db.dir, 'vigie.yaml')), watch: false });
    };

    beforeAll(async () => {
      db = appDatabase(dialect);
      writeFileSync(join(db.dir, 'vigie.yaml'), CONFIG);
      await start();
      for (const role of ['viewer', 'responder', 'admin'] as const) {
        tokens[role] = generateToken();
        await app.store.tokens.create({ id: `t-${role}`, name: `${role}-token`, role, tokenHash: hashToken(tokens[role]) }, Date.now());
      }
    }, 60_000);

    afterAll(async () => {
      await app?.close();
      await db?.cleanup();
    });

    it('lists the config override, then a responder’s override names its person everywhere at once', async () => {
      const listed = await call('GET', '/api/v1/schedules/primary/overrides', 'viewer');
      expect(listed.status).toBe(200);
      expect(listed.body.schedule).toEqual({ id: 'primary', name: 'Primary on-call', timeZone: 'Europe/Paris' });
      expect(listed.body.items).toEqual([expect.objectContaining({ id: null, source: 'config', person: { id: 'carla', name: 'Carla Rossi' }, note: 'config stand-in', author: null })]);
      expect((await onCallNow()).person.id).toBe('carla');

      const now = Date.now();
      const created = await call('POST', '/api/v1/schedules/primary/overrides', 'responder', { person: 'dora', start: new Date(now - HOUR).toISOString(), end: new Date(now + 2 * HOUR).toISOString(), note: 'covering for Carla' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ source: 'api', person: { id: 'dora', name: 'Dora Weiss' }, note: 'covering for Carla', author: 'responder-token' });
      expect(created.body.startLocal).toMatch(/[+-]0[12]:00$/);
      const now2 = await onCallNow();
      expect(now2.person.id).toBe('dora');
      expect(now2.source).toEqual({ kind: 'override', note: 'covering for Carla' });
      const shifts = await call('GET', `/api/v1/schedules/primary/shifts?from=${now}&to=${now + 4 * HOUR}`, 'viewer');
      expect(shifts.body.items.map((s: any) => s.person.id)).toEqual(['dora', 'carla']);

      // Escalation and crisis roles read the notification service's model: the override is in it.
      const model = app.notifications.model();
      expect(whoAt(model.schedules.get('primary')!, Date.now())?.person).toBe('dora');
      expect(levelRecipients(model, [{ kind: 'schedule', id: 'primary' }], 'SEV1', Date.now()).recipients.map((r) => r.address)).toEqual(['dora@example.org']);

      // Overlapping overrides: the last created wins where they overlap.
      const later = await call('POST', '/api/v1/schedules/primary/overrides', 'responder', { person: 'ben', start: now, end: now + HOUR });
      expect(later.status).toBe(201);
      expect((await onCallNow()).person.id).toBe('ben');
      const items = (await call('GET', '/api/v1/schedules/primary/overrides', 'viewer')).body.items;
      expect(items.map((o: any) => [o.source, o.person.id])).toEqual([['config', 'carla'], ['api', 'dora'], ['api', 'ben']]);
      expect((await call('DELETE', `/api/v1/schedules/primary/overrides/${later.body.id}`, 'responder')).status).toBe(204);
      expect((await onCallNow()).person.id).toBe('dora');
    });

    it('keeps API overrides across a restart, and deleting the last one restores the config', async () => {
      await app.close();
      await start();
      expect((await onCallNow()).person.id).toBe('dora');
      const items = (await call('GET', '/api/v1/schedules/primary/overrides', 'viewer')).body.items;
      const dora = items.find((o: any) => o.person.id === 'dora');
      expect((await call('DELETE', `/api/v1/schedules/primary/overrides/${dora.id}`, 'responder')).status).toBe(204);
      expect((await onCallNow()).person.id).toBe('carla');
      expect(whoAt(app.notifications.model().schedules.get('primary')!, Date.now())?.person).toBe('carla');
      const again = await call('DELETE', `/api/v1/schedules/primary/overrides/${dora.id}`, 'responder');
      expect(again.status).toBe(404);
      expect(again.body.message).toContain(String(dora.id));
    });

    it('refuses every override write to a viewer', async () => {
      const now = Date.now();
      expect((await call('POST', '/api/v1/schedules/primary/overrides', 'viewer', { person: 'ana', start: now, end: now + HOUR })).status).toBe(403);
      expect((await call('DELETE', '/api/v1/schedules/primary/overrides/1', 'viewer')).status).toBe(403);
      expect((await call('GET', '/api/v1/schedules/primary/overrides', 'viewer')).body.items.filter((o: any) => o.source === 'api')).toEqual([]);
    });

    it('answers 400 naming the field for bad input, and 404 naming an unknown schedule', async () => {
      const now = Date.now();
      const post = (body: unknown, schedule = 'primary') => call('POST', `/api/v1/schedules/${schedule}/overrides`, 'responder', body);
      const bad = async (body: unknown, path: string, message: RegExp) => {
        const res = await post(body);
        expect(res.status, JSON.stringify(res.body)).toBe(400);
        expect(res.body.issues[0].path).toBe(path);
        expect(res.body.issues[0].message).toMatch(message);
      };
      await bad({ person: 'dorra', start: now, end: now + HOUR }, 'person', /unknown person "dorra"; did you mean "dora"\?/);
      await bad({ person: 'zed', start: now, end: now + HOUR }, 'person', /unknown person "zed"/);
      await bad({ person: 'ana', start: now + HOUR, end: now }, 'end', /after start/);
      await bad({ person: 'ana', start: now - 3 * HOUR, end: now - HOUR }, 'end', /future/);
      await bad({ person: 'ana', start: 'next tuesday', end: now + HOUR }, 'start', /date-time/);
      await bad({ person: 'ana', start: now }, 'end', /./);
      await bad({ person: 'ana', start: now, end: now + HOUR, extra: 1 }, 'extra', /not a known field/);
      const unknown = await post({ person: 'ana', start: now, end: now + HOUR }, 'secondary');
      expect(unknown.status).toBe(404);
      expect(unknown.body.message).toContain('"secondary"');
      expect((await call('GET', '/api/v1/schedules/secondary/overrides', 'viewer')).status).toBe(404);
      // A local time is read in the schedule's zone.
      const local = await post({ person: 'ana', start: '2099-06-01T08:00', end: '2099-06-01T20:00' });
      expect(local.status).toBe(201);
      expect([local.body.start, local.body.startLocal]).toEqual(['2099-06-01T06:00:00.000Z', '2099-06-01T08:00:00+02:00']);
      expect((await call('DELETE', `/api/v1/schedules/primary/overrides/${local.body.id}`, 'responder')).status).toBe(204);
    });

    it('records override writes in the audit log', async () => {
      const audit = (await call('GET', '/api/v1/audit?limit=50', 'admin')).body.items as any[];
      const actions = audit.filter((e) => e.action.includes('/overrides')).map((e) => `${e.actor} ${e.action}`);
      expect(actions).toContain('responder-token POST /api/v1/schedules/:id/overrides');
      expect(actions).toContain('responder-token DELETE /api/v1/schedules/:id/overrides/:overrideId');
    });

    it('shows the configured people (addresses masked for viewers) and schedules', async () => {
      const viewer = (await call('GET', '/api/v1/people', 'viewer')).body.items;
      expect(viewer.map((p: any) => p.id)).toEqual(['ana', 'ben', 'carla', 'dora']);
      expect(viewer[0]).toEqual({ id: 'ana', name: 'Ana Lopez', language: 'en', timeZone: null, contacts: [{ id: 'mail', channel: 'mail', to: 'a…@example.org' }], rules: 0 });
      expect(JSON.stringify(viewer)).not.toContain('ana.lopez');
      expect((await call('GET', '/api/v1/people', 'responder')).body.items[0].contacts[0].to).toBe('ana.lopez@example.org');
      const schedules = (await call('GET', '/api/v1/schedules', 'viewer')).body.items;
      expect(schedules).toEqual([{
        id: 'primary', name: 'Primary on-call', timeZone: 'Europe/Paris', overrides: { config: 1, api: 0 },
        layers: [{ name: 'daily', rotation: 'daily', shiftHours: 24, handOff: '2026-01-05T09:00', members: [{ id: 'ana', name: 'Ana Lopez' }, { id: 'ben', name: 'Ben Okafor' }], active: null }],
      }]);
    });
  });
}
