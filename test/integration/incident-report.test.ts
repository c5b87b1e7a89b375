/**
 * The post-incident report on SQLite and PostgreSQL, from rows written through the store (an
 * incident with its timeline, a page sent, a crisis with deadlines met and missed and a draft
 * sent): `vigie incident report` as a user runs it (child process) in Markdown, JSON and HTML,
 * French and English, to a file, and refusing an unknown id; `GET /api/v1/incidents/:id/report`
 * on a server listening on loopback, with its media types, errors and role; and the figures
 * observed on the metrics when the incident is resolved through the API, also in a whole running
 * Vigie (`/metrics`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { buildServer } from '../../src/api/build-server.js';
import { generateToken, hashToken } from '../../src/api/tokens.js';
import { ReportMetrics } from '../../src/crisis/report-metrics.js';
import { observeResolvedIncidents, type ReportObserver } from '../../src/crisis/report-observer.js';
import { incidentReportSchema } from '../../src/crisis/report.schema.js';
import { Bus } from '../../src/engine/bus.js';
import type { MonitorControl } from '../../src/engine/monitor-control.js';
import { openStore } from '../../src/storage/open-store.js';
import type { Store } from '../../src/storage/store.js';
import { appDatabase, waitFor } from '../helpers/app-database.js';
import { DIALECTS, dialectAvailable } from '../helpers/databases.js';
import { runVigie } from '../helpers/vigie-process.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const TITLE = { en: 'Emergency calls down <script>alert(1)</script>', fr: 'Appels d’urgence en panne <script>alert(1)</script>' };

/** Writes an incident as the engines would have, three hours ago; returns its id. */
async function seedIncident(store: Store, t0: number): Promise<number> {
  const incident = await store.incidents.create(
    { source: 'auto', status: 'open', severity: 'SEV1', title: TITLE, summary: null, serviceId: 'emergency-calls', rootCause: { kind: 'service', id: 'emergency-calls' }, affected: ['service:emergency-calls'], commonMode: true, firstFailureAt: t0, openedAt: t0 + 5000, lastFailureAt: t0 + 5000 },
    t0 + 5000,
  );
  const id = incident.id;
  const entry = (at: number, kind: 'first_failure' | 'opened' | 'acknowledged' | 'update_public' | 'recovered', en: string, fr: string, author = 'vigie') =>
    store.incidents.addEntry(id, { at, kind, author, text: { en, fr }, details: null, dedupKey: `${kind}:${at}` });
  await entry(t0, 'first_failure', 'First failing result', 'Premier échec');
  await entry(t0 + 5000, 'opened', 'Incident opened', 'Incident ouvert');
  await entry(t0 + 2 * MIN, 'acknowledged', 'Acknowledged by Alice', 'Pris en compte par Alice', 'alice');
  await entry(t0 + 50 * MIN, 'update_public', 'Calls to 112 may fail | <b>', 'Les appels au 112 peuvent échouer | <b>', 'carol');
  await entry(t0 + 2 * HOUR, 'recovered', 'Everything recovered', 'Tout est rétabli');
  await store.incidents.update(id, { status: 'acknowledged', acknowledgedAt: t0 + 2 * MIN, recoveredAt: t0 + 2 * HOUR }, t0 + 2 * HOUR);

  // A page sent 40 s after the start; one still pending, which does not count.
  await store.deliveries.enqueue(
    [
      { idempotencyKey: `page:${id}:alice`, incidentId: id, event: 'opened', channelId: 'sms', personId: 'alice', address: '+33600000001', language: 'fr', page: true, extra: null, notBefore: t0 + 30_000 },
      { idempotencyKey: `page:${id}:bob`, incidentId: id, event: 'opened', channelId: 'sms', personId: 'bob', address: '+33600000002', language: 'en', page: true, extra: null, notBefore: t0 + 3 * HOUR },
    ],
    t0 + 30_000,
  );
  const [page] = await store.deliveries.claimDue(t0 + 35_000, 60_000, 10);
  await store.deliveries.finish(page!.id, t0 + 40_000, { outcome: 'sent' });

  // A crisis activated 20 min after the start, with an internal deadline met, an authority one missed, a public draft sent.
  const crisis = await store.crises.create(
    {
      cellId: 'national', kind: 'outage', title: { en: 'Emergency calls', fr: 'Appels d’urgence' }, ruleId: 'sev1', activatedBy: 'vigie', reason: { en: 'SEV1 incident', fr: 'incident SEV1' },
      primaryIncidentId: id, clusterKey: 'service:emergency-calls', roles: { crisis_lead: ['alice'], communication_lead: ['carol'], authority_liaison: ['dan'] }, bridge: null, checklist: [], activatedAt: t0 + 20 * MIN,
    },
    [id],
    t0 + 20 * MIN,
  );
  const deadline = (key: string, audience: 'internal' | 'authority' | 'public', owner: 'crisis_lead' | 'authority_liaison' | 'communication_lead', dueAt: number) => ({
    key, obligationId: key, audience, stakeholders: [], title: { en: `${key} notice`, fr: `avis ${key}` }, owner, startsAt: t0 + 20 * MIN, dueAt,
  });
  await store.crises.addDeadlines(crisis.id, [deadline('internal', 'internal', 'crisis_lead', t0 + 30 * MIN), deadline('authority', 'authority', 'authority_liaison', t0 + HOUR), deadline('public', 'public', 'communication_lead', t0 + HOUR)], t0 + 20 * MIN);
  const byKey = new Map((await store.crises.deadlines(crisis.id)).map((d) => [d.key, d]));
  await store.crises.updateDeadline(byKey.get('internal')!.id, { metAt: t0 + 25 * MIN, metBy: 'alice' }, t0 + 25 * MIN);
  await store.crises.updateDeadline(byKey.get('authority')!.id, { missedAt: t0 + HOUR }, t0 + HOUR);
  await store.crises.updateDeadline(byKey.get('public')!.id, { metAt: t0 + 70 * MIN, metBy: 'carol' }, t0 + 70 * MIN);
  const draft = await store.crises.createDraft(
    { crisisId: crisis.id, deadlineId: byKey.get('public')!.id, audience: 'public', stakeholders: [], texts: { en: { subject: 'Calls disrupted', body: 'Body' }, fr: { subject: 'Appels perturbés', body: 'Corps' } }, facts: {} },
    t0 + 60 * MIN,
  );
  await store.crises.updateDraft(draft.id, ['draft'], { status: 'approved', approvedBy: 'carol', approvedAt: t0 + 65 * MIN }, t0 + 65 * MIN);
  await store.crises.updateDraft(draft.id, ['approved'], { status: 'sent', sentBy: 'carol', sentAt: t0 + 70 * MIN }, t0 + 70 * MIN);
  return id;
}

