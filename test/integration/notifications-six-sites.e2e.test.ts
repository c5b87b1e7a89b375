/**
 * The emergency-call outage with notifications, end to end on SQLite and PostgreSQL: six real
 * SIPp call servers behind `emergency-calls` (k = 4 of 6) stop → one incident → the person on
 * call in the telecom schedule (not the IT one) is paged on two channels (a pager webhook and an
 * SMS gateway); nobody acknowledges, so level 2 pages the duty manager after its delay; the
 * signed link in the page acknowledges and the escalation stops; the servers come back → the
 * incident resolves and "resolved" reaches everyone paged; the timeline shows each delivery.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';
import { startCaptureServer, type CaptureServer } from '../helpers/capture-server.js';
import { DIALECTS, dialectAvailable } from '../helpers/databases.js';
import { sippBinary, startSippUas, type SippUas } from '../helpers/sipp.js';

const sipp = sippBinary('notification six-sites end-to-end tests');
const SITES = ['paris', 'lyon', 'marseille', 'rennes', 'lille', 'noumea'].map((name, index) => ({ id: `call-server-${index + 1}`, name: `Call server ${name}` }));

interface Sinks {
  pager: CaptureServer;
  sms: CaptureServer;
  manager: CaptureServer;
  it: CaptureServer;
}

function configText(ports: readonly number[], s: Sinks): string {
  const monitors = SITES.map((site, i) => `  - { id: ${site.id}, name: ${site.name}, interval: 1s, timeout: 800ms, confirmations: { down: 1, up: 1 }, sip: { host: 127.0.0.1, port: ${ports[i]}, transport: tcp } }\n`);
  return `server: { host: 127.0.0.1, port: 0 }
scheduler: { batch: { size: 50, interval: 100ms } }
incidents: { resolve_after: 1s }
monitors:
${monitors.join('')}services:
  - id: emergency-calls
    name: { en: Emergency calls, fr: Appels d'urgence }
    criticality: vital
    redundancy: { members: [${SITES.map((site) => site.id).join(', ')}], min_healthy: 4, member_label: { en: call servers, fr: serveurs d'appel } }
channels:
  - { id: pager, name: Pager, webhook: { url: "${s.pager.origin}/pager" } }
  - { id: it-pager, name: IT pager, webhook: { url: "${s.it.origin}/it" } }
  - { id: manager-pager, name: Manager pager, webhook: { url: "${s.manager.origin}/manager" } }
  - id: sms
    name: SMS
    sms: { url: "${s.sms.origin}/send", from: Vigie, content_type: form, body: "To={{to}}&From={{from}}&Body={{text}}" }
people:
  - id: alice
    name: Alice Martin
    language: fr
    contacts: [{ channel: pager }, { channel: sms, to: "+33612345678" }]
  - { id: dave, name: Dave IT, contacts: [{ channel: it-pager }] }
  - { id: bob, name: Bob Manager, contacts: [{ channel: manager-pager }] }
schedules:
  - { id: telecom-primary, time_zone: Europe/Paris, layers: [{ name: weekly, rotation: weekly, start: "2020-01-06T09:00", members: [alice] }] }
  - { id: it-primary, time_zone: Europe/Paris, layers: [{ name: weekly, rotation: weekly, start: "2020-01-06T09:00", members: [dave] }] }
escalation_policies:
  - id: telecom
    repeat: 2
    repeat_after: 10m
    levels:
      - targets: [{ schedule: telecom-primary }]
      - { after: 3s, targets: [{ person: bob }] }
  - id: it
    levels: [{ targets: [{ schedule: it-primary }] }]
notifications:
  routes:
    - { match: { services: [emergency-calls] }, escalation: telecom, group_wait: 2s }
    - { escalation: it }
`;
}

type Body = { event: string; incident: { id: number; ack_url: string | null; cause: string | null }; text: { short: string } };
const bodies = (sink: CaptureServer) => sink.requests.filter((r) => r.headers['content-type'] === 'application/json').map((r) => JSON.parse(r.body) as Body);
const sms = (sink: CaptureServer) => sink.requests.map((r) => new URLSearchParams(r.body));

for (const dialect of DIALECTS) {
  describe.skipIf(!sipp)(`notifications: six call servers (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'notification six-sites end-to-end tests');
    let servers: SippUas[] = [];
    let db: AppDatabase;
    let app: App | undefined;
    let configPath: string;
    const sinks = {} as Sinks;
    const start = () => Promise.all(SITES.map(() => startSippUas(sipp!, { answer: 200, transport: 'tcp', maxCalls: 100_000 })));

    beforeAll(async () => {
      if (!available) return;
      servers = await start();
      for (const name of ['pager', 'sms', 'manager', 'it'] as const) sinks[name] = await startCaptureServer();
      db = appDatabase(dialect);
      configPath = join(db.dir, 'vigie.yaml');
      writeFileSync(configPath, configText(servers.map((s) => s.port), sinks));
      app = await startApp({ ...db.appOptions(configPath), watch: false, logger: createLogger('error'), incidents: { pollMs: 100 }, notifications: { pollMs: 100 } });
      await waitFor('six call servers up', () => SITES.every((site) => app!.engine.stateOf(site.id)?.state === 'up'), 30_000);
    }, 60_000);

    afterAll(async () => {
      if (!available) return;
      await app?.close();
      await Promise.all(servers.map((server) => server.stop()));
      for (const sink of Object.values(sinks)) await sink?.close();
      await db?.cleanup();
    });

    it.skipIf(!available)('pages the telecom on-call person on two channels, then the manager after the delay', async () => {
      await Promise.all(servers.map((s) => s.stop()));
      const page = await waitFor('Alice paged on her pager', () => bodies(sinks.pager).find((b) => b.event === 'opened'), 45_000);
      const text = await waitFor('Alice paged by SMS', () => sms(sinks.sms)[0], 30_000);
      expect(text.get('To')).toBe('+33612345678');
      expect(text.get('From')).toBe('Vigie');
      expect(text.get('Body')).toMatch(/^\[SEV1\] Appels d'urgence : panne majeure/);
      expect(page.incident.cause).toMatch(/serveurs d'appel sur 6 sont tombés en panne/); // in Alice's language, with the common mode
      await waitFor('level 2: the manager paged', () => bodies(sinks.manager).some((b) => b.event === 'opened'), 30_000);
      expect(sinks.it.requests).toEqual([]); // the IT schedule is not paged for emergency calls
      expect((await app!.store.incidents.list({}, { limit: 10, offset: 0 })).items).toHaveLength(1); // six servers down: one incident
    });

    it.skipIf(!available)('stops the escalation when the signed link acknowledges, and tells everyone paged when the servers are back', async () => {
      const page = bodies(sinks.pager).find((b) => b.event === 'opened')!;
      const link = page.incident.ack_url!.replace(/^https?:\/\/[^/]+/, app!.url);
      expect((await fetch(link, { method: 'POST' })).status).toBe(200);
      await waitFor('escalation stopped by the acknowledgement', async () => (await app!.store.escalations.get(page.incident.id))?.stopReason === 'acknowledged');
      servers = await start();
      writeFileSync(configPath, configText(servers.map((s) => s.port), sinks));
      await app!.reload();
      await waitFor('incident resolved', async () => (await app!.store.incidents.get(page.incident.id))!.status === 'resolved', 60_000);
      await waitFor('resolved to the pager, the SMS and the manager', () =>
        bodies(sinks.pager).some((b) => b.event === 'resolved') && bodies(sinks.manager).some((b) => b.event === 'resolved') && sms(sinks.sms).some((p) => /^\[Résolu\]/.test(p.get('Body') ?? '')), 30_000);
      const notes = await waitFor('each delivery on the timeline', async () => {
        const found = (await app!.store.incidents.timeline(page.incident.id)).filter((e) => e.kind === 'notification').map((e) => e.text.en);
        return ['Pager to Alice Martin (opened) sent', 'SMS to Alice Martin (opened) sent', 'Manager pager to Bob Manager (opened) sent', 'SMS to Alice Martin (resolved) sent'].every((t) => found.includes(t)) ? found : undefined;
      }, 30_000);
      expect(notes.length).toBeGreaterThanOrEqual(4);
      expect(sinks.it.requests).toEqual([]);
    });
  });
}
