/**
 * Status page subscriptions end to end, on SQLite and PostgreSQL: a whole Vigie with a real SMTP
 * server and a webhook receiver on loopback, and a web server whose failure opens an incident.
 * Claire subscribes in French through the form; the confirmation link's GET only shows a button
 * (mail scanners change nothing), its POST confirms, a replay says "already confirmed". The outage
 * reaches her in French (public facts only: no monitor id, host or internal note), then the
 * public update written through the API, then the resolution, each with List-Unsubscribe headers;
 * a one-click unsubscribe (RFC 8058) stops her mails while the webhook subscriber, whose signed
 * JSON is verified here, still gets the next outage. Bad addresses, forged or truncated tokens and
 * the per-address limit get clear pages, never a 500.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { hashToken } from '../../src/api/tokens.js';
import { createLogger } from '../../src/logger.js';
import { publicComponentId } from '../../src/status/page-layout.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';
import { startCaptureServer, type CaptureServer } from '../helpers/capture-server.js';
import { DIALECTS, dialectAvailable } from '../helpers/databases.js';
import { startHttpServer, type TestServer } from '../helpers/http-server.js';
import { parseMail, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

const ACCOUNT = { user: 'vigie', password: 'smtp-password-status' };
const EDITOR = 'vigie_statusSubscriptionsEditorToken01';
const PORTAL = publicComponentId({ kind: 'service', id: 'portal' });
const PRIVATE_TOKEN = 'private-page-token-0123456789';

function configText(web: TestServer, desk: TestServer, smtp: SmtpSink): string {
  return `server: { host: 127.0.0.1, port: 0 }
scheduler: { batch: { size: 50, interval: 100ms } }
incidents: { resolve_after: 1s }
monitors:
  - { id: web-probe-9, interval: 1s, timeout: 800ms, confirmations: { down: 1, up: 1 }, http: { url: "${web.origin}/health" } }
  - { id: desk-probe-2, interval: 1s, timeout: 800ms, confirmations: { down: 1, up: 1 }, http: { url: "${desk.origin}/" } }
services:
  - { id: portal, name: { en: Citizen portal, fr: Portail citoyen }, criticality: vital, components: [web-probe-9] }
  - { id: help-desk, name: { en: Help desk, fr: Assistance }, criticality: vital, components: [desk-probe-2] }
channels:
  - id: smtp
    email: { host: 127.0.0.1, port: ${smtp.port}, starttls: never, user: ${ACCOUNT.user}, password: ${ACCOUNT.password}, from: "État des services <status@example.org>" }
status_pages:
  - id: public
    title: { en: Operator status, fr: État des services }
    languages: [fr, en]
    time_zone: Europe/Paris
    components:
      - { service: portal }
      - { service: help-desk }
    subscriptions: { email: { channel: smtp }, webhooks: true, per_address_per_day: 2 }
  - id: ops
    title: { en: Operations, fr: Exploitation }
    languages: [en]
    private_token: ${PRIVATE_TOKEN}
    components: [{ service: portal }]
    subscriptions: { email: { channel: smtp } }
`;
}

interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, { redirect: 'manual', ...init });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

const form = (fields: Array<[string, string]>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

const mailsTo = (smtp: SmtpSink, address: string) => smtp.messages.filter((m) => m.to.includes(address)).map((m) => parseMail(m.raw));

/** The first link in a mail's text that goes to `kind` (`confirm`, `unsubscribe`). */
function linkIn(text: string | undefined, kind: string): string {
  const link = new RegExp(`https?://\\S+/${kind}/\\S+`).exec(text ?? '')?.[0];
  if (!link) throw new Error(`no ${kind} link in: ${text}`);
  return link;
}