const EXPECTED_FIGURES = {
  timeToDetectMs: 5000,
  timeToAcknowledgeMs: 2 * MIN - 5000,
  timeToCrisisActivationMs: 20 * MIN,
  timeToFirstInternalCommunicationMs: 40_000,
  timeToFirstPublicCommunicationMs: 50 * MIN,
  timeToFirstAuthorityCommunicationMs: null,
  timeToRecoveryMs: 2 * HOUR,
};

for (const dialect of DIALECTS) {
  describe(`post-incident report (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'incident report tests');
    if (!available) {
      it.skip('PostgreSQL not reachable', () => {});
      return;
    }
    const db = appDatabase(dialect);
    const configPath = join(db.dir, 'vigie.yaml');
    writeFileSync(configPath, `storage: { sqlite_path: ${db.sqlitePath} }\n`);
    const vigie = (args: string[]) => runVigie([...args, '--config', configPath], { ...db.env, VIGIE_CONFIG: '' }, 60_000, { cwd: db.dir });
    const t0 = Date.now() - 3 * HOUR;
    let store: Store;
    let id: number;
    let app: FastifyInstance;
    let url: string;
    let registry: Registry;
    let observer: ReportObserver;
    const secrets: Record<'viewer' | 'editor', string> = { viewer: generateToken(), editor: generateToken() };
    const get = (path: string, secret: string | null = secrets.viewer) => fetch(`${url}${path}`, { headers: secret === null ? {} : { authorization: `Bearer ${secret}` } });

    beforeAll(async () => {
      store = await openStore({ url: db.databaseUrl || undefined, sqlitePath: db.sqlitePath, pgSchema: db.pgSchema, secretKeyFile: join(db.dir, 'secret.key') });
      await store.migrate();
      id = await seedIncident(store, t0);
      for (const role of ['viewer', 'editor'] as const) await store.tokens.create({ id: `tok-${role}`, name: `${role}-bot`, role, tokenHash: hashToken(secrets[role]) }, Date.now());
      const bus = new Bus();
      registry = new Registry();
      observer = observeResolvedIncidents({ bus, store, metrics: new ReportMetrics(registry), log: pino({ level: 'silent' }), now: Date.now });
      app = await buildServer({ store, control: {} as MonitorControl, bus, metrics: { registry }, logger: pino({ level: 'silent' }), version: 'test' });
      url = await app.listen({ host: '127.0.0.1', port: 0 });
    });

    afterAll(async () => {
      await observer?.stop();
      await app?.close();
      await store?.close();
      await db.cleanup();
    });

    it('prints the report in Markdown, French and English, from the stored rows', async () => {
      const fr = await vigie(['incident', 'report', String(id), '--format', 'md', '--lang', 'fr']);
      expect(fr.stderr).toBe('');
      expect(fr.code).toBe(0);
      expect(fr.stdout).toContain(`# Rapport post-incident — incident n° ${id} : Appels d’urgence en panne \\<script\\>alert(1)\\</script\\>`);
      expect(fr.stdout).toContain('| Délai de détection | 5 s |');
      expect(fr.stdout).toContain("| Délai d'activation de la cellule de crise | 20 min |");
      expect(fr.stdout).toContain('| Délai de première communication interne | 40 s |');
      expect(fr.stdout).toContain('| Délai de première communication publique | 50 min |');
      expect(fr.stdout).toContain('| Délai de première communication aux autorités | — |');
      expect(fr.stdout).toMatch(/\| avis authority \| Autorités \| .* \(T\+1 h 00 min\) \| Manquée \(non respectée\) : retard de \d h \d\d min \| Liaison avec les autorités \(dan\) \|/);
      expect(fr.stdout).toContain('Respectée en retard le');
      expect(fr.stdout).toContain('| T+50 min | Communication publique | carol | Les appels au 112 peuvent échouer \\| \\<b\\> |');
      const en = await vigie(['incident', 'report', String(id)]);
      expect(en.code).toBe(0);
      expect(en.stdout).toContain('| Time to first public communication | 50 min |');
      expect(en.stdout).toContain('| Public | ');
    });

    it('prints the report as JSON with exact figures, and as HTML to a file', async () => {
      const json = await vigie(['incident', 'report', String(id), '--format', 'json']);
      expect(json.code).toBe(0);
      const report = incidentReportSchema.parse(JSON.parse(json.stdout));
      expect(report.figures).toEqual(EXPECTED_FIGURES);
      expect(report.deadlines.map((d) => [d.key, d.outcome])).toEqual([['internal', 'met'], ['authority', 'missed'], ['public', 'late']]);
      expect(report.deadlines[1]!.lateByMs).toBeGreaterThanOrEqual(2 * HOUR);
      expect(report.communications).toEqual([expect.objectContaining({ audience: 'public', subject: { en: 'Calls disrupted', fr: 'Appels perturbés' } })]);
      expect(report.crisis).toMatchObject({ incidentIds: [id], cellId: 'national' });
      expect(report.texts.fr.labels.figures).toBe('Chiffres');

      const out = join(db.dir, 'report.html');
      const html = await vigie(['incident', 'report', String(id), '--format', 'html', '--lang', 'fr', '--out', out]);
      expect(html.code).toBe(0);
      expect(html.stdout).toBe(`rapport de l'incident ${id} écrit dans ${out}\n`);
      const page = readFileSync(out, 'utf8');
      expect(page).toMatch(/^<!DOCTYPE html>\n<html lang="fr">/);
      expect(page).toContain('Appels d’urgence en panne &lt;script&gt;alert(1)&lt;/script&gt;');
      expect(page).not.toMatch(/<script/i);
    });

    it('exits 1 naming the id for an unknown incident or an unwritable file', async () => {
      const unknown = await vigie(['incident', 'report', '99999']);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toBe('no incident with id 99999\n');
      expect(unknown.stdout).toBe('');
      const french = await vigie(['incident', 'report', '99999', '--lang', 'fr']);
      expect(french.stderr).toBe('aucun incident n° 99999 (no incident with id 99999)\n');
      const bad = await vigie(['incident', 'report', 'twelve']);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toContain('"twelve" is not an incident id');
      const nowhere = join(db.dir, 'missing-dir', 'report.md');
      const unwritable = await vigie(['incident', 'report', String(id), '--out', nowhere]);
      expect(unwritable.code).toBe(1);
      expect(unwritable.stderr).toContain(`cannot write the report to ${nowhere}`);
    });

    it('answers GET /api/v1/incidents/:id/report as JSON, Markdown and HTML', async () => {
      const json = await get(`/api/v1/incidents/${id}/report`);
      expect(json.status).toBe(200);
      expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const report = incidentReportSchema.parse(await json.json());
      expect(report.figures).toEqual(EXPECTED_FIGURES);
      expect(report.impact).toBeNull();

      const md = await get(`/api/v1/incidents/${id}/report?format=md&lang=fr`);
      expect(md.status).toBe(200);
      expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
      expect(await md.text()).toContain('| Délai de détection | 5 s |');

      const html = await get(`/api/v1/incidents/${id}/report?format=html&lang=en`);
      expect(html.status).toBe(200);
      expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(html.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
      const page = await html.text();
      expect(page).toContain('<html lang="en">');
      expect(page).toContain('<th scope="col">Time (UTC)</th>');
      expect(page).toContain('Emergency calls down &lt;script&gt;alert(1)&lt;/script&gt;');
    });

    it('refuses an unknown incident, a bad format and a missing token', async () => {
      const missing = await get('/api/v1/incidents/99999/report');
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({ error: 'not_found', message: 'incident "99999" not found' });
      const bad = await get(`/api/v1/incidents/${id}/report?format=pdf`);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { issues: unknown }).issues).toEqual([expect.objectContaining({ path: 'format' })]);
      const badLang = await get(`/api/v1/incidents/${id}/report?lang=de`);
      expect(badLang.status).toBe(400);
      expect((await get(`/api/v1/incidents/${id}/report`, null)).status).toBe(401);
      const doc = (await (await get('/api/v1/openapi.json')).json()) as any;
      const op = doc.paths['/api/v1/incidents/{id}/report'].get;
      expect(op['x-required-role']).toBe('viewer');
      expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(['id', 'format', 'lang']);
      expect(op.responses['200'].content['application/json'].schema.properties.figures).toBeDefined();
    });

    it('observes the figures on the metrics when the incident is resolved', async () => {
      const resolved = await fetch(`${url}/api/v1/incidents/${id}/resolve`, { method: 'POST', headers: { authorization: `Bearer ${secrets.editor}` } });
      expect(resolved.status).toBe(200);
      await observer.idle();
      const text = await registry.metrics();
      expect(text).toContain('vigie_incident_time_to_crisis_activation_seconds_sum{severity="SEV1"} 1200');
      expect(text).toContain('vigie_incident_time_to_crisis_activation_seconds_count{severity="SEV1"} 1');
      expect(text).toContain('vigie_incident_time_to_recovery_seconds_sum{severity="SEV1"} 7200');
      expect(text).not.toContain('vigie_incident_time_to_first_authority_communication_seconds_count{severity="SEV1"}');
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`report metrics of a running Vigie (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'incident report tests');
    if (!available) {
      it.skip('PostgreSQL not reachable', () => {});
      return;
    }
    const db = appDatabase(dialect);
    let app: App | undefined;
    afterAll(async () => {
      await app?.close();
      await db.cleanup();
    });

    it('serves the figures of an incident resolved through the API at /metrics', async () => {
      const configPath = join(db.dir, 'vigie.yaml');
      writeFileSync(configPath, 'server: { host: 127.0.0.1, port: 0 }\nmonitors: []\n');
      app = await startApp({ ...db.appOptions(configPath), watch: false });
      const secret = generateToken();
      await app.store.tokens.create({ id: 'tok-editor', name: 'editor-bot', role: 'editor', tokenHash: hashToken(secret) }, Date.now());
      const call = (method: string, path: string, body?: unknown) =>
        fetch(`${app!.url}${path}`, { method, headers: { authorization: `Bearer ${secret}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
      const created = await call('POST', '/api/v1/incidents', { title: { en: 'Mail down', fr: 'Messagerie en panne' }, severity: 'SEV3' });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: number };
      expect((await call('POST', `/api/v1/incidents/${id}/acknowledge`)).status).toBe(200);
      expect((await call('POST', `/api/v1/incidents/${id}/resolve`)).status).toBe(200);
      const line = 'vigie_incident_time_to_recovery_seconds_count{severity="SEV3"} 1';
      const metrics = await waitFor('the recovery figure on /metrics', async () => {
        const text = await (await fetch(`${app!.url}/metrics`)).text();
        return text.includes(line) ? text : undefined;
      });
      expect(metrics).toContain('vigie_incident_time_to_acknowledge_seconds_count{severity="SEV3"} 1');
      expect(metrics).not.toContain('vigie_incident_time_to_detect_seconds_count{severity="SEV3"}');
      expect(metrics).toContain('# TYPE vigie_crisis_deadlines_total counter');
    });
  });
}
