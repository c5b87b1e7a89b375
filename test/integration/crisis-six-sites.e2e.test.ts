/**
 * The 2 June 2021 emergency-calls outage with a crisis cell, end to end on SQLite and PostgreSQL:
 * six real SIPp call servers behind `emergency-calls` (vital, k = 4 of 6) stop while the traffic
 * feed shows answered calls falling to 10 % → one SEV1 incident with common mode → the telecom
 * crisis cell is activated by rule within seconds → every member is paged on every contact (a
 * real SMTP server and webhook sinks) and the crisis room gets the activation post → deadlines
 * are created (internal notice in 20 s, an authority notice, the NIS2 set) → reminders reach the
 * owner and the crisis lead is told when the internal notice is overdue → the authority draft
 * holds the start time, the service and a calls-lost estimate within 5 % of what the feed lost →
 * a responder without the role cannot approve it (403), the communication lead can; sending it
 * mails the regulator and meets its deadline → the servers come back → the report has every
 * figure.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/api/tokens.js';
import { startApp, type App } from '../../src/app.js';
import { formatDateTime } from '../../src/crisis/draft-facts.js';
import { createLogger } from '../../src/logger.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';
import { startCaptureServer, type CaptureServer } from '../helpers/capture-server.js';
import { DIALECTS, dialectAvailable } from '../helpers/databases.js';
import { sippBinary, startSippUas, type SippUas } from '../helpers/sipp.js';
import { parseMail, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

const sipp = sippBinary('crisis six-sites end-to-end tests');
const SITES = ['paris', 'lyon', 'marseille', 'rennes', 'lille', 'noumea'].map((name, index) => ({ id: `call-server-${index + 1}`, name: `Call server ${name}` }));
const ACCOUNT = { user: 'vigie', password: 'crisis-smtp-password' };
const FEED_TOKEN = 'emergency-feed-0123456789abcdef';
const BUCKET = 60_000;
/** Answered calls per minute on a normal day, and during the outage (10 %). */
const NORMAL = 990;
const OUTAGE = 100;
const TOKENS = { carol: 'vigie_carol0123456789abcdefABCDEFGHIJKLMNOP'.slice(0, 38), bob: 'vigie_bob0123456789abcdefABCDEFGHIJKLMNOPQR'.slice(0, 38) };

interface Sinks {
  pager: CaptureServer;
  room: CaptureServer;
  smtp: SmtpSink;
}

function configText(ports: readonly number[], s: Sinks): string {
  const monitors = SITES.map((site, i) => `  - { id: ${site.id}, name: ${site.name}, interval: 1s, timeout: 800ms, confirmations: { down: 1, up: 1 }, sip: { host: 127.0.0.1, port: ${ports[i]}, transport: tcp } }\n`);
  return `server: { host: 127.0.0.1, port: 0 }
scheduler: { batch: { size: 50, interval: 100ms } }
incidents: { resolve_after: 1s }
monitors:
${monitors.join('')}  - id: call-traffic
    name: Answered emergency calls
    interval: 5s
    confirmations: { down: 2, up: 1 }
    traffic: { token: ${FEED_TOKEN}, bucket: 1m, volume: attempts, ratio: { name: ASR, numerator: answered, denominator: attempts, min: 0.5 }, baseline: { buckets: 12 }, grace: 10m }
services:
  - id: emergency-calls
    name: { en: Emergency calls, fr: Appels d'urgence }
    criticality: vital
    components: [call-traffic]
    redundancy: { members: [${SITES.map((site) => site.id).join(', ')}], min_healthy: 4, member_label: { en: call servers, fr: serveurs d'appel } }
channels:
  - { id: pager, name: Pager, webhook: { url: "${s.pager.origin}/pager" } }
  - { id: crisis-room, name: Crisis room, webhook: { url: "${s.room.origin}/room" } }
  - id: mail
    name: E-mail
    email: { host: 127.0.0.1, port: ${s.smtp.port}, starttls: never, user: ${ACCOUNT.user}, password: "\${CRISIS_SMTP_PASSWORD}", from: "Vigie <vigie@operator.example>" }
people:
  - { id: alice, name: Alice Martin, language: fr, contacts: [{ channel: pager }, { channel: mail, to: alice@operator.example }] }
  - { id: carol, name: Carol Dupont, language: fr, contacts: [{ channel: mail, to: carol@operator.example }] }
  - { id: bob, name: Bob Meyer, contacts: [{ channel: mail, to: bob@operator.example }] }
  - { id: dan, name: Dan Scribe, contacts: [{ channel: mail, to: dan@operator.example }] }
  - { id: eve, name: Eve Liaison, language: fr, contacts: [{ channel: mail, to: eve@operator.example }] }
schedules:
  - { id: telecom-primary, time_zone: Europe/Paris, layers: [{ name: weekly, rotation: weekly, start: "2020-01-06T09:00", members: [bob] }] }
stakeholders:
  - id: regulator
    name: { en: Telecom regulator, fr: Régulateur des télécoms }
    group: authorities
    language: fr
    contacts: [{ channel: mail, to: alerte@regulator.example }]
crisis:
  reminders: [0.5, 0.9]
  cells:
    - id: telecom
      name: { en: Telecom crisis cell, fr: Cellule de crise télécom }
      bridge: https://bridge.operator.example/crise
      channel: crisis-room
      roles:
        crisis_lead: [alice]
        communication_lead: [carol]
        technical_lead: [{ schedule: telecom-primary }]
        scribe: [dan]
        authority_liaison: [eve]
      checklists:
        emergency-calls:
          - { en: Inform the ministry and the regulator, fr: Informer le ministère et le régulateur }
          - { en: Warn the emergency-call centres, fr: Prévenir les centres de traitement des appels d'urgence }
  rules:
    - { id: vital-common-mode, cell: telecom, kind: emergency-calls, common_mode_vital: true }
  obligations:
    - { id: internal-notice, audience: internal, within: 20s, owner: communication_lead }
    - { id: regulator-notice, audience: authority, within: 30m, stakeholders: [regulator], owner: communication_lead }
    - { id: nis2, preset: nis2, stakeholders: [regulator], owner: authority_liaison }
`;
}

