/**
 * The `email` channel end to end, on SQLite and PostgreSQL: a service's web server fails → one
 * incident → the on-call person, French-speaking, with an e-mail contact, is paged through a real
 * SMTP server on loopback (authenticated with `${SMTP_PASSWORD}` from the environment); the
 * acknowledge link in the mail's HTML part acknowledges the incident; recovery → "resolved" mail,
 * in the same thread (References) with its own Message-ID.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';
import { DIALECTS, dialectAvailable } from '../helpers/databases.js';
import { startHttpServer, type TestServer } from '../helpers/http-server.js';
import { parseMail, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

const ACCOUNT = { user: 'vigie', password: 'smtp-password-from-env' };

function configText(web: TestServer, smtp: SmtpSink): string {
  return `server: { host: 127.0.0.1, port: 0 }
scheduler: { batch: { size: 50, interval: 100ms } }
incidents: { resolve_after: 1s }
monitors:
  - { id: web-1, interval: 1s, timeout: 800ms, confirmations: { down: 1, up: 1 }, http: { url: "${web.origin}/" } }
services:
  - id: portal
    name: { en: Citizen portal, fr: Portail citoyen }
    criticality: vital
    redundancy: { members: [web-1], min_healthy: 1, member_label: { en: web servers, fr: serveurs web } }
channels:
  - id: smtp
    name: E-mail
    email:
      host: 127.0.0.1
      port: ${smtp.port}
      starttls: never
      user: ${ACCOUNT.user}
      password: \${SMTP_PASSWORD}
      from: "Vigie <vigie@alerts.example.org>"
people:
  - { id: alice, name: Alice Martin, language: fr, contacts: [{ channel: smtp, to: alice@example.org }] }
escalation_policies:
  - id: portal-policy
    levels:
      - targets: [{ person: alice }]
notifications:
  routes:
    - match: { services: [portal] }
      escalation: portal-policy
      group_wait: 0s
`;
}

const mails = (smtp: SmtpSink) => smtp.messages.map((m) => ({ ...parseMail(m.raw), envelope: m }));

for (const dialect of DIALECTS) {
  describe(`email channel end to end (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'email end-to-end tests');
    let db: AppDatabase;
    let app: App | undefined;
    let web: TestServer;
    let smtp: SmtpSink;
    let healthy = true;

    beforeAll(async () => {
      if (!available) return;
      process.env.SMTP_PASSWORD = ACCOUNT.password;
      web = await startHttpServer((_req, res) => {
        res.writeHead(healthy ? 200 : 500);
        res.end(healthy ? 'ok' : 'down');
      });
      smtp = await startSmtpSink(ACCOUNT);
      db = appDatabase(dialect);
      const configPath = join(db.dir, 'vigie.yaml');
      writeFileSync(configPath, configText(web, smtp));
      app = await startApp({ ...db.appOptions(configPath), watch: false, logger: createLogger('error'), incidents: { pollMs: 100 }, notifications: { pollMs: 100 } });
    }, 60_000);

    afterAll(async () => {
      if (!available) return;
      await app?.close();
      await web?.close();
      await smtp?.close();
      await db?.cleanup();
    });

    it.skipIf(!available)('pages Alice by e-mail in French; the link in the mail acknowledges; the resolution follows in the same thread', async () => {
      await waitFor('the web server up', () => app!.engine.stateOf('web-1')?.state === 'up', 30_000);
      healthy = false;
      const page = await waitFor('Alice paged by e-mail', () => mails(smtp).find((m) => m.headers.get('x-vigie-event') === 'opened'), 30_000);
      expect(page.envelope).toMatchObject({ user: ACCOUNT.user, from: 'vigie@alerts.example.org', to: ['alice@example.org'] });
      expect(page.headers.get('to')).toBe('alice@example.org');
      expect(page.headers.get('subject')).toContain('Portail citoyen : panne majeure');
      expect(page.headers.get('message-id')).toMatch(/^<vigie\.[0-9a-f]{32}@alerts\.example\.org>$/);
      expect(page.headers.get('x-vigie-idempotency-key')).toBeTruthy();
      expect(page.text).toContain('Portail citoyen');
      expect(page.html).toContain('<html lang="fr">');

      const link = /href="([^"]*\/ack\/[^"]+)"/.exec(page.html ?? '')?.[1];
      expect(link).toBeDefined();
      const incidentId = (await app!.store.incidents.list({}, { limit: 10, offset: 0 })).items[0]!.id;
      const done = await fetch(link!.replace(/^https?:\/\/[^/]+/, app!.url), { method: 'POST' });
      expect(done.status).toBe(200);
      expect((await app!.store.incidents.get(incidentId))!.status).toBe('acknowledged');

      healthy = true;
      const resolved = await waitFor('the resolution mailed to Alice', () => mails(smtp).find((m) => m.headers.get('x-vigie-event') === 'resolved'), 30_000);
      expect(resolved.headers.get('references')).toBe(page.headers.get('references'));
      expect(resolved.headers.get('message-id')).not.toBe(page.headers.get('message-id'));
      expect(resolved.headers.get('x-vigie-idempotency-key')).not.toBe(page.headers.get('x-vigie-idempotency-key'));
    });
  });
}
