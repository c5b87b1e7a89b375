/**
 * Notifications end to end, on SQLite and PostgreSQL, with real loopback receivers: a service's
 * two web servers fail → one incident → the room is told and the on-call person (schedule) is
 * paged; nobody acknowledges, so level 2 pages the manager; the one-click link in the first page
 * acknowledges (the escalation stops, everyone paged is told); recovery → "resolved" to everyone
 * paged; the timeline shows each delivery and escalation step. Then: a receiver answering 503
 * gets the message once it recovers (Retry-After honoured), one answering 400 fails at once and
 * the channel is reported failing to the admin after three such failures.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';
import { startCaptureServer, type CaptureServer } from '../helpers/capture-server.js';
import { DIALECTS, dialectAvailable } from '../helpers/databases.js';
import { startHttpServer, type TestServer } from '../helpers/http-server.js';
import { createLogger } from '../../src/logger.js';

interface Sinks {
  room: CaptureServer;
  alice: CaptureServer;
  bob: CaptureServer;
  flaky: CaptureServer;
  broken: CaptureServer;
  admin: CaptureServer;
}

function configText(web: TestServer, s: Sinks): string {
  const hook = (sink: CaptureServer, path: string) => `{ url: "${sink.origin}/${path}", secret: a-long-shared-secret-for-tests }`;
  return `server: { host: 127.0.0.1, port: 0 }
scheduler: { batch: { size: 50, interval: 100ms } }
incidents: { resolve_after: 1s }
monitors:
  - { id: web-1, interval: 1s, timeout: 800ms, confirmations: { down: 1, up: 1 }, tags: [web], http: { url: "${web.origin}/a" } }
  - { id: web-2, interval: 1s, timeout: 800ms, confirmations: { down: 1, up: 1 }, tags: [web], http: { url: "${web.origin}/b" } }
  - { id: flaky-probe, paused: true, tags: [flaky], tcp: { host: 127.0.0.1, port: 9 } }
  - { id: broken-probe, paused: true, tags: [broken], tcp: { host: 127.0.0.1, port: 9 } }
services:
  - id: portal
    name: { en: Citizen portal, fr: Portail citoyen }
    criticality: vital
    redundancy: { members: [web-1, web-2], min_healthy: 1, member_label: { en: web servers, fr: serveurs web } }
channels:
  - { id: room, name: Ops room, webhook: ${hook(s.room, 'room')} }
  - { id: alice-pager, name: Alice's pager, webhook: ${hook(s.alice, 'alice')} }
  - { id: bob-pager, name: Bob's pager, webhook: ${hook(s.bob, 'bob')} }
  - { id: flaky, webhook: ${hook(s.flaky, 'flaky')} }
  - { id: broken, webhook: ${hook(s.broken, 'broken')} }
  - { id: admin-pager, webhook: ${hook(s.admin, 'admin')} }
people:
  - { id: alice, name: Alice Martin, language: fr, contacts: [{ channel: alice-pager }] }
  - { id: bob, name: Bob Meyer, contacts: [{ channel: bob-pager }] }
  - { id: carol, name: Carol Admin, contacts: [{ channel: admin-pager }] }
schedules:
  - id: primary
    time_zone: Europe/Paris
    layers: [{ name: weekly, rotation: weekly, start: "2020-01-06T09:00", members: [alice] }]
escalation_policies:
  - id: portal-policy
    repeat: 1
    repeat_after: 10m
    levels:
      - targets: [{ schedule: primary }]
      - { after: 3s, targets: [{ person: bob }] }
notifications:
  admins: [carol]
  routes:
    - match: { services: [portal] }
      escalation: portal-policy
      channels: [room]
      group_wait: 1s
    - match: { tags: [flaky] }
      channels: [flaky]
      group_wait: 0s
    - match: { tags: [broken] }
      channels: [broken]
      group_wait: 0s
`;
}

const bodies = (sink: CaptureServer) => sink.requests.map((r) => JSON.parse(r.body) as { event: string; language: string; idempotency_key: string; incident: { id: number; ack_url: string | null; title: string }; text: { short: string } });

for (const dialect of DIALECTS) {
  describe(`notifications end to end (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'notification end-to-end tests');
    let db: AppDatabase;
    let app: App | undefined;
    let web: TestServer;
    let healthy = true;
    const sinks = {} as Sinks;

    beforeAll(async () => {
      if (!available) return;
      web = await startHttpServer((_req, res) => {
        res.writeHead(healthy ? 200 : 500);
        res.end(healthy ? 'ok' : 'down');
      });
      for (const name of ['room', 'alice', 'bob', 'flaky', 'broken', 'admin'] as const) sinks[name] = await startCaptureServer();
      db = appDatabase(dialect);
      const configPath = join(db.dir, 'vigie.yaml');
      writeFileSync(configPath, configText(web, sinks));
      app = await startApp({ ...db.appOptions(configPath), watch: false, logger: createLogger('error'), incidents: { pollMs: 100 }, notifications: { pollMs: 100 } });
    }, 60_000);

    afterAll(async () => {
      if (!available) return;
      await app?.close();
      await web?.close();
      for (const sink of Object.values(sinks)) await sink?.close();
      await db?.cleanup();
    });

    it.skipIf(!available)('pages the on-call person and escalates to level 2 when nobody acknowledges', async () => {
      await waitFor('both web servers up', () => app!.engine.stateOf('web-1')?.state === 'up' && app!.engine.stateOf('web-2')?.state === 'up', 30_000);
      healthy = false;
      await waitFor('the room told of the incident', () => bodies(sinks.room).some((b) => b.event === 'opened'), 30_000);
      const [opened] = bodies(sinks.room);
      expect(opened!.incident.title).toBe('Citizen portal: major outage');
      expect(opened!.text.short).toMatch(/2 of 2 web servers failed within \d+ s/);
      const page = await waitFor('Alice paged, in French', () => bodies(sinks.alice).find((b) => b.event === 'opened'), 30_000);
      expect(page.language).toBe('fr');
      expect(page.incident.title).toBe('Portail citoyen : panne majeure');
      expect(page.incident.ack_url).toMatch(/\/ack\/[\w-]{22}\.[\w-]{43}$/);
      await waitFor('Bob paged by level 2', () => bodies(sinks.bob).some((b) => b.event === 'opened'), 30_000);
      const incidents = (await app!.store.incidents.list({}, { limit: 10, offset: 0 })).items;
      expect(incidents).toHaveLength(1);
    });

    it.skipIf(!available)('acknowledges through the signed link: escalation stops, everyone paged is told; the link works once', async () => {
      const page = bodies(sinks.alice).find((b) => b.event === 'opened')!;
      const link = page.incident.ack_url!.replace(/^https?:\/\/[^/]+/, app!.url);
      const view = await fetch(link, { headers: { 'accept-language': 'fr-CH, fr;q=0.9' } });
      expect(view.status).toBe(200);
      const html = await view.text();
      expect(html).toContain('<form method="post">');
      expect(html).toContain('Prendre en compte');
      expect((await app!.store.incidents.get(page.incident.id))!.status).toBe('open'); // opening the link acknowledges nothing
      const done = await fetch(link, { method: 'POST' });
      expect(done.status).toBe(200);
      expect(await done.text()).toContain('Escalation stopped');
      await waitFor('acknowledged', async () => (await app!.store.incidents.get(page.incident.id))!.status === 'acknowledged');
      await waitFor('Alice and Bob told of the acknowledgement', () => bodies(sinks.alice).some((b) => b.event === 'acknowledged') && bodies(sinks.bob).some((b) => b.event === 'acknowledged'), 30_000);
      const escalation = await app!.store.escalations.get(page.incident.id);
      expect(escalation).toMatchObject({ stopReason: 'acknowledged' });
      const again = await fetch(link, { method: 'POST' });
      expect(again.status).toBe(410);
      expect(await again.text()).toContain('already used');
      const forged = await fetch(`${link.slice(0, -3)}xyz`);
      expect(forged.status).toBe(404);
    });

    it.skipIf(!available)('tells everyone paged of the resolution, and the timeline shows each delivery and step', async () => {
      const id = bodies(sinks.alice)[0]!.incident.id;
      healthy = true;
      await waitFor('resolved', async () => (await app!.store.incidents.get(id))!.status === 'resolved', 30_000);
      await waitFor('resolution told to Alice, Bob and the room', () => [sinks.alice, sinks.bob, sinks.room].every((s) => bodies(s).some((b) => b.event === 'resolved')), 30_000);
      const expected = [
        'Escalation level 1 paged: Alice Martin (Alice\'s pager)',
        'Escalation level 2 paged: Bob Meyer (Bob\'s pager)',
        'Alice\'s pager to Alice Martin (opened) sent',
        'Bob\'s pager to Bob Meyer (resolved) sent',
        'resolved message to Ops room sent',
      ];
      // The receiver answers before the worker notes the send: wait for the notes.
      const texts = await waitFor('every delivery and step on the timeline', async () => {
        const found = (await app!.store.incidents.timeline(id)).filter((e) => e.kind === 'notification' || e.kind === 'escalation').map((e) => e.text.en);
        return expected.every((t) => found.includes(t)) ? found : undefined;
      });
      expect(texts.filter((t) => t.startsWith('Escalation level'))).toHaveLength(2); // acknowledged: no third step
      // Each message reached its receiver once.
      for (const sink of [sinks.alice, sinks.bob, sinks.room]) {
        const keys = bodies(sink).map((b) => b.idempotency_key);
        expect(new Set(keys).size).toBe(keys.length);
      }
    });

    it.skipIf(!available)('retries a receiver answering 503 until it recovers; fails a 400 at once and reports the channel failing', async () => {
      sinks.flaky.answers.push({ status: 503, headers: { 'retry-after': '1' }, body: 'busy' }, { status: 503, body: 'still busy' });
      sinks.broken.fallback = { status: 400, body: '{"error":"bad payload"}' };
      const open = async (tag: string) => {
        const now = Date.now();
        const incident = await app!.store.incidents.create({ source: 'manual', status: 'open', severity: 'SEV3', title: { en: `Manual ${tag}`, fr: `Manuel ${tag}` }, summary: null, serviceId: null, rootCause: null, affected: [`monitor:${tag}-probe`], commonMode: false, firstFailureAt: null, openedAt: now, lastFailureAt: now }, now);
        return incident.id;
      };
      await open('flaky');
      await waitFor('the flaky receiver got the message after two 503s', async () => (await app!.store.deliveries.list({ channelId: 'flaky' }, 10))[0]?.status === 'sent', 30_000);
      expect(sinks.flaky.requests).toHaveLength(3);
      const [delivery] = await app!.store.deliveries.list({ channelId: 'flaky' }, 10);
      expect(delivery).toMatchObject({ status: 'sent', attempts: 3 });
      const attempts = await app!.store.deliveries.attempts(delivery!.id);
      expect(attempts.map((a) => a.outcome)).toEqual(['retry', 'retry', 'sent']);
      expect(attempts[0]!.retryInMs).toBeGreaterThanOrEqual(1000);
      for (let i = 0; i < 3; i += 1) await open('broken');
      await waitFor('three deliveries to the broken receiver failed', async () => (await app!.store.deliveries.list({ channelId: 'broken', status: ['failed'] }, 10)).length === 3, 30_000);
      expect(sinks.broken.requests).toHaveLength(3); // a 400 is not retried
      const [failed] = await app!.store.deliveries.list({ channelId: 'broken' }, 1);
      expect(failed!.lastError).toBe('HTTP 400: {"error":"bad payload"}');
      // The worker counts the failure just after marking the delivery failed: wait for the count.
      const health = await waitFor('three permanent failures counted', async () => {
        const h = (await app!.store.escalations.channelHealth()).find((c) => c.channelId === 'broken');
        return h && h.permanentFailures >= 3 ? h : undefined;
      }, 30_000);
      expect(health).toMatchObject({ permanentFailures: 3 });
      const alert = await waitFor('the admin told that the channel is failing', () => bodies(sinks.admin)[0], 30_000);
      expect(alert.text.short).toBe('Notification channel "broken" is failing: HTTP 400: {"error":"bad payload"}');
    });
  });
}
