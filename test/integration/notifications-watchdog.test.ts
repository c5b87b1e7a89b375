/**
 * Watching the watcher, on SQLite and PostgreSQL.
 *
 * - The auditor over a real store: an escalation step 2 min late raises one internal SEV2
 *   incident (English and French title) paging the admins, and no other while it is open; a due
 *   message not sent within max_delivery_lag does too; a step late by less than the grace does not.
 * - A whole Vigie with `notifications.watchdog` pointing at a loopback capture server: the server
 *   is called while the pipeline is healthy; a channel that never answers stalls the notification
 *   loop and the calls stop (logged once, with why); the channel answers, the loop completes its
 *   step and the calls resume.
 */
import { writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { parseConfigFiles } from '../../src/config/load-config.js';
import { IncidentActions } from '../../src/incidents/incident-actions.js';
import type { IncidentDraft } from '../../src/incidents/incident.types.js';
import { LATE_INCIDENT_KEY, LateAuditor } from '../../src/notifications/late-audit.js';
import { toNotificationsModel } from '../../src/notifications/notifications-config.js';
import type { Store } from '../../src/storage/store.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';
import { DIALECTS, dialectAvailable, withStore } from '../helpers/databases.js';
import { startHttpServer, type TestServer } from '../helpers/http-server.js';

const T0 = Date.UTC(2026, 11, 3, 10, 0);

const auditConfig = parseConfigFiles([
  {
    file: 'vigie.yaml',
    text: `channels:
  - { id: admin-pager, webhook: { url: "http://127.0.0.1:9/admin", secret: a-long-shared-secret-for-tests } }
people:
  - { id: carol, name: Carol Admin, language: fr, contacts: [{ channel: admin-pager }] }
notifications:
  admins: [carol]
`,
  },
]);

function draft(title: string, at: number): IncidentDraft {
  return { source: 'auto', status: 'open', severity: 'SEV1', title: { en: title, fr: title }, summary: null, serviceId: null, rootCause: null, affected: [], commonMode: false, firstFailureAt: at, openedAt: at, lastFailureAt: at };
}

async function startEscalation(store: Store, incidentId: number, nextAt: number): Promise<void> {
  const escalation = { incidentId, policyId: 'p', policy: { levels: [] }, round: 0, nextLevel: 0, nextAt, ackedAt: null, stoppedAt: null, stopReason: null };
  await store.escalations.start(escalation as Parameters<Store['escalations']['start']>[0], nextAt);
}

for (const dialect of DIALECTS) {
  describe(`late notifications auditor (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'notification auditor tests');
    if (!available) {
      it.skip('PostgreSQL not reachable', () => {});
      return;
    }
    const fixture = withStore(dialect);

    it('raises one SEV2 incident for an escalation step 2 min late, pages the admins, and no other while it is open', async () => {
      const { store } = fixture;
      let now = T0;
      const auditor = new LateAuditor({ store, log: pino({ level: 'silent' }), model: () => toNotificationsModel(auditConfig), limits: () => ({ graceMs: 30_000, maxDeliveryLagMs: 60_000 }), now: () => now });
      const outage = await store.incidents.create(draft('Portal: major outage', T0), T0);
      await startEscalation(store, outage.id, T0 + 60_000);
      now = T0 + 60_000 + 30_000;
      expect(await auditor.audit()).toBeUndefined(); // within the grace
      now = T0 + 60_000 + 120_000;
      const raised = await auditor.audit();
      expect(raised).toMatchObject({
        source: 'manual',
        status: 'open',
        severity: 'SEV2',
        title: { en: `Vigie notifications are late: escalation of incident #${outage.id} is 2 min behind`, fr: `Les notifications de Vigie sont en retard : l’escalade de l’incident #${outage.id} a 2 min de retard` },
      });
      expect(await store.meta.get(LATE_INCIDENT_KEY)).toBe(String(raised!.id));
      const pages = await store.deliveries.list({ incidentId: raised!.id }, 10);
      expect(pages.map((d) => [d.personId, d.channelId, d.page, d.language, d.event])).toEqual([['carol', 'admin-pager', true, 'fr', 'opened']]);
      expect((await store.incidents.timeline(raised!.id)).map((e) => e.kind)).toEqual(['opened']);

      now += 60_000;
      expect(await auditor.audit()).toBeUndefined(); // still late, but the incident is open
      await store.incidents.update(raised!.id, { status: 'acknowledged', acknowledgedAt: now }, now);
      expect(await auditor.audit()).toBeUndefined(); // acknowledged is still open
      await store.incidents.update(raised!.id, { status: 'resolved', resolvedAt: now }, now);
      now += 10_000;
      const again = await auditor.audit();
      expect(again?.id).toBeGreaterThan(raised!.id); // resolved while still late: raised anew
      expect(again?.title.en).toBe(`Vigie notifications are late: escalation of incident #${outage.id} is 3 min 10 s behind`);
    });

    it('raises for a due message not sent within max_delivery_lag, not for an escalation of a resolved incident', async () => {
      const { store } = fixture;
      const base = T0 + 86_400_000;
      let now = base;
      const auditor = new LateAuditor({ store, log: pino({ level: 'silent' }), model: () => toNotificationsModel(auditConfig), limits: () => ({ graceMs: 30_000, maxDeliveryLagMs: 60_000 }), now: () => now });
      const previous = await store.meta.get(LATE_INCIDENT_KEY);
      if (previous) await store.incidents.update(Number(previous), { status: 'resolved', resolvedAt: base }, base);
      for (const e of await store.escalations.due(base, 100)) await store.escalations.stop(e.incidentId, 'resolved', base, false);
      for (const d of await store.deliveries.list({ status: ['pending'] }, 100)) await store.deliveries.cancel(d.incidentId!, [d.event], base, false);
      const gone = await store.incidents.create(draft('Mail: outage', base), base);
      await startEscalation(store, gone.id, base);
      await store.incidents.update(gone.id, { status: 'resolved', resolvedAt: base }, base);
      const pending = await store.incidents.create(draft('DNS: outage', base), base);
      await store.deliveries.enqueue([{ idempotencyKey: `late-${pending.id}`, incidentId: pending.id, event: 'opened', channelId: 'admin-pager', personId: null, address: null, language: 'en', page: false, extra: null, notBefore: base }], base);
      now = base + 60_000;
      expect(await auditor.audit()).toBeUndefined();
      now = base + 90_000;
      const raised = await auditor.audit();
      expect(raised?.title).toEqual({
        en: 'Vigie notifications are late: a message due 1 min 30 s ago is not sent yet',
        fr: 'Les notifications de Vigie sont en retard : un message attendu depuis 1 min 30 s n’est toujours pas parti',
      });
    });
  });

  describe(`delivery backlog (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'delivery backlog tests');
    if (!available) {
      it.skip('PostgreSQL not reachable', () => {});
      return;
    }
    const fixture = withStore(dialect);

    it('counts a due message from when it could be sent: not while a sender holds it, from the end of a dead sender\'s lease', async () => {
      const { store } = fixture;
      const base = T0 + 2 * 86_400_000;
      const incident = await store.incidents.create(draft('Web: outage', base), base);
      const message = (key: string, notBefore: number) => ({ idempotencyKey: key, incidentId: incident.id, event: 'opened', channelId: 'hook', personId: null, address: null, language: 'en' as const, page: false, extra: null, notBefore });
      await store.deliveries.enqueue([message('backlog-a', base), message('backlog-b', base + 3_600_000)], base);
      expect(await store.deliveries.backlog(base + 10_000)).toEqual({ due: 1, oldestDueAt: base });
      expect(await store.deliveries.claimDue(base + 10_000, 60_000, 10)).toHaveLength(1);
      expect(await store.deliveries.backlog(base + 30_000)).toEqual({ due: 0, oldestDueAt: null }); // being sent
      // The sender died: the message could be sent again once its lease ran out.
      expect(await store.deliveries.backlog(base + 70_000 + 90_000)).toEqual({ due: 1, oldestDueAt: base + 70_000 });
    });
  });

  describe(`watchdog of a whole Vigie (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'watchdog tests');
    let db: AppDatabase;
    let app: App | undefined;
    let beats: TestServer;
    let stuck: TestServer;
    let hang = false;
    const held: ServerResponse[] = [];
    // The watchdog's calls and Vigie's log lines, in the order they happened (one process, one event loop).
    const events: { call?: { method: string; url: string }; msg?: string }[] = [];
    const calls = () => events.filter((e) => e.call);
    const logged = (msg: string) => events.filter((e) => e.msg?.startsWith(msg));

    beforeAll(async () => {
      if (!available) return;
      beats = await startHttpServer((req, res) => {
        events.push({ call: { method: req.method ?? '', url: req.url ?? '' } });
        req.resume();
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true,"rebooted":false}');
      });
      // A channel that does not answer while `hang` holds (the send timeout is 30 s here, so the stall is seen well before it).
      stuck = await startHttpServer((req, res) => {
        req.resume();
        if (hang) held.push(res);
        else res.writeHead(200).end('{"ok":true}');
      });
      db = appDatabase(dialect);
      const configPath = join(db.dir, 'vigie.yaml');
      writeFileSync(
        configPath,
        `server: { host: 127.0.0.1, port: 0 }
monitors:
  - { id: idle-probe, paused: true, tcp: { host: 127.0.0.1, port: 9 } }
channels:
  - { id: stuck, webhook: { url: "${stuck.origin}/hook", secret: a-long-shared-secret-for-tests } }
notifications:
  routes:
    - { channels: [stuck], group_wait: 0s }
  watchdog:
    url: "${beats.origin}/api/v1/push/watchdog-token-0123456789"
    every: 1s
    max_delivery_lag: 3s
`,
      );
      const stream = new Writable({ write: (chunk: Buffer, _enc, done) => (events.push({ msg: (JSON.parse(chunk.toString()) as { msg: string }).msg }), done()) });
      app = await startApp({ ...db.appOptions(configPath), watch: false, logger: pino({ level: 'debug' }, stream), notifications: { pollMs: 100, sendTimeoutMs: 30_000 } });
    }, 60_000);

    afterAll(async () => {
      if (!available) return;
      hang = false;
      for (const res of held) res.writeHead(200).end('{"ok":true}');
      await app?.close();
      await beats?.close();
      await stuck?.close();
      await db?.cleanup();
    });

    it.skipIf(!available)('audits at each step: an escalation step found 2 min late (as after a downtime) raises the internal incident before it is taken', async () => {
      const store = app!.store;
      const outage = await new IncidentActions(store, app!.bus, Date.now).create({ title: { en: 'Mail: outage', fr: 'Messagerie : panne' }, severity: 'SEV1' }, 'test');
      await waitFor('the outage told to the channel', async () => (await store.deliveries.list({ incidentId: outage.id, status: ['sent'] }, 10)).length > 0, 30_000);
      const policy = { id: 'ops', name: 'ops', levels: [{ afterMs: 0, targets: [] }], repeat: 0, repeatAfterMs: 0 };
      const escalation = { incidentId: outage.id, policyId: 'ops', policy, round: 0, nextLevel: 0, nextAt: Date.now() - 120_000, ackedAt: null, stoppedAt: null, stopReason: null };
      await store.escalations.start(escalation as Parameters<Store['escalations']['start']>[0], Date.now());
      const late = await waitFor('the internal incident', async () => (await store.incidents.active()).find((i) => i.source === 'manual' && i.title.en.startsWith('Vigie notifications are late')), 30_000);
      expect(late.title.en).toMatch(new RegExp(`^Vigie notifications are late: escalation of incident #${outage.id} is 2 min( \\d+ s)? behind$`));
      expect(late.severity).toBe('SEV2');
      await waitFor('the late step taken', async () => (await store.escalations.get(outage.id))?.stoppedAt !== null, 30_000);
    });

    it.skipIf(!available)('calls the URL while healthy, stops while the notification loop is stuck on a channel, resumes after', async () => {
      await waitFor('the watchdog calling while healthy', () => calls().length >= 2, 30_000);
      expect(calls()[0]!.call).toEqual({ method: 'GET', url: '/api/v1/push/watchdog-token-0123456789' });
      expect(logged('watchdog: not calling')).toEqual([]);

      hang = true;
      await new IncidentActions(app!.store, app!.bus, Date.now).create({ title: { en: 'Portal: outage', fr: 'Portail : panne' }, severity: 'SEV2' }, 'test');
      await waitFor('the channel called and left hanging', () => held.length > 0, 30_000);
      const stopped = await waitFor('the watchdog stopping', () => logged('watchdog: not calling the heartbeat URL')[0], 30_000);
      // The loop is stuck; the message it is sending is due and not sent either.
      expect(stopped.msg).toMatch(/^watchdog: not calling the heartbeat URL while the pipeline is unhealthy: .*(notification loop stalled: no step completed for|delivery lag: the oldest due message not sent has waited) \d+ s \(limit 3 s\)/);
      const stopAt = events.indexOf(stopped);
      await waitFor('two beats skipped while the loop is stuck', () => events.slice(stopAt).filter((e) => e.msg === 'watchdog: heartbeat URL not called').length >= 2, 30_000);
      expect(events.slice(stopAt).some((e) => e.msg?.includes('notification loop stalled'))).toBe(true);

      hang = false;
      for (const res of held.splice(0)) res.writeHead(200).end('{"ok":true}');
      await waitFor('calls again', () => events.slice(stopAt).some((e) => e.call), 30_000);
      // Between "not calling" and "healthy again": skipped beats, no call; then calls resume.
      const resumeAt = events.findIndex((e, i) => i > stopAt && e.msg === 'watchdog: the pipeline is healthy again; calling the heartbeat URL');
      expect(resumeAt).toBeGreaterThan(stopAt);
      const between = events.slice(stopAt, resumeAt);
      expect(between.filter((e) => e.call)).toEqual([]);
      const skipped = between.filter((e) => e.msg === 'watchdog: heartbeat URL not called').length;
      expect(skipped).toBeGreaterThanOrEqual(2);
      // Logged when what is behind changes (the message late, then the loop too), not at every beat.
      expect(between.filter((e) => e.msg?.startsWith('watchdog: not calling')).length).toBeLessThanOrEqual(2);
      expect(events.slice(resumeAt).some((e) => e.call)).toBe(true);
    }, 90_000);
  });
}