for (const dialect of DIALECTS) {
  describe(`status page subscriptions end to end (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'status subscriptions end-to-end tests');
    let db: AppDatabase;
    let app: App | undefined;
    let web: TestServer;
    let desk: TestServer;
    let hook: CaptureServer;
    let smtp: SmtpSink;
    let healthy = true;
    let base = '';

    beforeAll(async () => {
      if (!available) return;
      web = await startHttpServer((_req, res) => {
        res.writeHead(healthy ? 200 : 503);
        res.end(healthy ? 'ok' : 'connection to db-7.internal refused');
      });
      desk = await startHttpServer((_req, res) => res.end('ok'));
      hook = await startCaptureServer();
      smtp = await startSmtpSink(ACCOUNT);
      db = appDatabase(dialect);
      const configPath = join(db.dir, 'vigie.yaml');
      writeFileSync(configPath, configText(web, desk, smtp));
      app = await startApp({ ...db.appOptions(configPath), watch: false, logger: createLogger('error'), incidents: { pollMs: 100 }, notifications: { pollMs: 100 }, status: { debounceMs: 50 } });
      base = `${app.url}/status/public`;
      await app.store.tokens.create({ id: randomUUID(), name: 'editor', role: 'editor', tokenHash: hashToken(EDITOR) }, Date.now());
    }, 60_000);

    afterAll(async () => {
      if (!available) return;
      await app?.close();
      await web?.close();
      await desk?.close();
      await hook?.close();
      await smtp?.close();
      await db?.cleanup();
    });

    it.skipIf(!available)('subscribes, confirms, tells of an incident in French with its public update and resolution, and stops after a one-click unsubscribe', async () => {
      await waitFor('the web server seen up', () => app!.engine.stateOf('web-probe-9')?.state === 'up', 30_000);
      await waitFor('the status page built', async () => (await call(base)).status === 200, 30_000);

      const formPage = await call(`${base}/subscribe`);
      expect(formPage.status).toBe(200);
      expect(formPage.body).toContain('name="email"');
      expect(formPage.body).toContain(`value="${PORTAL}"`);

      // Claire follows the portal only; her address is written in capitals.
      const asked = await call(`${base}/subscribe`, form([['email', 'Claire.Martin@Example.org'], ['language', 'fr'], ['components[]', PORTAL]]));
      expect(asked.status).toBe(202);
      expect(asked.body).toContain('Consultez votre boîte mail');
      const confirmation = await waitFor('the confirmation mail', () => mailsTo(smtp, 'claire.martin@example.org')[0], 30_000);
      expect(confirmation.headers.get('subject')).toBe('[État des services] Confirmez votre abonnement');
      expect(confirmation.text).toContain('Portail citoyen');
      const confirmLink = linkIn(confirmation.text, 'confirm');
      expect(confirmLink.startsWith(`${base}/confirm/`)).toBe(true);

      // Opening the link (as a mail scanner would) confirms nothing.
      const opened = await call(confirmLink);
      expect(opened.status).toBe(200);
      expect(opened.body).toContain('<form method="post"');
      expect(opened.body).toContain('Confirmer');
      const claire = (await app!.store.subscriptions.find('public', 'email', 'claire.martin@example.org'))!;
      expect(claire).toMatchObject({ status: 'pending', language: 'fr', components: [PORTAL] });
      const confirmed = await call(confirmLink, { method: 'POST' });
      expect(confirmed.status).toBe(200);
      expect(confirmed.body).toContain('Abonnement confirmé');
      expect((await app!.store.subscriptions.get(claire.id))!.status).toBe('active');
      const replayed = await call(confirmLink, { method: 'POST' });
      expect(replayed.status).toBe(200);
      expect(replayed.body).toContain('Déjà confirmé');

      // A webhook subscriber, by JSON.
      const subscribed = await call(`${base}/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ webhook: `${hook.origin}/status-hook`, language: 'en' }) });
      expect(subscribed.status).toBe(201);
      const webhook = JSON.parse(subscribed.body) as { secret: string; status: string; unsubscribe_url: string };
      expect(webhook.status).toBe('active');
      expect(webhook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);

      healthy = false;
      const outage = await waitFor('the outage mailed to Claire', () => mailsTo(smtp, 'claire.martin@example.org').find((m) => m.headers.get('subject')?.includes('panne')), 30_000);
      expect(outage.headers.get('subject')).toBe('[État des services] Portail citoyen : panne majeure');
      expect(outage.text).toContain('Composants touchés : Portail citoyen.');
      expect(outage.text).toContain('(Europe/Paris)');
      expect(outage.text).toContain('Statut : en cours d’analyse.');
      expect(outage.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      const unsubscribeLink = /^<(.+)>$/.exec(outage.headers.get('list-unsubscribe') ?? '')?.[1];
      expect(unsubscribeLink?.startsWith(`${base}/unsubscribe/`)).toBe(true);
      expect(outage.text).toContain(unsubscribeLink);
      for (const internal of ['web-probe-9', 'db-7', web.origin.replace('http://', '')]) expect(outage.text).not.toContain(internal);

      const incidentId = (await app!.store.incidents.list({}, { limit: 1, offset: 0 })).items[0]!.id;
      const post = (kind: string, text: { en: string; fr: string }) =>
        call(`${app!.url}/api/v1/incidents/${incidentId}/updates`, { method: 'POST', headers: { authorization: `Bearer ${EDITOR}`, 'content-type': 'application/json' }, body: JSON.stringify({ kind, text }) });
      expect((await post('internal', { en: 'db-7 refuses connections', fr: 'db-7 refuse les connexions' })).status).toBe(201);
      expect((await post('public', { en: 'We are restoring the portal.', fr: 'Nous rétablissons le portail.' })).status).toBe(201);
      const update = await waitFor('the public update mailed', () => mailsTo(smtp, 'claire.martin@example.org').find((m) => m.headers.get('subject')?.includes('Mise à jour')), 30_000);
      expect(update.text).toContain('Nous rétablissons le portail.');
      expect(update.text).not.toContain('db-7');
      expect(update.headers.get('references')).toBe(outage.headers.get('references'));

      healthy = true;
      const resolved = await waitFor('the resolution mailed', () => mailsTo(smtp, 'claire.martin@example.org').find((m) => m.headers.get('subject')?.includes('Résolu')), 30_000);
      expect(resolved.text).toContain('Statut : résolu.');
      // One mail per piece of news: confirmation, outage, update, resolution.
      expect(mailsTo(smtp, 'claire.martin@example.org')).toHaveLength(4);

      // The webhook got the same news, in both languages, signed with its own secret.
      const news = await waitFor('three signed webhook posts', () => (hook.requests.length >= 3 ? hook.requests : undefined), 30_000);
      const events = news.map((r) => JSON.parse(r.body) as { event: string; incident: { id: number; title: { fr: string } }; update: { text: { en: string } } | null });
      expect(events.map((e) => e.event)).toEqual(['incident.opened', 'incident.updated', 'incident.resolved']);
      expect(events[1]!.update!.text.en).toBe('We are restoring the portal.');
      expect(events[0]!.incident).toMatchObject({ id: incidentId, title: { fr: 'Portail citoyen : panne majeure' } });
      for (const request of news) {
        const [t, v1] = String(request.headers['vigie-signature']).split(',').map((part) => part.split('=')[1]);
        expect(t).toBe(request.headers['vigie-timestamp']);
        expect(v1).toBe(createHmac('sha256', webhook.secret).update(`${t}.${request.body}`).digest('hex'));
        expect(request.body).not.toContain('web-probe-9');
        expect(request.body).not.toContain('db-7');
      }

      // The unsubscribe link: a GET shows a button; a one-click POST (RFC 8058) unsubscribes.
      const leave = await call(unsubscribeLink!);
      expect(leave.status).toBe(200);
      expect(leave.body).toContain('Se désabonner');
      expect((await app!.store.subscriptions.get(claire.id))!.status).toBe('active');
      const left = await call(unsubscribeLink!, form([['List-Unsubscribe', 'One-Click']]));
      expect(left.status).toBe(200);
      expect(left.body).toContain('Désabonné');
      expect((await app!.store.subscriptions.get(claire.id))!.status).toBe('unsubscribed');
      expect((await call(unsubscribeLink!, { method: 'POST' })).body).toContain('Déjà désabonné');

      // The next outage reaches the webhook, not Claire.
      await waitFor('the portal seen up again', () => app!.engine.stateOf('web-probe-9')?.state === 'up', 30_000);
      const before = hook.requests.length;
      healthy = false;
      await waitFor('the next outage posted to the webhook', () => hook.requests.slice(before).some((r) => (JSON.parse(r.body) as { event: string }).event === 'incident.opened'), 30_000);
      healthy = true;
      const queued = await app!.store.deliveries.list({}, 500);
      const forClaire = queued.filter((d) => d.idempotencyKey.startsWith('status:public:') && d.idempotencyKey.endsWith(`:${claire.id}`));
      expect(forClaire.map((d) => d.event).sort()).toEqual(['status_opened', 'status_resolved', 'status_update']);
      expect(mailsTo(smtp, 'claire.martin@example.org')).toHaveLength(4);
    }, 120_000);

    it.skipIf(!available)('answers bad addresses, forged, truncated and expired-looking tokens and too many requests with clear pages, never a 500', async () => {
      const bad = await call(`${base}/subscribe`, form([['email', 'claire@@example'], ['language', 'fr']]));
      expect(bad.status).toBe(400);
      expect(bad.headers.get('content-type')).toContain('text/html');
      expect(bad.body).toContain('Abonnement impossible');
      expect(bad.body).toContain('Adresse e-mail (email)');
      const badEn = await call(`${base}/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'not an address', language: 'en' }) });
      expect(badEn.status).toBe(400);
      expect(JSON.parse(badEn.body)).toMatchObject({ error: 'invalid_request', issues: [{ path: 'email' }] });
      const unknownComponent = await call(`${base}/subscribe`, form([['email', 'eve@example.org'], ['components[]', 'nope']]));
      expect(unknownComponent.status).toBe(400);
      expect(unknownComponent.body).toContain('Composants (components)');
      const ftp = await call(`${base}/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ webhook: 'ftp://hooks.example.org/x' }) });
      expect(ftp.status).toBe(400);
      expect(JSON.parse(ftp.body)).toMatchObject({ issues: [{ path: 'webhook' }] });
      const notJson = await call(`${base}/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' });
      expect(notJson.status).toBe(400);

      // Two confirmation mails a day for one address, then a clear 429.
      for (let i = 0; i < 2; i++) expect((await call(`${base}/subscribe`, form([['email', 'dora@example.org'], ['language', 'en']]))).status).toBe(202);
      const limited = await call(`${base}/subscribe`, form([['email', 'dora@example.org'], ['language', 'en']]));
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(limited.body).toContain('Enough confirmation mails were sent to this address today');
      const doraMails = await waitFor('both of Dora’s confirmation mails', () => (mailsTo(smtp, 'dora@example.org').length === 2 ? mailsTo(smtp, 'dora@example.org') : undefined), 30_000);
      // The second request replaced the first link: only the latest one (the one with the current nonce) confirms.
      const dora = (await app!.store.subscriptions.find('public', 'email', 'dora@example.org'))!;
      const isLatest = (m: (typeof doraMails)[number]) => m.headers.get('x-vigie-idempotency-key')!.endsWith(`:${dora.tokenNonce}`);
      const latest = linkIn(doraMails.find(isLatest)!.text, 'confirm');
      const first = linkIn(doraMails.find((m) => !isLatest(m))!.text, 'confirm');
      const stale = await call(first!, { method: 'POST' });
      expect(stale.status).toBe(400);
      expect(stale.body).toContain('Lien non valide');

      const token = latest!.slice(latest!.lastIndexOf('/') + 1);
      const forged = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
      for (const [path, status] of [
        [`confirm/${forged}`, 400],
        [`confirm/${token.slice(0, 20)}`, 400],
        ['confirm/abc', 400],
        [`confirm/c999999.zzzzzz.${'A'.repeat(43)}`, 400],
        [`unsubscribe/${token}`, 400],
        [`confirm/${'x'.repeat(400)}`, 400],
      ] as const) {
        for (const method of ['GET', 'POST']) {
          const answer = await call(`${base}/${path}`, { method });
          expect(answer.status, `${method} ${path}`).toBe(status);
          expect(answer.body).toContain('Lien non valide');
        }
      }
      // A private page takes subscriptions only with its access token; its links work without it (mail clients have no cookie).
      expect((await call(`${app!.url}/status/ops/subscribe`, form([['email', 'olga@example.org']]))).status).toBe(401);
      expect((await call(`${app!.url}/status/ops/subscribe?token=${PRIVATE_TOKEN}`, form([['email', 'olga@example.org']]))).status).toBe(202);
      const olga = await waitFor('Olga’s confirmation mail', () => mailsTo(smtp, 'olga@example.org')[0], 30_000);
      const olgaLink = linkIn(olga.text, 'confirm');
      expect(olgaLink.startsWith(`${app!.url}/status/ops/confirm/`)).toBe(true);
      const olgaConfirmed = await call(olgaLink, { method: 'POST' });
      expect(olgaConfirmed.status).toBe(200);
      expect(olgaConfirmed.body).toContain('Subscription confirmed');

      // A link signed for one page does not work under another address.
      expect((await call(`${app!.url}/status/nope/confirm/${token}`)).status).toBe(404);
      expect((await call(`${app!.url}/status/ops/confirm/${token}`)).status).toBe(400);
      expect((await call(latest!, { method: 'POST' })).status).toBe(200);
    }, 60_000);
  });
}
