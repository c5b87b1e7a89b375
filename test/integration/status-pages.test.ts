/**
 * Public status pages served by a whole Vigie, on SQLite and PostgreSQL: a service and a monitor
 * checking loopback HTTP servers made here, two pages (a public one answering for a host name, a
 * private one showing details). The pages are read over HTTP as a browser, a widget or a CDN
 * would: `/status`, `/status/<id>` and `/` by `Host`, language by `?lang=` and `Accept-Language`,
 * the private token and its cookie, ETag/Last-Modified and 304. An outage opens an incident; its
 * public updates (API and CLI) appear, while internal details (monitor ids, hosts, error texts,
 * internal notes) never reach the public page or JSON.
 *
 * Then the store is taken away mid-test and the pages keep answering with the last state and a
 * notice, and catch up when it returns:
 * - PostgreSQL: Vigie is started through a TCP proxy made here on 127.0.0.1 (the shared server
 *   other tests use must keep running); cutting the proxy resets every connection and refuses new
 *   ones, which is what Vigie sees when its database server stops. Restoring it accepts again.
 * - SQLite: Vigie keeps its database file open, so removing or `chmod 000` on the file changes
 *   nothing (the open descriptor still reads; checked while writing this test). What makes reads
 *   on the open handle fail is the content: the file is checkpointed (empty WAL), its bytes saved,
 *   then the file and its shared-memory index are overwritten with zeros, so every read and write
 *   fails with SQLITE_NOTADB ("file is not a database"), as on a disk that returns garbage. The
 *   saved bytes are written back to restore it (the zeroed index makes SQLite re-read the file).
 */
