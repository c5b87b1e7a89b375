/**
 * Crises through the HTTP API of a whole Vigie (`startApp`), on SQLite and PostgreSQL: a crisis
 * cell activated by hand pages its three members on a webhook (a capture server on loopback) and
 * shows on the event stream; the crisis shows its roles with names, checklist, deadlines (internal
 * notice 15 min, public updates every 30 min, an authority notice) and their drafts; a draft is
 * approved only with a token acting as the communication lead (403 naming the role and its holder
 * otherwise), then sent, which meets its deadline; the authority notice is e-mailed to the
 * regulator through a real SMTP server; deadlines are met by hand; incidents are linked; the crisis
 * is deactivated with a summary. Bad input is answered 400 naming the field. A server without
 * crisis management answers that it is not running.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { buildServer } from '../../src/api/build-server.js';
import { generateToken, hashToken } from '../../src/api/tokens.js';
import { Bus } from '../../src/engine/bus.js';
import type { MonitorControl } from '../../src/engine/monitor-control.js';
import { createLogger } from '../../src/logger.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';
import { startCaptureServer, type CaptureServer } from '../helpers/capture-server.js';
import { DIALECTS, dialectAvailable } from '../helpers/databases.js';
import { parseMail, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

const ACCOUNT = { user: 'vigie', password: 'crisis-smtp-password' };

const configText = (hookUrl: string, smtpPort: number) => `server: { host: 127.0.0.1, port: 0 }
channels:
  - { id: hook, webhook: { url: '${hookUrl}' } }
  - id: smtp
    email:
      host: 127.0.0.1
      port: ${smtpPort}
      starttls: never
      user: ${ACCOUNT.user}
      password: \${CRISIS_SMTP_PASSWORD}
      from: "Vigie <vigie@alerts.example.org>"
people:
  - { id: alice, name: Alice Martin, contacts: [{ channel: hook }] }
  - { id: bob, name: Bob Durand, language: fr, contacts: [{ channel: hook }], api_tokens: [bob-laptop] }
  - { id: carol, name: Carol Petit, contacts: [{ channel: hook }] }
stakeholders:
  - id: regulator
    name: { en: National regulator, fr: Autorité de régulation }
    group: authorities
    language: fr
    contacts: [{ channel: smtp, to: incidents@regulator.example }]
crisis:
  cells:
    - id: telecom
      name: { en: Telecom crisis cell, fr: Cellule de crise télécom }
      roles:
        crisis_lead: [alice]
        communication_lead: [bob]
        technical_lead: [carol]
      bridge: https://meet.example.org/crisis
      checklists:
        default:
          - { en: Open the bridge, fr: Ouvrir le pont }
          - { en: Name a scribe, fr: Nommer un secrétaire }
  obligations:
    - { id: internal-notice, within: 15m }
    - { id: public-updates, audience: public, within: 30m, every: 30m }
    - { id: regulator, audience: authority, within: 4h, stakeholders: [regulator] }
`;

/** Reads the event stream while `trigger` runs, until an event `name` whose data `matches`; returns that data. */
async function nextEvent(url: string, token: string, name: string, matches: (data: any) => boolean, trigger: () => Promise<unknown>): Promise<unknown> {
  const abort = new AbortController();
  const res = await fetch(`${url}/api/v1/events`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: abort.signal });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  // The first chunk (": connected") says the stream listens to the bus.
  let text = (await reader.read()).value ?? '';
  await trigger();
  try {
    for (;;) {
      for (const [, data] of text.matchAll(new RegExp(`event: ${name}\\ndata: (.*)\\n`, 'g'))) {
        if (matches(JSON.parse(data!))) return JSON.parse(data!);
      }
      const { value, done } = await reader.read();
      if (done) throw new Error(`the stream ended before the ${name} event: ${text}`);
      text += value;
    }
  } finally {
    abort.abort();
  }
}

