/**
 * On-call, silences, channels and deliveries through the HTTP API, on SQLite and PostgreSQL, with
 * the server listening on loopback: who is on call across the Europe/Paris spring-forward night,
 * shifts and their range limit, silences from creation to expiry with errors naming the field,
 * channels with redacted secrets and health, a test message through a webhook channel to a
 * capture server (accepted, then refused with 503), and an incident's deliveries with attempts.
 */
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/build-server.js';
import { generateToken, hashToken } from '../../src/api/tokens.js';
import { Bus } from '../../src/engine/bus.js';
import { parseConfigFiles } from '../../src/config/load-config.js';
import type { MonitorControl } from '../../src/engine/monitor-control.js';
import { toNotificationsModel } from '../../src/notifications/notifications-config.js';
import type { Role } from '../../src/storage/store.js';
import { startCaptureServer, type CaptureServer } from '../helpers/capture-server.js';
import { DIALECTS, dialectAvailable, withStore } from '../helpers/databases.js';
import { Registry } from 'prom-client';

const HOOK_SECRET = 'a-very-secret-signing-key-0123456789';

const config = (hookUrl: string) => `
people:
  - { id: alice, name: Alice Martin, contacts: [{ channel: hook }] }
  - { id: bob, name: Bob Durand, contacts: [{ channel: hook }] }
  - { id: carol, name: Carol Petit, contacts: [{ channel: hook }] }
schedules:
  - id: primary
    name: Primary on-call
    time_zone: Europe/Paris
    layers:
      - { name: daily, rotation: daily, start: '2026-03-27T09:00', members: [alice, bob] }
    overrides:
      - { person: carol, start: '2026-03-30T12:00', end: '2026-03-30T14:00', note: swap with Bob }
  - id: nights
    time_zone: Europe/Paris
    layers:
      - { name: night, rotation: weekly, start: '2026-03-02T00:00', members: [carol], active: [{ from: '22:00', to: '06:00' }] }
channels:
  - { id: hook, name: Ops webhook, webhook: { url: '${hookUrl}', secret: ${HOOK_SECRET} } }
`;