import { randomBytes } from 'node:crypto';
import { openSync, closeSync, ftruncateSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { hashToken } from '../../src/api/tokens.js';
import { escapeHtml } from '../../src/core/html.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';
import { DIALECTS, TEST_PG_URL, dialectAvailable } from '../helpers/databases.js';
import { startHttpServer, type TestServer } from '../helpers/http-server.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { runVigie } from '../helpers/vigie-process.js';

const PRIVATE_TOKEN = randomBytes(18).toString('base64url');
const HOST = 'status.example.test';

function configText(webOrigin: string, apiOrigin: string): string {
  return `server: { host: 127.0.0.1, port: 0 }
scheduler: { batch: { size: 50, interval: 200ms } }
incidents: { resolve_after: 2s }
monitors:
  - { id: web-probe-7, interval: 1s, timeout: 800ms, confirmations: { down: 1, up: 1 }, http: { url: "${webOrigin}/health" } }
  - { id: api-probe-3, interval: 1s, timeout: 800ms, confirmations: { down: 1, up: 1 }, http: { url: "${apiOrigin}/ping" } }
services:
  - id: website
    name: { en: Website, fr: Site web }
    criticality: vital
    components: [web-probe-7]
status_pages:
  - id: public
    title: { en: Operator status, fr: État des services }
    languages: [fr, en]
    hosts: [${HOST}]
    update_interval: 1m
    components:
      - { service: website }
      - group: { en: Interfaces, fr: Interfaces }
        components:
          - { monitor: api-probe-3, name: { en: Public API, fr: API publique } }
  - id: ops
    title: { en: Operations, fr: Exploitation }
    languages: [en, fr]
    private_token: ${PRIVATE_TOKEN}
    show_details: true
    components:
      - { service: website }
      - { monitor: api-probe-3, name: API }
`;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A GET as a browser sends it (any `Host`, no redirect following). */
function get(base: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function overwrite(path: string, bytes: Buffer): void {
  const fd = openSync(path, 'r+');
  try {
    ftruncateSync(fd, bytes.length);
    writeSync(fd, bytes, 0, bytes.length, 0);
  } finally {
    closeSync(fd);
  }
}

/** Makes the open SQLite database unreadable (see the module comment); returns how to restore it. */
async function breakSqlite(app: App, path: string): Promise<() => void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(app.store.db);
    // Synchronously from here: no query of the app can run between the check and the overwrite.
    if (statSync(`${path}-wal`).size !== 0) continue;
    const saved = readFileSync(path);
    overwrite(path, Buffer.alloc(saved.length));
    overwrite(`${path}-shm`, Buffer.alloc(statSync(`${path}-shm`).size));
    return () => {
      overwrite(path, saved);
      overwrite(`${path}-wal`, Buffer.alloc(0));
      overwrite(`${path}-shm`, Buffer.alloc(statSync(`${path}-shm`).size));
    };
  }
  throw new Error('the WAL never emptied: cannot take the database away cleanly');
}

for (const dialect of DIALECTS) {
  describe(`status pages (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'status page tests');
    let db: AppDatabase;
    let app: App;
    let web: TestServer;
    let api: TestServer;
    let proxy: TcpProxy | undefined;
    let webFailing = false;
    let configPath: string;
    let editor: string;
    let incidentId = 0;
    const base = () => app.url;
    const internal: string[] = [];

    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${base()}${path}`, { method, headers: { authorization: `Bearer ${editor}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : null });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const summary = async (path = '/status/public/api/v2/summary.json', headers: Record<string, string> = {}) => {
      const answer = await get(base(), path, headers);
      return { ...answer, json: JSON.parse(answer.body) as { page: { updated_at: string; name: string }; status: { indicator: string }; components: Array<{ name: string; status: string; group: boolean }>; incidents: Array<{ name: string; status: string; impact: string; incident_updates: Array<{ body: string; status: string }> }> } };
    };
    const componentStatus = async (name: string) => (await summary('/status/public/api/v2/summary.json?lang=en')).json.components.find((c) => c.name === name)?.status;

    beforeAll(async () => {
      if (!available) return;
      web = await startHttpServer((_req, res) => (webFailing ? res.writeHead(500).end('backend pool exhausted on db-7.internal') : res.writeHead(200).end('ok')));
      api = await startHttpServer((_req, res) => res.writeHead(200).end('pong'));
      db = appDatabase(dialect);
      configPath = join(db.dir, 'vigie.yaml');
      writeFileSync(configPath, configText(web.origin, api.origin));
      let databaseUrl = db.databaseUrl;
      if (dialect === 'postgres') {
        const target = new URL(TEST_PG_URL);
        proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
        target.hostname = '127.0.0.1';
        target.port = String(proxy.port);
        databaseUrl = target.toString();
      }
      app = await startApp({ ...db.appOptions(configPath), databaseUrl, watch: false, incidents: { pollMs: 200 }, status: { debounceMs: 100, probeMs: 300 } });
      editor = `vigie_${randomBytes(24).toString('base64url').replace(/[-_]/g, 'x').slice(0, 32)}`;
      await app.store.tokens.create({ id: 'status-editor', name: 'status-editor', role: 'editor', tokenHash: hashToken(editor) }, Date.now());
      internal.push('web-probe-7', 'api-probe-3', web.origin.replace('http://', ''), api.origin.replace('http://', ''), 'db-7.internal');
    }, 120_000);

    afterAll(async () => {
      if (!available) return;
      await app?.close();
      await proxy?.close();
      await web?.close();
      await api?.close();
      await db?.cleanup();
    });

    it.skipIf(!available)('serves the page at /status, /status/<id> and / of its host, in the language asked for', async () => {
      await waitFor('both components seen operational', async () => (await componentStatus('Website')) === 'operational' && (await componentStatus('Public API')) === 'operational' && app.engine.stateOf('web-probe-7')?.state === 'up' && app.engine.stateOf('api-probe-3')?.state === 'up');
      const first = await get(base(), '/status');
      expect(first.status).toBe(200);
      expect(first.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(first.body).toContain('<html lang="fr"');
      expect(first.body).toContain(escapeHtml('État des services'));
      expect(first.headers['cache-control']).toBe('public, max-age=30, stale-while-revalidate=60, stale-if-error=86400');
      expect(first.headers['vary']).toBe('Accept-Language, Accept-Encoding');
      expect(first.headers['content-security-policy']).toMatch(/style-src 'sha256-/);
      const english = await get(base(), '/status/public', { 'accept-language': 'en-GB,en;q=0.9,fr;q=0.5' });
      expect(english.body).toContain('<html lang="en"');
      expect(english.body).toContain('Operator status');
      const forced = await get(base(), '/status/public?lang=fr', { 'accept-language': 'en' });
      expect(forced.body).toContain('<html lang="fr"');
      expect(forced.headers['vary']).toBe('Accept-Encoding');
      const compressed = await get(base(), '/status/public?lang=fr', { 'accept-encoding': 'gzip, br' });
      expect(compressed.headers['content-encoding']).toBe('br');
      expect(compressed.headers['etag']).toMatch(/^"[A-Za-z0-9_-]+-br"$/);
      const byHost = await get(base(), '/?lang=en', { host: `${HOST}:8443` });
      expect(byHost.status).toBe(200);
      expect(byHost.body).toContain('Operator status');
      expect(byHost.body).toContain('href="/api/v2/summary.json"');
      const hostJson = await summary('/api/v2/summary.json', { host: HOST });
      expect(hostJson.status).toBe(200);
      expect(hostJson.json.page.name).toBe('État des services');
      // Another host's `/` is not a status page: the console has it (or its "not built" page).
      const elsewhere = await get(base(), '/', { host: 'elsewhere.example.test' });
      expect(elsewhere.body).not.toContain('Operator status');
      expect(elsewhere.body).not.toContain('État des services');
      const missing = await get(base(), '/status/nope');
      expect(missing.status).toBe(404);
      expect(missing.body).toContain('Page introuvable');
      expect(missing.body).toContain('Page not found');
    });

    it.skipIf(!available)('answers the Statuspage JSON, feeds and badges, with ETag and Last-Modified, and 304 when unchanged', async () => {
      const s = await summary('/status/public/api/v2/summary.json?lang=en');
      expect(s.status).toBe(200);
      expect(s.headers['access-control-allow-origin']).toBe('*');
      expect(s.json.status.indicator).toBe('none');
      expect(s.json.components.filter((c) => !c.group).map((c) => [c.name, c.status])).toEqual([['Website', 'operational'], ['Public API', 'operational']]);
      // A rebuild between two requests may change the document (a monitor's first state, say): a
      // 200 instead of a 304 is only right with a new ETag, and then the next try must give 304.
      const conditional = async (headers: (first: Answer) => Record<string, string>) => {
        for (let attempt = 0; attempt < 5; attempt++) {
          const first = await get(base(), '/status/public/api/v2/summary.json?lang=en');
          const again = await get(base(), '/status/public/api/v2/summary.json?lang=en', headers(first));
          if (again.status === 304) return again;
          expect(again.headers['etag']).not.toBe(first.headers['etag']);
        }
        throw new Error('never answered 304');
      };
      expect(String(s.headers['etag'])).toMatch(/^"[A-Za-z0-9_-]+"$/);
      expect((await conditional((first) => ({ 'if-none-match': String(first.headers['etag']) }))).body).toBe('');
      expect((await conditional((first) => ({ 'if-modified-since': String(first.headers['last-modified']) }))).headers['etag']).toBeDefined();
      expect((await get(base(), '/status/public/api/v2/summary.json?lang=en', { 'if-none-match': '"other"' })).status).toBe(200);
      for (const doc of ['status', 'components', 'incidents', 'incidents/unresolved', 'scheduled-maintenances', 'scheduled-maintenances/upcoming', 'scheduled-maintenances/active']) {
        const answer = await get(base(), `/status/public/api/v2/${doc}.json`);
        expect(answer.status, doc).toBe(200);
        expect(JSON.parse(answer.body).page.name, doc).toBe('État des services');
      }
      const rss = await get(base(), '/status/public/history.rss');
      expect(rss.status).toBe(200);
      expect(rss.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
      expect((await get(base(), '/status/public/history.atom')).body).toContain('<feed');
      expect((await get(base(), '/status/public/badge/unknown.svg')).status).toBe(404);
      const html = (await get(base(), '/status/public?lang=en')).body;
      const componentsDoc = JSON.parse((await get(base(), '/status/public/api/v2/components.json?lang=en')).body) as { components: Array<{ id: string; name: string }> };
      const website = componentsDoc.components.find((c) => c.name === 'Website')!;
      const svg = await get(base(), `/status/public/badge/${website.id}.svg?lang=en`);
      expect(svg.status).toBe(200);
      expect(svg.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
      expect(svg.body).toContain('operational');
      expect(html).not.toContain('web-probe-7');
    });

    it.skipIf(!available)('never answers 500 to odd requests', async () => {
      const odd = [
        '/status/public?page=abc&lang=xx&theme=%3Cscript%3E',
        '/status/public?page=99999999999&lang=fr&lang=en',
        '/status/public/badge/..%2f..%2fetc.svg',
        '/status/public/incidents/abc',
        '/status/public/incidents/99999',
        '/status/public/maintenances/%00',
        '/status/public/logo',
        '/status/public/api/v2/nothing.json',
        '/status/%ff',
        `/status/${'x'.repeat(400)}`,
      ];
      for (const path of odd) {
        const answer = await get(base(), path, { 'accept-language': ';;;q=abc,*' });
        expect(answer.status, path).toBeLessThan(500);
      }
      expect((await get(base(), '/status/public', { host: `${'a'.repeat(300)}.test` })).status).toBe(200);
      expect((await get(base(), '/history.rss', { host: 'status.example.test.' })).status).toBe(200);
    });

    it.skipIf(!available)('keeps a private page behind its token: 401 in both languages, then a cookie scoped to the page', async () => {
      const refused = await get(base(), '/status/ops');
      expect(refused.status).toBe(401);
      expect(refused.headers['cache-control']).toBe('private, no-store');
      expect(refused.headers['x-robots-tag']).toBe('noindex');
      expect(refused.body).toContain('Private page');
      expect(refused.body).toContain('Page privée');
      expect(refused.body).not.toContain('Website');
      expect((await get(base(), '/status/ops/api/v2/summary.json')).status).toBe(401);
      expect((await get(base(), '/status/ops?token=wrong-token-0123456789')).status).toBe(401);
      const opened = await get(base(), `/status/ops?token=${PRIVATE_TOKEN}`);
      expect(opened.status).toBe(200);
      expect(opened.body).toContain('Operations');
      expect(opened.headers['cache-control']).toBe('private, no-store');
      expect(opened.headers['x-robots-tag']).toBe('noindex');
      const cookie = String(opened.headers['set-cookie']);
      expect(cookie).toMatch(/^vigie_status_ops=[^;]+; Path=\/status\/ops; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
      expect(cookie).not.toContain(PRIVATE_TOKEN);
      const withCookie = await get(base(), '/status/ops/api/v2/summary.json', { cookie: cookie.split(';')[0]! });
      expect(withCookie.status).toBe(200);
      expect(withCookie.headers['access-control-allow-origin']).toBeUndefined();
      expect(JSON.parse(withCookie.body).page.name).toBe('Operations');
    });

    it.skipIf(!available)('shows an incident with its public updates (API and CLI), never internal details', async () => {
      webFailing = true;
      const incident = await waitFor('an incident opened for the website', async () => (await app.store.incidents.active()).find((i) => i.serviceId === 'website'));
      incidentId = incident.id;
      await waitFor('the page showing the outage', async () => (await componentStatus('Website')) === 'major_outage');
      const lastMessage = app.engine.stateOf('web-probe-7')?.lastMessage;
      if (lastMessage) internal.push(lastMessage);

      const note = await call('POST', `/api/v1/incidents/${incident.id}/updates`, { kind: 'internal', text: { en: 'INTERNAL restart pool on db-7', fr: 'INTERNE redémarrer le pool sur db-7' } });
      expect(note.status).toBe(201);
      internal.push('INTERNAL restart pool', 'INTERNE redémarrer');
      const update = await call('POST', `/api/v1/incidents/${incident.id}/updates`, { kind: 'public', text: { en: 'The website is unavailable; we are on it.', fr: 'Le site web est indisponible ; nous intervenons.' } });
      expect(update.status).toBe(201);
      await waitFor('the public update on the page', async () => (await get(base(), '/status/public')).body.includes('Le site web est indisponible'));
      const s = await summary('/status/public/api/v2/summary.json?lang=en');
      expect(s.json.status.indicator).toBe('critical');
      expect(s.json.incidents).toHaveLength(1);
      expect(s.json.incidents[0]).toMatchObject({ name: 'Website: major outage', status: 'investigating', impact: 'critical' });
      expect(s.json.incidents[0]!.incident_updates.map((u) => u.body)).toEqual(['The website is unavailable; we are on it.']);
      const frenchHtml = (await get(base(), '/status/public')).body;
      expect(frenchHtml).toContain(escapeHtml('Site web : panne majeure'));

      const cli = await runVigie(['incident', 'update', String(incident.id), '--public', '--en', 'Fix under way.', '--fr', 'Correction en cours.', '--by', 'Camille', '--config', configPath, ...(dialect === 'sqlite' ? ['--sqlite', db.sqlitePath] : [])], { ...db.env, VIGIE_CONFIG: '' }, 60_000, { cwd: db.dir });
      expect(cli.stderr).toBe('');
      expect(cli.stdout).toBe(`public update added to incident ${incident.id} by Camille\n`);
      await waitFor('the CLI update on the page', async () => (await get(base(), '/status/public?lang=en')).body.includes('Fix under way.'));
      const unresolved = JSON.parse((await get(base(), '/status/public/api/v2/incidents/unresolved.json?lang=en')).body) as { incidents: Array<{ incident_updates: Array<{ body: string }> }> };
      expect(unresolved.incidents[0]!.incident_updates.map((u) => u.body)).toEqual(['Fix under way.', 'The website is unavailable; we are on it.']);

      const everything = [
        frenchHtml,
        (await get(base(), '/status/public?lang=en')).body,
        (await get(base(), '/', { host: HOST })).body,
        ...(await Promise.all(['summary', 'incidents', 'components'].map(async (d) => (await get(base(), `/status/public/api/v2/${d}.json?lang=en`)).body))),
        (await get(base(), '/status/public/history.rss')).body,
        (await get(base(), '/status/public/history.atom?lang=en')).body,
      ].join('\n');
      for (const secret of internal) expect(everything, `"${secret}" must not be public`).not.toContain(secret);

      // The page that shows details names what failed.
      const details = (await get(base(), `/status/ops?token=${PRIVATE_TOKEN}`)).body;
      expect(details).toContain('web-probe-7');
    });

    it.skipIf(!available)('moves the incident to the history once resolved', async () => {
      webFailing = false;
      await waitFor('the incident resolved', async () => (await app.store.incidents.get(incidentId))?.status === 'resolved', 30_000);
      await waitFor('the page operational again', async () => (await summary()).json.status.indicator === 'none' && (await summary()).json.incidents.length === 0);
      const all = JSON.parse((await get(base(), '/status/public/api/v2/incidents.json?lang=en')).body) as { incidents: Array<{ status: string; name: string }> };
      expect(all.incidents[0]).toMatchObject({ status: 'resolved', name: 'Website: major outage' });
      const link = await get(base(), `/status/public/incidents/${incidentId}`);
      expect(link.status).toBe(302);
      expect(link.headers['location']).toBe(`/status/public#incident-${incidentId}`);
    });

    it.skipIf(!available)('keeps answering with the last state and a notice while the store is unreachable, and catches up when it returns', async () => {
      const before = await summary('/status/public/api/v2/summary.json?lang=en');
      const restore = dialect === 'postgres' ? (await proxy!.cut(), () => void proxy!.restore()) : await breakSqlite(app, db.sqlitePath);
      try {
        await waitFor('the pages marked stale', async () => (await get(base(), '/status/public/api/v2/summary.json')).headers['x-vigie-stale'] !== undefined, 30_000);
        const page = await get(base(), '/status/public?lang=en');
        expect(page.status).toBe(200);
        expect(page.body).toContain('Vigie cannot reach its database');
        expect(page.headers['x-vigie-stale']).toMatch(/^since=\d{4}-\d{2}-\d{2}T/);
        expect(page.body).toContain('Website');
        const french = await get(base(), '/status/public');
        expect(french.body).toContain('ne peut pas joindre sa base de données');
        const stale = await summary('/status/public/api/v2/summary.json?lang=en');
        expect(stale.status).toBe(200);
        expect(stale.json.page.updated_at).toBe(before.json.page.updated_at);
        expect(stale.json.components).toEqual(before.json.components);
        expect((await get(base(), '/', { host: HOST })).status).toBe(200);
        expect((await get(base(), `/status/ops?token=${PRIVATE_TOKEN}`)).status).toBe(200);
      } finally {
        restore();
      }
      await waitFor('the pages current again', async () => (await get(base(), '/status/public/api/v2/summary.json')).headers['x-vigie-stale'] === undefined, 30_000);
      expect((await get(base(), '/status/public?lang=en')).body).not.toContain('Vigie cannot reach its database');
      // Caught up: what happens now shows again.
      webFailing = true;
      await waitFor('the new outage on the page', async () => (await componentStatus('Website')) === 'major_outage', 30_000);
      webFailing = false;
    });
  });
}