const json = (r: CaptureServer['requests'][number]) => JSON.parse(r.body) as { event: string; text: { subject: string; short: string; full: string } };
const mailsTo = (smtp: SmtpSink, to: string) => smtp.messages.filter((m) => m.to.includes(to)).map((m) => ({ ...m, parsed: parseMail(m.raw) }));

for (const dialect of DIALECTS) {
  describe.skipIf(!sipp)(`crisis cell: six call servers (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'crisis six-sites end-to-end tests');
    let servers: SippUas[] = [];
    let db: AppDatabase;
    let app: App | undefined;
    let configPath: string;
    const sinks = {} as Sinks;
    const start = () => Promise.all(SITES.map(() => startSippUas(sipp!, { answer: 200, transport: 'tcp', maxCalls: 100_000 })));
    const api = (path: string, token: string, init: { method?: string; body?: unknown } = {}) =>
      fetch(`${app!.url}${path}`, { method: init.method ?? 'GET', headers: { authorization: `Bearer ${token}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
    const push = (buckets: { bucket: number; counts: Record<string, number> }[]) =>
      fetch(`${app!.url}/api/v1/metrics/${FEED_TOKEN}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ buckets }) });
    let stoppedAt = 0;
    let incidentId = 0;
    let crisisId = 0;

    beforeAll(async () => {
      if (!available) return;
      process.env['CRISIS_SMTP_PASSWORD'] = ACCOUNT.password;
      servers = await start();
      sinks.pager = await startCaptureServer();
      sinks.room = await startCaptureServer();
      sinks.smtp = await startSmtpSink(ACCOUNT);
      db = appDatabase(dialect);
      configPath = join(db.dir, 'vigie.yaml');
      writeFileSync(configPath, configText(servers.map((s) => s.port), sinks));
      app = await startApp({ ...db.appOptions(configPath), watch: false, logger: createLogger('error'), incidents: { pollMs: 100 }, notifications: { pollMs: 100 } });
      for (const [name, secret] of Object.entries(TOKENS)) await app.store.tokens.create({ id: `tok-${name}`, name, role: 'editor', tokenHash: hashToken(secret) }, Date.now());
      // Twenty minutes of a normal day on the feed: the baseline.
      const current = Math.floor(Date.now() / BUCKET) * BUCKET;
      const history = Array.from({ length: 20 }, (_, i) => ({ bucket: current - (20 - i) * BUCKET, counts: { attempts: 1000 + (i % 3), answered: NORMAL + (i % 3) - 1 } }));
      expect((await push(history)).status).toBe(200);
      await waitFor('six call servers up', () => SITES.every((site) => app!.engine.stateOf(site.id)?.state === 'up'), 30_000);
    }, 60_000);

    afterAll(async () => {
      if (!available) return;
      await app?.close();
      await Promise.all(servers.map((server) => server.stop()));
      await sinks.pager?.close();
      await sinks.room?.close();
      await sinks.smtp?.close();
      await db?.cleanup();
    });

    it.skipIf(!available)('activates the crisis cell within seconds of the common-mode incident and pages every member on every contact', async () => {
      stoppedAt = Date.now();
      await Promise.all(servers.map((s) => s.stop()));
      const incident = await waitFor('a SEV1 common-mode incident', async () => (await app!.store.incidents.active()).find((i) => i.severity === 'SEV1' && i.commonMode), 45_000);
      incidentId = incident.id;
      const crisis = await waitFor('the crisis activated', () => app!.store.crises.forIncident(incident.id), 30_000);
      crisisId = crisis.id;
      expect(crisis).toMatchObject({ cellId: 'telecom', kind: 'emergency-calls', status: 'active', ruleId: 'vital-common-mode', bridge: 'https://bridge.operator.example/crise' });
      expect(crisis.activatedAt - incident.openedAt).toBeLessThanOrEqual(10_000);
      expect(crisis.roles).toEqual({ crisis_lead: ['alice'], communication_lead: ['carol'], technical_lead: ['bob'], scribe: ['dan'], authority_liaison: ['eve'] });
      expect(crisis.checklist.map((c) => c.text.en)).toEqual(['Inform the ministry and the regulator', 'Warn the emergency-call centres']);
      // Every member on every contact, in their language; the crisis room gets the post.
      for (const who of ['alice', 'carol', 'bob', 'dan', 'eve']) {
        const mail = await waitFor(`${who} paged by e-mail`, () => mailsTo(sinks.smtp, `${who}@operator.example`).find((m) => /CRIS[IE]/.test(m.parsed.headers.get('subject') ?? '')), 30_000);
        expect(mail.parsed.text).toContain('https://bridge.operator.example/crise');
      }
      const alicePage = await waitFor('alice paged on her pager', () => sinks.pager.requests.map(json).find((b) => b.event === 'crisis'), 30_000);
      expect(alicePage.text.short).toMatch(/^CRISE ACTIVÉE Telecom crisis cell: .*Votre rôle: directeur de crise/);
      expect(mailsTo(sinks.smtp, 'carol@operator.example')[0]!.parsed.text).toContain('responsable communication');
      const post = await waitFor('the crisis room post', () => sinks.room.requests.map(json).find((b) => b.event === 'crisis'), 30_000);
      expect(post.text.full).toContain('Inform the ministry and the regulator');
      // The deadlines, counted from the incident's detection.
      const deadlines = await app!.store.crises.deadlines(crisis.id);
      expect(deadlines.map((d) => [d.key, d.dueAt - incident.openedAt])).toEqual([
        ['internal-notice', 20_000],
        ['regulator-notice', 30 * 60_000],
        ['nis2.early_warning', 24 * 3_600_000],
        ['nis2.notification', 72 * 3_600_000],
        ['nis2.final_report', expect.any(Number)],
      ]);
      const timeline = (await app!.store.incidents.timeline(incident.id)).filter((e) => e.kind === 'crisis').map((e) => e.text.en);
      expect(timeline[0]).toMatch(/^Crisis cell Telecom crisis cell activated by rule vital-common-mode: common-mode failure of vital service emergency-calls/);
      expect(timeline.some((t) => /^Crisis members paged: 5 person\(s\) on 6 contact\(s\), crisis channel crisis-room/.test(t))).toBe(true);
    });

    it.skipIf(!available)('reminds the owner of the internal notice and tells the crisis lead when it is overdue', async () => {
      const reminders = await waitFor('three reminders to Carol', () => {
        const found = mailsTo(sinks.smtp, 'carol@operator.example').filter((m) => /Rappel/.test(m.parsed.headers.get('subject') ?? ''));
        return found.length >= 3 ? found : undefined;
      }, 40_000);
      expect(reminders.map((m) => m.parsed.headers.get('subject'))).toEqual(expect.arrayContaining([expect.stringContaining('Information interne')]));
      const overdue = await waitFor('the crisis lead told of the overdue notice', () => mailsTo(sinks.smtp, 'alice@operator.example').find((m) => /EN RETARD/.test(m.parsed.headers.get('subject') ?? '')), 30_000);
      expect(overdue.parsed.text).toContain('Carol Dupont');
      const notice = (await app!.store.crises.deadlines(crisisId)).find((d) => d.key === 'internal-notice')!;
      expect(notice.missedAt).toBe(notice.dueAt);
      expect(notice.reminders).toBe(3);
      // Each reminder once, even though the loop ran hundreds of times meanwhile.
      expect(mailsTo(sinks.smtp, 'carol@operator.example').filter((m) => /Rappel/.test(m.parsed.headers.get('subject') ?? ''))).toHaveLength(3);
    });

    it.skipIf(!available)('fills the authority draft with the start time, the service and the calls lost; only the communication lead approves it; sending meets the deadline', async () => {
      // The feed pushes each minute when it ends: answered calls fall to 10 % from the outage on.
      const first = Math.floor(stoppedAt / BUCKET) * BUCKET;
      await waitFor('the minute of the outage over', () => Date.now() >= first + BUCKET, 70_000, 250);
      const before = (stoppedAt - first) / BUCKET;
      const answered = Math.round(NORMAL * before + OUTAGE * (1 - before));
      expect((await push([{ bucket: first, counts: { attempts: 1000, answered } }])).status).toBe(200);
      const truth = NORMAL - answered;

      const view = await (await api(`/api/v1/crises/${crisisId}`, TOKENS.bob)).json() as { drafts: { id: number; audience: string; deadline: number | null }[]; deadlines: { id: number; key: string }[] };
      const deadline = view.deadlines.find((d) => d.key === 'regulator-notice')!;
      const draft = view.drafts.find((d) => d.deadline === deadline.id)!;
      const refreshed = await api(`/api/v1/crises/${crisisId}/drafts/${draft.id}/refresh`, TOKENS.carol, { method: 'POST' });
      expect(refreshed.status).toBe(200);
      const stored = (await app!.store.crises.getDraft(draft.id))!;
      const incident = (await app!.store.incidents.get(incidentId))!;
      expect(stored.texts.fr.body).toContain(formatDateTime(incident.firstFailureAt!, 'fr', 'Europe/Paris'));
      expect(stored.texts.fr.body).toContain("Appels d'urgence");
      const impact = stored.facts['impact'] as { total: { lost: number } };
      expect(Math.abs(impact.total.lost - truth) / truth).toBeLessThan(0.05);
      expect(stored.texts.en.body).toMatch(/about [\d,]+ calls lost/);

      // Complete the parts a person must fill, then approve.
      const fill = (text: string) => text.replace(/\[\[[^\]]*\]\]/g, 'Numéro de secours : 112');
      const edited = await api(`/api/v1/crises/${crisisId}/drafts/${draft.id}`, TOKENS.carol, { method: 'PATCH', body: { en: { body: fill(stored.texts.en.body), subject: fill(stored.texts.en.subject) }, fr: { body: fill(stored.texts.fr.body), subject: fill(stored.texts.fr.subject) } } });
      expect(edited.status).toBe(200);
      const refused = await api(`/api/v1/crises/${crisisId}/drafts/${draft.id}/approve`, TOKENS.bob, { method: 'POST' });
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { message: string }).message).toMatch(/communication lead role of crisis #\d+, held by Carol Dupont; Bob Meyer does not hold it/);
      expect((await api(`/api/v1/crises/${crisisId}/drafts/${draft.id}/send`, TOKENS.carol, { method: 'POST' })).status).toBe(409); // not approved yet
      expect((await api(`/api/v1/crises/${crisisId}/drafts/${draft.id}/approve`, TOKENS.carol, { method: 'POST' })).status).toBe(200);
      expect((await api(`/api/v1/crises/${crisisId}/drafts/${draft.id}/send`, TOKENS.carol, { method: 'POST' })).status).toBe(200);

      const mail = await waitFor('the regulator mailed', () => mailsTo(sinks.smtp, 'alerte@regulator.example')[0], 30_000);
      expect(mail.parsed.text).toContain(formatDateTime(incident.firstFailureAt!, 'fr', 'Europe/Paris'));
      expect(mail.parsed.text).toContain('Numéro de secours : 112');
      const met = (await app!.store.crises.getDeadline(deadline.id))!;
      expect(met.metAt).not.toBeNull();
      expect(met.metBy).toBe('carol');
      expect(met.missedAt).toBeNull();
    });

    it.skipIf(!available)('recovers, and the report has every figure', async () => {
      servers = await start();
      writeFileSync(configPath, configText(servers.map((s) => s.port), sinks));
      await app!.reload();
      await waitFor('incident resolved', async () => (await app!.store.incidents.get(incidentId))!.status === 'resolved', 60_000);
      const deactivated = await api(`/api/v1/crises/${crisisId}/deactivate`, TOKENS.carol, { method: 'POST', body: { summary: { en: 'Call servers restored; cause under analysis.', fr: 'Serveurs d’appel rétablis ; cause en cours d’analyse.' } } });
      expect(deactivated.status).toBe(200);
      const report = await (await api(`/api/v1/incidents/${incidentId}/report?format=json`, TOKENS.bob)).json() as { figures: Record<string, number | null>; deadlines: { key?: string; outcome: string }[] };
      for (const figure of ['timeToDetectMs', 'timeToCrisisActivationMs', 'timeToFirstInternalCommunicationMs', 'timeToFirstAuthorityCommunicationMs', 'timeToRecoveryMs']) {
        expect(report.figures[figure], figure).toEqual(expect.any(Number));
      }
      expect(report.deadlines.map((d) => d.outcome)).toEqual(expect.arrayContaining(['missed', 'met']));
      const md = await (await api(`/api/v1/incidents/${incidentId}/report?format=md&lang=fr`, TOKENS.bob)).text();
      expect(md).toContain('Cellule de crise');
    });
  });
}