for (const dialect of DIALECTS) {
  describe(`crisis API (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'crisis API tests');
    if (!available) {
      it.skip('PostgreSQL not reachable', () => {});
      return;
    }
    let db: AppDatabase;
    let app: App;
    let capture: CaptureServer;
    let smtp: SmtpSink;
    const tokens: Record<'viewer' | 'editor' | 'alice' | 'bob', string> = { viewer: generateToken(), editor: generateToken(), alice: generateToken(), bob: generateToken() };
    const call = async (method: string, path: string, who: keyof typeof tokens = 'editor', body?: unknown) => {
      const res = await fetch(`${app.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${tokens[who]}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    let crisisId: number;

    beforeAll(async () => {
      process.env.CRISIS_SMTP_PASSWORD = ACCOUNT.password;
      capture = await startCaptureServer();
      smtp = await startSmtpSink(ACCOUNT);
      db = appDatabase(dialect);
      const configPath = join(db.dir, 'vigie.yaml');
      writeFileSync(configPath, configText(`${capture.origin}/hook`, smtp.port));
      app = await startApp({ ...db.appOptions(configPath), watch: false, logger: createLogger('error'), incidents: { pollMs: 100 }, notifications: { pollMs: 100 } });
      const now = Date.now();
      // Token names: an editor linked to nobody, one named after Alice's id, one Bob lists in api_tokens.
      await app.store.tokens.create({ id: 't-viewer', name: 'dashboard', role: 'viewer', tokenHash: hashToken(tokens.viewer) }, now);
      await app.store.tokens.create({ id: 't-editor', name: 'editor-bot', role: 'editor', tokenHash: hashToken(tokens.editor) }, now);
      await app.store.tokens.create({ id: 't-alice', name: 'alice', role: 'editor', tokenHash: hashToken(tokens.alice) }, now);
      await app.store.tokens.create({ id: 't-bob', name: 'bob-laptop', role: 'editor', tokenHash: hashToken(tokens.bob) }, now);
    }, 60_000);

    afterAll(async () => {
      await app?.close();
      await capture?.close();
      await smtp?.close();
      await db?.cleanup();
    });

    it('activates a cell by hand: roles with names, checklist, deadlines with their drafts; members paged; an SSE crisis event', async () => {
      expect((await call('GET', '/api/v1/crises', 'viewer')).body).toEqual({ items: [] });
      let created!: { status: number; body: any };
      const before = Date.now();
      const event = await nextEvent(app.url, tokens.viewer, 'crisis', (data) => data.change === 'activated', async () => {
        created = await call('POST', '/api/v1/crises', 'editor', { cell: 'telecom', reason: 'SIP core down in both sites', title: { en: 'SIP core down', fr: 'Cœur SIP en panne' } });
      });
      const after = Date.now();
      expect(created.status).toBe(201);
      const crisis = created.body;
      crisisId = crisis.id;
      expect(event).toEqual({ id: crisisId, change: 'activated', status: 'active' });
      expect(crisis).toMatchObject({
        status: 'active', cell: { id: 'telecom', name: { en: 'Telecom crisis cell', fr: 'Cellule de crise télécom' } }, kind: 'default', rule: null, activatedBy: 'editor-bot',
        reason: { en: 'activated by editor-bot: SIP core down in both sites' }, bridge: 'https://meet.example.org/crisis', activations: 1, deactivatedAt: null,
      });
      expect(crisis.roles).toEqual([
        { role: 'crisis_lead', name: { en: 'crisis lead', fr: 'directeur de crise' }, people: [{ id: 'alice', name: 'Alice Martin' }] },
        { role: 'communication_lead', name: { en: 'communication lead', fr: 'responsable communication' }, people: [{ id: 'bob', name: 'Bob Durand' }] },
        { role: 'technical_lead', name: { en: 'technical lead', fr: 'responsable technique' }, people: [{ id: 'carol', name: 'Carol Petit' }] },
      ]);
      expect(crisis.approvers).toEqual([{ id: 'bob', name: 'Bob Durand' }]);
      expect(crisis.checklist.map((i: any) => [i.index, i.text.fr, i.done])).toEqual([[0, 'Ouvrir le pont', false], [1, 'Nommer un secrétaire', false]]);
      expect(crisis.incidents).toEqual([expect.objectContaining({ id: crisis.primaryIncident, severity: 'SEV1', title: { en: 'SIP core down', fr: 'Cœur SIP en panne' } })]);
      expect(crisis.deadlines.map((d: any) => [d.obligation, d.audience, d.state, d.owner.people[0].id])).toEqual([
        ['internal-notice', 'internal', 'open', 'bob'],
        ['public-updates', 'public', 'open', 'bob'],
        ['regulator', 'authority', 'open', 'bob'],
      ]);
      const internal = crisis.deadlines[0];
      // Time left, as of when the server answered.
      expect(internal.dueInMs).toBeGreaterThanOrEqual(Date.parse(internal.dueAt) - after);
      expect(internal.dueInMs).toBeLessThanOrEqual(Date.parse(internal.dueAt) - before);
      expect(Date.parse(internal.dueAt) - Date.parse(internal.startsAt)).toBe(15 * 60_000);
      expect(crisis.deadlines[2].stakeholders).toEqual([{ id: 'regulator', name: { en: 'National regulator', fr: 'Autorité de régulation' } }]);
      expect(crisis.drafts.map((d: any) => [d.deadline, d.audience, d.status])).toEqual(crisis.deadlines.map((d: any) => [d.id, d.audience, 'draft']));

      // The running server's notification loop pages the three members on the webhook.
      await waitFor('the three members paged', () => capture.requests.filter((r) => r.body.includes('Telecom crisis cell') || r.body.includes('Cellule de crise télécom')).length >= 3, 30_000);

      const shown = await call('GET', `/api/v1/crises/${crisisId}`, 'viewer');
      expect(shown.status).toBe(200);
      expect(shown.body.deadlines.map((d: any) => d.id)).toEqual(crisis.deadlines.map((d: any) => d.id));
      expect((await call('GET', '/api/v1/crises?status=active', 'viewer')).body.items.map((c: any) => c.id)).toEqual([crisisId]);
      expect((await call('GET', '/api/v1/crises?status=deactivated', 'viewer')).body.items).toEqual([]);
    });

    it('answers bad input with 400 naming the field, unknown things with 404, and viewers with 403', async () => {
      const noCell = await call('POST', '/api/v1/crises', 'editor', {});
      expect(noCell.status).toBe(400);
      expect(noCell.body.issues).toEqual([{ path: 'cell', message: expect.any(String) }]);
      const unknownCell = await call('POST', '/api/v1/crises', 'editor', { cell: 'telecon' });
      expect(unknownCell.status).toBe(400);
      expect(unknownCell.body.message).toBe('unknown crisis cell "telecon"; configured: telecom');
      expect(unknownCell.body.issues).toEqual([{ path: 'cell', message: 'unknown crisis cell "telecon"; configured: telecom' }]);
      expect((await call('POST', '/api/v1/crises', 'editor', { cell: 'telecom', incident: 'twelve' })).body.issues[0].path).toBe('incident');
      expect((await call('POST', '/api/v1/crises', 'editor', { cell: 'telecom', incident: 999_999 })).status).toBe(404);
      expect((await call('GET', '/api/v1/crises?status=over', 'viewer')).body.issues[0].path).toBe('status');
      expect((await call('GET', '/api/v1/crises/999999', 'viewer')).body).toMatchObject({ error: 'not_found', message: 'crisis 999999 not found' });
      expect((await call('POST', '/api/v1/crises', 'viewer', { cell: 'telecom' })).status).toBe(403);

      const needs = await call('POST', `/api/v1/crises/${crisisId}/drafts`, 'editor', { audience: 'authority' });
      expect(needs.status).toBe(400);
      expect(needs.body.issues).toEqual([{ path: 'stakeholders', message: 'a draft for the authority audience needs stakeholders' }]);
      const unknown = await call('POST', `/api/v1/crises/${crisisId}/drafts`, 'editor', { audience: 'stakeholder', stakeholders: ['regulatr'] });
      expect(unknown.body.message).toBe('unknown stakeholder(s) regulatr; configured: regulator');
      const both = await call('POST', `/api/v1/crises/${crisisId}/drafts`, 'editor', { deadline: 1, audience: 'public' });
      expect(both.body.issues).toEqual([{ path: 'audience', message: 'not with `deadline`: a deadline sets its own audience and stakeholders' }]);
      const item = await call('PATCH', `/api/v1/crises/${crisisId}/checklist/7`, 'editor', { done: true });
      expect(item).toMatchObject({ status: 404, body: { message: `crisis ${crisisId} has no checklist item 7 (it has 2)` } });
      expect((await call('PATCH', `/api/v1/crises/${crisisId}/checklist/0`, 'editor', { done: 'yes' })).body.issues[0].path).toBe('done');
      expect((await call('PATCH', `/api/v1/crises/${crisisId}/drafts/1`, 'editor', {})).body.issues).toEqual([{ path: '', message: 'needs en or fr' }]);
    });

    it('ticks the checklist, and prepares an internal draft on demand', async () => {
      const ticked = await call('PATCH', `/api/v1/crises/${crisisId}/checklist/0`, 'editor', { done: true });
      expect(ticked.status).toBe(200);
      expect(ticked.body.checklist[0]).toMatchObject({ index: 0, done: true, doneBy: 'editor-bot', doneAt: expect.any(String) });
      const draft = await call('POST', `/api/v1/crises/${crisisId}/drafts`, 'editor');
      expect(draft.status).toBe(201);
      expect(draft.body).toMatchObject({ crisisId, deadline: null, audience: 'internal', stakeholders: [], status: 'draft', approvedBy: null });
      expect(draft.body.texts.fr.subject.length).toBeGreaterThan(0);
      const refreshed = await call('POST', `/api/v1/crises/${crisisId}/drafts/${draft.body.id}/refresh`, 'editor');
      expect(refreshed).toMatchObject({ status: 200, body: { id: draft.body.id, status: 'draft' } });
    });

    it('approves a draft only as the communication lead (403 naming the role and its holder), sends it, and meets its deadline', async () => {
      const before = (await call('GET', `/api/v1/crises/${crisisId}`, 'viewer')).body;
      const deadline = before.deadlines.find((d: any) => d.obligation === 'internal-notice');
      const draft = before.drafts.find((d: any) => d.deadline === deadline.id);
      const path = `/api/v1/crises/${crisisId}/drafts/${draft.id}`;

      expect((await call('POST', `${path}/send`, 'editor')).body).toMatchObject({ error: 'conflict', message: `draft ${draft.id} must be approved by the communication lead before it is sent` });
      const nobody = await call('POST', `${path}/approve`, 'editor');
      expect(nobody.status).toBe(403);
      expect(nobody.body.error).toBe('forbidden');
      expect(nobody.body.message).toContain(`communication lead role of crisis #${crisisId}`);
      expect(nobody.body.message).toContain('Bob Durand');
      expect(nobody.body.message).toContain('"editor-bot" is not linked to a person');
      const alice = await call('POST', `${path}/approve`, 'alice');
      expect(alice.status).toBe(403);
      expect(alice.body.message).toBe(`approving a draft needs the communication lead role of crisis #${crisisId}, held by Bob Durand; Alice Martin does not hold it`);

      const edited = await call('PATCH', path, 'editor', { fr: { subject: 'Point de situation n° 1' } });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ editedBy: 'editor-bot', texts: { fr: { subject: 'Point de situation n° 1', body: draft.texts.fr.body }, en: draft.texts.en } });

      const approved = await call('POST', `${path}/approve`, 'bob');
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ status: 'approved', approvedBy: { id: 'bob', name: 'Bob Durand' }, approvedAt: expect.any(String) });
      expect((await call('POST', `${path}/approve`, 'bob')).status).toBe(409);

      const sent = await call('POST', `${path}/send`, 'editor');
      expect(sent.status).toBe(200);
      expect(sent.body).toMatchObject({ status: 'sent', sentBy: 'editor-bot', sentAt: expect.any(String) });
      expect((await call('POST', `${path}/send`, 'editor')).body.message).toBe(`draft ${draft.id} was already sent`);
      expect((await call('PATCH', path, 'editor', { en: { body: 'too late' } })).status).toBe(409);

      const after = (await call('GET', `/api/v1/crises/${crisisId}`, 'viewer')).body;
      expect(after.deadlines.find((d: any) => d.id === deadline.id)).toMatchObject({ state: 'met', metBy: 'editor-bot', dueInMs: null, lateByMs: null });
      // Bob reads French: the internal notice reaches him with the edited French subject.
      await waitFor('the internal notice delivered with the edited subject', () => capture.requests.some((r) => r.body.includes('Point de situation n° 1')), 30_000);
    });

    it('e-mails the approved authority notice to the regulator', async () => {
      const before = (await call('GET', `/api/v1/crises/${crisisId}`, 'viewer')).body;
      const draft = before.drafts.find((d: any) => d.audience === 'authority');
      expect(draft.stakeholders).toEqual([{ id: 'regulator', name: { en: 'National regulator', fr: 'Autorité de régulation' } }]);
      const path = `/api/v1/crises/${crisisId}/drafts/${draft.id}`;
      // The authority text leaves [[parts]] to complete: it cannot be approved until they are.
      const todo = await call('POST', `${path}/approve`, 'bob');
      expect(todo.status).toBe(409);
      expect(todo.body.message).toContain('still has parts to complete before approval');
      const complete = (text: string) => text.replace(/\[\[[^\]]*\]\]/g, 'Bob Durand, +33 1 23 45 67 89');
      expect((await call('PATCH', path, 'bob', { en: { body: complete(draft.texts.en.body) }, fr: { body: complete(draft.texts.fr.body) } })).status).toBe(200);
      expect((await call('POST', `${path}/approve`, 'bob')).body).toMatchObject({ status: 'approved' });
      expect((await call('POST', `${path}/send`, 'bob')).body).toMatchObject({ status: 'sent', sentBy: 'bob-laptop' });
      const mail = await waitFor('the notice e-mailed to the regulator', () => smtp.messages.find((m) => m.to.includes('incidents@regulator.example')), 30_000);
      expect(parseMail(mail.raw).headers.get('subject')).toContain(draft.texts.fr.subject);
      const after = (await call('GET', `/api/v1/crises/${crisisId}`, 'viewer')).body;
      expect(after.deadlines.find((d: any) => d.id === draft.deadline)).toMatchObject({ state: 'met', metBy: 'bob-laptop' });
    });

    it('meets a deadline by hand: the next public update follows; a deadline of the crisis only, once', async () => {
      const before = (await call('GET', `/api/v1/crises/${crisisId}`, 'viewer')).body;
      const update = before.deadlines.find((d: any) => d.key === 'public-updates#1');
      expect(update.state).toBe('open');
      const met = await call('POST', `/api/v1/crises/${crisisId}/deadlines/${update.id}/met`, 'editor', { note: 'posted on the status page by phone' });
      expect(met.status).toBe(200);
      expect(met.body).toMatchObject({ id: update.id, state: 'met', metBy: 'editor-bot' });
      const again = await call('POST', `/api/v1/crises/${crisisId}/deadlines/${update.id}/met`, 'editor');
      expect(again.status).toBe(409);
      expect(again.body.message).toContain('was already met at');
      expect((await call('POST', `/api/v1/crises/${crisisId + 1}/deadlines/${update.id}/met`, 'editor')).status).toBe(404);
      const after = (await call('GET', `/api/v1/crises/${crisisId}`, 'viewer')).body;
      expect(after.deadlines.find((d: any) => d.key === 'public-updates#2')).toMatchObject({ state: 'open', audience: 'public' });
    });

    it('links another incident, once', async () => {
      const incident = await call('POST', '/api/v1/incidents', 'editor', { title: { en: 'Emergency calls failing', fr: 'Appels d’urgence en échec' }, severity: 'SEV1' });
      const linked = await call('POST', `/api/v1/crises/${crisisId}/incidents`, 'editor', { incident: incident.body.id });
      expect(linked.status).toBe(200);
      expect(linked.body.incidents.map((i: any) => i.id)).toEqual([linked.body.primaryIncident, incident.body.id]);
      const twice = await call('POST', `/api/v1/crises/${crisisId}/incidents`, 'editor', { incident: incident.body.id });
      expect(twice).toMatchObject({ status: 409, body: { message: `incident ${incident.body.id} is already in crisis #${crisisId}` } });
    });

    it('deactivates with a summary (required, non-empty); the pending public update is cancelled', async () => {
      const none = await call('POST', `/api/v1/crises/${crisisId}/deactivate`, 'editor', {});
      expect(none.status).toBe(400);
      expect(none.body.issues).toEqual([{ path: 'summary', message: expect.any(String) }]);
      expect((await call('POST', `/api/v1/crises/${crisisId}/deactivate`, 'editor', { summary: '  ' })).body.issues[0].path).toBe('summary');
      expect((await call('POST', `/api/v1/crises/${crisisId}/deactivate`, 'editor', { summary: { en: 'Restored' } })).body.issues[0].path).toBe('summary.fr');
      const done = await call('POST', `/api/v1/crises/${crisisId}/deactivate`, 'editor', { summary: { en: 'SIP core restored at 11:20.', fr: 'Cœur SIP rétabli à 11 h 20.' } });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ status: 'deactivated', deactivatedBy: 'editor-bot', summary: { en: 'SIP core restored at 11:20.', fr: 'Cœur SIP rétabli à 11 h 20.' }, deactivatedAt: expect.any(String) });
      expect(done.body.deadlines.find((d: any) => d.key === 'public-updates#2').state).toBe('cancelled');
      expect((await call('POST', `/api/v1/crises/${crisisId}/deactivate`, 'editor', { summary: 'again' })).body).toMatchObject({ error: 'conflict', message: `crisis ${crisisId} is not active` });
      expect((await call('GET', '/api/v1/crises?status=deactivated', 'viewer')).body.items.map((c: any) => c.id)).toEqual([crisisId]);
    });
  });
}