for (const dialect of DIALECTS) {
  describe(`notifications API (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'notifications API tests');
    if (!available) {
      it.skip('PostgreSQL not reachable', () => {});
      return;
    }
    const fixture = withStore(dialect);
    let app: FastifyInstance;
    let url: string;
    let capture: CaptureServer;
    const secrets = {} as Record<Role, string>;
    const call = async (method: string, path: string, role: Role = 'editor', body?: unknown) => {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${secrets[role]}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as any) };
    };

    beforeAll(async () => {
      capture = await startCaptureServer();
      const parsed = parseConfigFiles([{ file: 'vigie.yaml', text: config(`${capture.origin}/hook`) }], {});
      const model = toNotificationsModel(parsed);
      const { store } = fixture;
      const control = {} as MonitorControl;
      app = await buildServer({ store, control, bus: new Bus(), metrics: { registry: new Registry() }, logger: pino({ level: 'silent' }), version: 'test', notifications: () => model });
      url = await app.listen({ host: '127.0.0.1', port: 0 });
      for (const role of ['viewer', 'editor', 'admin'] as const) {
        secrets[role] = generateToken();
        await store.tokens.create({ id: `tok-${role}`, name: `${role}-bot`, role, tokenHash: hashToken(secrets[role]) }, Date.now());
      }
    });

    afterAll(async () => {
      await app?.close();
      await capture?.close();
    });

    it('tells who is on call across the spring-forward night, with local times in the schedule zone', async () => {
      // Sunday 29 March 2026, 08:30 in Paris (06:30 UTC): Bob's shift began Saturday 09:00 (UTC+1) and ends Sunday 09:00 (UTC+2), 23 hours later.
      const res = await call('GET', '/api/v1/oncall?at=2026-03-29T06:30:00Z', 'viewer');
      expect(res.status).toBe(200);
      const primary = res.body.items.find((i: any) => i.schedule.id === 'primary');
      expect(primary.schedule).toEqual({ id: 'primary', name: 'Primary on-call', timeZone: 'Europe/Paris' });
      expect(primary.onCall).toMatchObject({
        person: { id: 'bob', name: 'Bob Durand' }, source: { kind: 'layer', layer: 'daily' },
        since: '2026-03-28T08:00:00.000Z', until: '2026-03-29T07:00:00.000Z',
        sinceLocal: '2026-03-28T09:00:00+01:00', untilLocal: '2026-03-29T09:00:00+02:00',
      });
      // 08:30 local is outside the 22:00–06:00 night layer: a gap.
      expect(res.body.items.find((i: any) => i.schedule.id === 'nights').onCall).toBeNull();
      const override = await call('GET', '/api/v1/oncall?schedule=primary&at=2026-03-30T10:30:00Z', 'viewer');
      expect(override.body.items).toHaveLength(1);
      expect(override.body.items[0].onCall).toMatchObject({ person: { id: 'carol', name: 'Carol Petit' }, source: { kind: 'override', note: 'swap with Bob' }, sinceLocal: '2026-03-30T12:00:00+02:00', untilLocal: '2026-03-30T14:00:00+02:00' });
      const unknown = await call('GET', '/api/v1/oncall?schedule=primay', 'viewer');
      expect(unknown.status).toBe(404);
      expect(unknown.body.message).toBe('schedule "primay" not found');
      expect((await call('GET', '/api/v1/oncall?at=yesterday', 'viewer')).body.issues).toEqual([{ path: 'at', message: expect.stringContaining('ISO 8601') }]);
    });

    it('lists the shifts of a range with the DST-short shift, and refuses a range over 93 days naming `to`', async () => {
      const res = await call('GET', '/api/v1/schedules/primary/shifts?from=2026-03-28T00:00:00Z&to=2026-03-31T00:00:00Z', 'viewer');
      expect(res.status).toBe(200);
      expect(res.body.items.map((s: any) => [s.person.id, s.sinceLocal, s.untilLocal])).toEqual([
        ['alice', '2026-03-28T01:00:00+01:00', '2026-03-28T09:00:00+01:00'],
        ['bob', '2026-03-28T09:00:00+01:00', '2026-03-29T09:00:00+02:00'],
        ['alice', '2026-03-29T09:00:00+02:00', '2026-03-30T09:00:00+02:00'],
        ['bob', '2026-03-30T09:00:00+02:00', '2026-03-30T12:00:00+02:00'],
        ['carol', '2026-03-30T12:00:00+02:00', '2026-03-30T14:00:00+02:00'],
        ['bob', '2026-03-30T14:00:00+02:00', '2026-03-31T02:00:00+02:00'],
      ]);
      const long = await call('GET', '/api/v1/schedules/primary/shifts?from=2026-01-01T00:00:00Z&to=2026-04-05T00:00:00Z', 'viewer');
      expect(long.status).toBe(400);
      expect(long.body.issues).toEqual([{ path: 'to', message: 'must be at most 93 days after from' }]);
      expect((await call('GET', '/api/v1/schedules/primary/shifts?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z', 'viewer')).status).toBe(400);
      expect((await call('GET', '/api/v1/schedules/nope/shifts', 'viewer')).status).toBe(404);
    });

    it('creates, lists, reads and expires silences; errors name the field; viewers cannot write', async () => {
      const created = await call('POST', '/api/v1/silences', 'editor', { matchers: { services: ['sip-core'], incidents: [12] }, duration: '2h', comment: 'carrier maintenance' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ matchers: { services: ['sip-core'], incidents: [12] }, active: true, author: 'editor-bot', comment: 'carrier maintenance' });
      expect(Date.parse(created.body.endsAt) - Date.parse(created.body.startsAt)).toBe(7_200_000);
      const later = await call('POST', '/api/v1/silences', 'editor', { matchers: { tags: ['web'] }, starts_at: '2099-01-01T00:00:00Z', ends_at: '2099-01-01T04:00:00Z', comment: 'planned' });
      expect(later.body.active).toBe(false);
      const list = await call('GET', '/api/v1/silences', 'viewer');
      expect(list.body.items.map((s: any) => s.id)).toEqual([created.body.id, later.body.id]);
      expect((await call('GET', `/api/v1/silences/${later.body.id}`, 'viewer')).body.comment).toBe('planned');

      const bad = async (body: unknown) => (await call('POST', '/api/v1/silences', 'editor', body)).body;
      expect((await bad({ matchers: {}, duration: '1h', comment: 'x' })).issues).toEqual([{ path: 'matchers', message: 'needs at least one of services, tags, severities, incidents' }]);
      expect((await bad({ matchers: { services: ['a'] }, comment: 'x' })).issues).toEqual([{ path: 'ends_at', message: 'needs ends_at or duration' }]);
      expect((await bad({ matchers: { services: ['a'] }, duration: '1h' })).issues).toEqual([{ path: 'comment', message: expect.any(String) }]);
      expect((await bad({ matchers: { severities: ['SEV9'] }, duration: '1h', comment: 'x' })).issues[0].path).toBe('matchers.severities[0]');
      expect((await bad({ matchers: { services: ['a'] }, starts_at: '2099-01-02T00:00:00Z', ends_at: '2099-01-01T00:00:00Z', comment: 'x' })).issues).toEqual([{ path: 'ends_at', message: 'must be after starts_at' }]);
      expect((await call('POST', '/api/v1/silences', 'viewer', { matchers: { services: ['a'] }, duration: '1h', comment: 'x' })).status).toBe(403);

      expect((await call('DELETE', `/api/v1/silences/${created.body.id}`, 'editor')).status).toBe(204);
      expect((await call('GET', '/api/v1/silences', 'viewer')).body.items.map((s: any) => s.id)).toEqual([later.body.id]);
      const again = await call('DELETE', `/api/v1/silences/${created.body.id}`, 'editor');
      expect(again.status).toBe(409);
      expect((await call('DELETE', '/api/v1/silences/999999', 'editor')).status).toBe(404);
      expect((await call('GET', '/api/v1/silences/999999', 'viewer')).status).toBe(404);
    });

    it('lists channels with secrets redacted and their health', async () => {
      await fixture.store.escalations.channelFailed('hook', 'HTTP 410: gone', Date.UTC(2026, 2, 1));
      const res = await call('GET', '/api/v1/channels', 'viewer');
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).not.toContain(HOOK_SECRET);
      expect(res.body.items).toEqual([
        { id: 'hook', name: 'Ops webhook', kind: 'webhook', settings: { url: `${capture.origin}/hook`, secret: '[redacted]', headers: {} }, health: { failing: true, permanentFailures: 1, failingSince: '2026-03-01T00:00:00.000Z', lastError: 'HTTP 410: gone' } },
      ]);
    });

    it('sends a test message through a webhook channel and answers with what the provider said, 503 included', async () => {
      capture.requests.length = 0;
      const ok = await call('POST', '/api/v1/channels/hook/test', 'editor', { language: 'fr' });
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ ok: true, status: 200, answer: '{"ok":true}' });
      expect(capture.requests).toHaveLength(1);
      expect(capture.requests[0]!.headers['vigie-event']).toBe('test');
      expect(capture.requests[0]!.body).toContain('Message de test de Vigie');

      capture.answers.push({ status: 503, body: 'maintenance' });
      const refused = await call('POST', '/api/v1/channels/hook/test', 'editor');
      expect(refused.status).toBe(200);
      expect(refused.body).toEqual({ ok: false, error: 'HTTP 503: maintenance', permanent: false, status: 503 });

      const withTo = await call('POST', '/api/v1/channels/hook/test', 'editor', { to: '+33600000000' });
      expect(withTo.status).toBe(400);
      expect(withTo.body.issues[0].path).toBe('to');
      expect((await call('POST', '/api/v1/channels/nope/test', 'editor', {})).status).toBe(404);
      expect((await call('POST', '/api/v1/channels/hook/test', 'viewer', {})).status).toBe(403);
    });

    it('lists the deliveries of an incident with every attempt', async () => {
      const { store } = fixture;
      const t0 = Date.UTC(2026, 2, 29, 6, 0);
      const incident = await store.incidents.create(
        { source: 'auto', status: 'open', severity: 'SEV1', title: { en: 'Calls: outage', fr: 'Appels : panne' }, summary: null, serviceId: 'calls', rootCause: { kind: 'service', id: 'calls' }, affected: ['service:calls'], commonMode: false, firstFailureAt: t0, openedAt: t0, lastFailureAt: t0 },
        t0,
      );
      await store.deliveries.enqueue([{ idempotencyKey: `d-${incident.id}`, incidentId: incident.id, event: 'opened', channelId: 'hook', personId: 'bob', address: null, language: 'en', page: true, extra: null, notBefore: t0 }], t0);
      const [d] = await store.deliveries.claimDue(t0, 60_000, 10);
      await store.deliveries.finish(d!.id, t0 + 1000, { outcome: 'retry', error: 'HTTP 503: busy', status: 503, retryInMs: 30_000 });
      const [again] = await store.deliveries.claimDue(t0 + 40_000, 60_000, 10);
      await store.deliveries.finish(again!.id, t0 + 41_000, { outcome: 'sent', status: 200, answer: 'ok' });
      const res = await call('GET', `/api/v1/incidents/${incident.id}/deliveries`, 'viewer');
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({
          event: 'opened', channel: 'hook', person: 'bob', page: true, status: 'sent', attempts: 2, lastError: null, lastStatus: 200, sentAt: new Date(t0 + 41_000).toISOString(),
          tries: [
            { at: new Date(t0 + 1000).toISOString(), outcome: 'retry', status: 503, error: 'HTTP 503: busy', answer: null },
            { at: new Date(t0 + 41_000).toISOString(), outcome: 'sent', status: 200, error: null, answer: 'ok' },
          ],
        }),
      ]);
      expect((await call('GET', '/api/v1/incidents/999999/deliveries', 'viewer')).status).toBe(404);
    });
  });
}