describe('crisis API without crisis management', () => {
  it('lists no crisis and says it is not running', async () => {
    const db = appDatabase('sqlite');
    const { openStore } = await import('../../src/storage/open-store.js');
    const store = await openStore({ sqlitePath: db.sqlitePath });
    await store.migrate();
    const secret = generateToken();
    await store.tokens.create({ id: 't', name: 'ops', role: 'editor', tokenHash: hashToken(secret) }, Date.now());
    const server = await buildServer({ store, control: {} as MonitorControl, bus: new Bus(), metrics: { registry: new Registry() }, logger: pino({ level: 'silent' }), version: 'test', crisis: () => undefined });
    try {
      const call = async (method: string, path: string, body?: unknown) => {
        const res = await server.inject({ method: method as 'GET', url: path, headers: { authorization: `Bearer ${secret}` }, ...(body !== undefined ? { payload: body as object } : {}) });
        return { status: res.statusCode, body: res.json() as any };
      };
      expect(await call('GET', '/api/v1/crises')).toEqual({ status: 200, body: { items: [] } });
      expect(await call('GET', '/api/v1/crises/1')).toMatchObject({ status: 404, body: { message: expect.stringContaining('crisis management is not running') } });
      expect(await call('POST', '/api/v1/crises', { cell: 'telecom' })).toMatchObject({ status: 409, body: { error: 'not_running', message: expect.stringContaining('crisis management is not running') } });
    } finally {
      await server.close();
      await store.close();
      await db.cleanup();
    }
  });
});
