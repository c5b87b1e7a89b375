/**
 * The status pages outside the server, on SQLite and PostgreSQL: a whole Vigie runs a status page
 * over a service whose loopback HTTP server is made to fail, so an incident opens and gets a
 * public update through the API. Then:
 *
 * - a static export served by a plain file server made here (node:http and fs, directory URLs
 *   answered with their index.html, as nginx does) matches the live page: the same HTML in each
 *   language once link targets, the theme switch and the "updated N minutes ago" line are set
 *   aside (both rendered from the same snapshot, so uptime figures must be equal), the same JSON
 *   documents once the base URL is set aside, the same feeds and badges; every relative link of
 *   the copy opens a file of the copy;
 * - `vigie status export` (a child process reading the database) writes the same documents;
 * - `vigie status serve` in a child process on the same database answers the page, and nothing else;
 * - `vigie status mirror` in a child process rewrites its files after a new public update;
 * - the mirror (in-process, on a store of its own that is then closed) keeps its files and marks
 *   them stale when the store cannot be read.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/api/tokens.js';
import { startApp, type App } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { LogoFiles } from '../../src/status/logo-files.js';
import { selectPages, siteFiles } from '../../src/status/static-export.js';
import { writeStaticSite } from '../../src/status/static-writer.js';
import { StatusMirror } from '../../src/status/status-mirror.js';
import { StatusService } from '../../src/status/status-service.js';
import { JSON_DOCUMENTS } from '../../src/status/status-documents.js';
import { openStore } from '../../src/storage/open-store.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';
import { DIALECTS, TEST_PG_URL, dialectAvailable } from '../helpers/databases.js';
import { startHttpServer, type TestServer } from '../helpers/http-server.js';
import { runVigie } from '../helpers/vigie-process.js';

/** A `vigie` child process. */
interface Child {
  child: ChildProcess;
  exited: Promise<number | null>;
  /** Its JSON log lines so far. */
  logs(): Array<{ msg: string; url?: string }>;
  stderr(): string;
  /** The end of what it wrote, for failure messages. */
  output(): string;
}

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

function configText(webOrigin: string): string {
  return `server: { host: 127.0.0.1, port: 0 }
scheduler: { batch: { size: 50, interval: 200ms } }
incidents: { resolve_after: 2s }
monitors:
  - { id: web-probe-5, interval: 1s, timeout: 800ms, confirmations: { down: 1, up: 1 }, http: { url: "${webOrigin}/health" } }
services:
  - id: website
    name: { en: Website, fr: Site web }
    criticality: vital
    components: [web-probe-5]
status_pages:
  - id: public
    title: { en: Operator status, fr: État des services }
    languages: [fr, en]
    components:
      - { service: website }
  - id: ops
    title: { en: Operations, fr: Exploitation }
    private_token: ${randomBytes(18).toString('base64url')}
    components:
      - { service: website }
`;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.rss': 'application/rss+xml',
  '.atom': 'application/atom+xml',
  '.svg': 'image/svg+xml',
};

/** A plain static file server: a file by its path, a folder by its `index.html` (redirected to `/` first). */
async function serveFolder(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      let file = resolve(root, `.${path}`);
      if (file !== root && !file.startsWith(`${root}${sep}`)) return void res.writeHead(403).end();
      if (existsSync(file) && statSync(file).isDirectory()) {
        if (!path.endsWith('/')) return void res.writeHead(301, { location: `${path}/` }).end();
        file = join(file, 'index.html');
      }
      try {
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
      } catch {
        res.writeHead(404).end('not found');
      }
    })();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((done) => server.close(() => done())) };
}

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; type: string }> {
  const res = await fetch(url, { headers, redirect: 'manual' });
  return { status: res.status, body: await res.text(), type: res.headers.get('content-type') ?? '' };
}

/** The page with what must differ between the live page and its copy set aside. */
function comparable(html: string): string {
  return html
    .replace(/\s(href|src|action)="[^"]*"/g, ' $1')
    .replace(/<nav aria-label="(?:Theme|Thème)">.*?<\/nav>/, '')
    .replace(/(<footer class="bottom"><div class="wrap">)<p>(?:Last updated|Mis à jour).*?<\/p>/, '$1');
}

/** `[name, state]` of each component, and the open incidents section, of a page. */
function facts(html: string): { components: string[][]; incidents: string } {
  const components = [...html.matchAll(/<li class="comp s-([a-z_]+)"><div class="comp-head"><span class="comp-name">([^<]*)<\/span>/g)].map((m) => [m[2]!, m[1]!]);
  return { components, incidents: /<section aria-labelledby="incidents">.*?<\/section>/s.exec(html)?.[0] ?? '' };
}

function relativeLinks(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src)="([^"#][^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&')).filter((h) => !/^[a-z]+:/.test(h));
}

for (const dialect of DIALECTS) {
  describe(`status pages outside the server (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'status export tests');
    let db: AppDatabase;
    let app: App;
    let web: TestServer;
    let files: { url: string; close(): Promise<void> };
    let webFailing = false;
    let configPath: string;
    let editor: string;
    let incidentId = 0;
    let root: string;
    const children: ChildProcess[] = [];
    // Started together once the incident has its first update (their starts overlap the first tests).
    let serve: Child;
    let mirror: Child;
    const dbArgs = () => ['--config', configPath, ...(dialect === 'sqlite' ? ['--sqlite', db.sqlitePath] : [])];
    const env = () => ({ ...db.env, VIGIE_CONFIG: '' });
    const liveBase = () => `${app.url}/status/public`;

    const publicUpdate = async (en: string, fr: string) => {
      const res = await fetch(`${app.url}/api/v1/incidents/${incidentId}/updates`, { method: 'POST', headers: { authorization: `Bearer ${editor}`, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'public', text: { en, fr } }) });
      expect(res.status).toBe(201);
    };

    beforeAll(async () => {
      if (!available) return;
      web = await startHttpServer((_req, res) => (webFailing ? res.writeHead(500).end('pool exhausted') : res.writeHead(200).end('ok')));
      db = appDatabase(dialect);
      root = join(db.dir, 'www');
      configPath = join(db.dir, 'vigie.yaml');
      writeFileSync(configPath, configText(web.origin));
      app = await startApp({ ...db.appOptions(configPath), watch: false, incidents: { pollMs: 200 }, status: { debounceMs: 100, probeMs: 300 } });
      editor = `vigie_${randomBytes(24).toString('base64url').replace(/[-_]/g, 'x').slice(0, 32)}`;
      await app.store.tokens.create({ id: 'status-editor', name: 'status-editor', role: 'editor', tokenHash: hashToken(editor) }, Date.now());
      files = await serveFolder(root);
      webFailing = true;
      incidentId = (await waitFor('an incident opened for the website', async () => (await app.store.incidents.active()).find((i) => i.serviceId === 'website'))).id;
      await publicUpdate('The website is unavailable; we are on it.', 'Le site web est indisponible ; nous intervenons.');
      await waitFor('the public update on the live page', async () => (await get(`${liveBase()}?lang=en`)).body.includes('The website is unavailable'));
      serve = spawnVigie(['status', 'serve', '--host', '127.0.0.1', '--port', '0', ...dbArgs()]);
      mirror = spawnVigie(['status', 'mirror', '--out', join(root, 'mirror'), '--base-url', `${files.url}/mirror`, '--every', '300ms', ...dbArgs()]);
    }, 120_000);

    /** `vigie <args>` from the sources, on the test's database, logging JSON lines; killed at the end. */
    function spawnVigie(args: string[]): Child {
      const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args], { cwd: db.dir, env: { ...process.env, ...env(), VIGIE_LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
      const logs = () => stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg: string; url?: string });
      return { child, exited, logs, stderr: () => stderr, output: () => `${stdout.slice(-2000)}${stderr}` };
    }

    afterAll(async () => {
      if (!available) return;
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
      await files?.close();
      await app?.close();
      await web?.close();
      await db?.cleanup();
    });

    it.skipIf(!available)('a static export served by a plain file server matches the live page', async () => {
      // The copy and the live page from one snapshot: the live answers are read before and after taking it.
      let live: Record<string, string> = {};
      for (let attempt = 0; ; attempt++) {
        const snapshot = app.status.snapshot('public');
        live = { fr: (await get(`${liveBase()}?lang=fr`)).body, en: (await get(`${liveBase()}?lang=en`)).body };
        for (const path of [...Object.keys(JSON_DOCUMENTS), 'history.rss', 'history.atom', 'badge.svg']) live[path] = (await get(`${liveBase()}/${path}`)).body;
        if (app.status.snapshot('public') === snapshot) break;
        if (attempt === 5) throw new Error('the live snapshot kept changing');
      }
      const dir = join(root, 'copy');
      const selection = selectPages(app.config().status_pages, undefined);
      expect(selection).toEqual({ pageIds: ['public'], single: false, skippedPrivate: ['ops'] });
      await writeStaticSite(dir, await siteFiles(app.status.all(), selection, { baseUrl: `${files.url}/copy`, now: Date.now(), logos: new LogoFiles(db.dir) }));
      const staticBase = `${files.url}/copy/public`;

      const index = await get(`${files.url}/copy/`);
      expect(index.body).toContain('<a href="public/">État des services</a>');
      expect((await get(`${files.url}/copy/ops/`)).status).toBe(404);
      const first = await get(`${staticBase}/`);
      expect(first.status).toBe(200);
      expect(first.body).toMatch(/^<!doctype html>\n<html lang="fr">/);
      expect(first.body).toContain('Le site web est indisponible ; nous intervenons.');
      expect(comparable(first.body)).toBe(comparable(live.fr!));
      for (const lang of ['fr', 'en'] as const) {
        const page = await get(`${staticBase}/${lang}/`);
        expect(page.status).toBe(200);
        expect(comparable(page.body)).toBe(comparable(live[lang]!));
        expect(page.body).not.toContain('aria-label="Theme"');
        for (const href of relativeLinks(page.body)) expect((await get(new URL(href, `${staticBase}/${lang}/`).href)).status, `${lang}: ${href}`).toBe(200);
      }
      expect(relativeLinks(first.body)).toEqual(expect.arrayContaining(['fr/', 'en/', 'history.rss', 'api/v2/summary.json']));

      for (const path of Object.keys(JSON_DOCUMENTS)) {
        const copy = await get(`${staticBase}/${path}`);
        expect(copy.type).toBe('application/json');
        expect(copy.body.replaceAll(staticBase, 'BASE'), path).toBe(live[path]!.replaceAll(liveBase(), 'BASE'));
      }
      const summary = JSON.parse((await get(`${staticBase}/api/v2/summary.json`)).body) as { page: { url: string }; incidents: Array<{ incident_updates: Array<{ body: string }> }> };
      expect(summary.page.url).toBe(staticBase);
      expect(summary.incidents[0]!.incident_updates.map((u) => u.body)).toEqual(['Le site web est indisponible ; nous intervenons.']);
      for (const feed of ['history.rss', 'history.atom']) {
        const copy = (await get(`${staticBase}/${feed}`)).body;
        expect(copy).toMatch(feed.endsWith('rss') ? /^<\?xml[^>]*>\s*<rss version="2.0"/ : /^<\?xml[^>]*>\s*<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
        expect(copy.replaceAll(staticBase, 'BASE')).toBe(live[feed]!.replaceAll(liveBase(), 'BASE'));
      }
      expect((await get(`${staticBase}/badge.svg`)).body).toBe(live['badge.svg']);
      const components = JSON.parse(live['api/v2/components.json']!) as { components: Array<{ id: string; name: string }> };
      const website = components.components.find((c) => c.name === 'Site web')!;
      expect((await get(`${staticBase}/badge/${website.id}.svg`)).body).toBe((await get(`${liveBase()}/badge/${website.id}.svg`)).body);
    });

    it.skipIf(!available)('vigie status export writes the same page from the database', async () => {
      const dir = join(root, 'cli');
      const run = await runVigie(['status', 'export', '--page', 'public', '--out', dir, '--base-url', `${files.url}/cli/`, ...dbArgs()], env(), 60_000, { cwd: db.dir });
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(new RegExp(`^exported public to ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\d+ files written, 0 unchanged, 0 removed\\n$`));
      const page = (await get(`${files.url}/cli/`)).body;
      const livePage = (await get(`${liveBase()}?lang=fr`)).body;
      expect(facts(page)).toEqual(facts(livePage));
      expect(facts(page).components).toEqual([['Site web', 'major_outage']]);
      expect((await get(`${files.url}/cli/en/`)).body).toContain('The website is unavailable; we are on it.');
      for (const path of ['api/v2/summary.json', 'api/v2/incidents.json', 'api/v2/components.json']) {
        const copy = (await get(`${files.url}/cli/${path}`)).body;
        expect(copy.replaceAll(`${files.url}/cli`, 'BASE'), path).toBe((await get(`${liveBase()}/${path}`)).body.replaceAll(liveBase(), 'BASE'));
      }
    });

    it.skipIf(!available)('vigie status serve answers the page from the same database, and nothing else', async () => {
      const listening = await waitFor('vigie status serve listening', () => serve.logs().find((l) => l.msg.startsWith('Vigie is listening on '))?.url, 60_000).catch((error: Error) => {
        throw new Error(`${error.message}; it said: ${serve.output()}`);
      });
      const base = `${listening}/status/public`;
      const page = await get(`${base}?lang=en`);
      expect(page.status).toBe(200);
      expect(page.body).toContain('The website is unavailable; we are on it.');
      expect(facts(page.body)).toEqual(facts((await get(`${liveBase()}?lang=en`)).body));
      const summary = (await get(`${base}/api/v2/summary.json`)).body;
      expect(summary.replaceAll(base, 'BASE')).toBe((await get(`${liveBase()}/api/v2/summary.json`)).body.replaceAll(liveBase(), 'BASE'));
      expect(JSON.parse((await get(`${listening}/healthz`)).body)).toEqual({ status: 'ok', pages: 2, stale: false });
      const api = await get(`${listening}/api/v1/monitors`, { authorization: `Bearer ${editor}` });
      expect(api.status).toBe(404);
      serve.child.kill('SIGTERM');
      expect(await serve.exited).toBe(0);
      expect(serve.stderr()).toBe('');
    });

    it.skipIf(!available)('vigie status mirror rewrites its files after a new public update', async () => {
      const dir = join(root, 'mirror');
      const page = join(dir, 'public', 'en', 'index.html');
      await waitFor('the mirror\'s first files', () => existsSync(page), 60_000).catch((error: Error) => {
        throw new Error(`${error.message}; the mirror said: ${mirror.output()}`);
      });
      expect(readFileSync(page, 'utf8')).toContain('The website is unavailable; we are on it.');
      expect(mirror.stderr()).toBe('private status pages left out (a static copy cannot check their token): ops\n');

      await publicUpdate('A fix is being deployed.', 'Un correctif est en cours de déploiement.');
      await waitFor('the new update in the mirror', () => readFileSync(page, 'utf8').includes('A fix is being deployed.'), 20_000).catch((error: Error) => {
        throw new Error(`${error.message}; the mirror said: ${mirror.output()}`);
      });
      const unresolved = JSON.parse((await get(`${files.url}/mirror/public/api/v2/incidents/unresolved.json`)).body) as { incidents: Array<{ incident_updates: Array<{ body: string }> }> };
      expect(unresolved.incidents[0]!.incident_updates.map((u) => u.body)).toEqual(['Un correctif est en cours de déploiement.', 'Le site web est indisponible ; nous intervenons.']);
      mirror.child.kill('SIGTERM');
      expect(await mirror.exited).toBe(0);
      const leftovers = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.tmp'));
      expect(leftovers).toEqual([]);
    });

    it.skipIf(!available)('the mirror keeps its files, marked stale, while its store cannot be read', async () => {
      const dir = join(root, 'stale');
      const secretKeyFile = join(db.dir, 'secret.key');
      const store = await openStore(dialect === 'postgres' ? { url: TEST_PG_URL, pgSchema: db.pgSchema!, secretKeyFile } : { sqlitePath: db.sqlitePath, secretKeyFile });
      const log = createLogger('silent');
      const service = new StatusService({ store, log, config: () => app.config(), windows: async () => [], probeMs: 200 });
      const mirror = new StatusMirror({ service, dir, selection: selectPages(app.config().status_pages, 'public'), site: { baseUrl: `${files.url}/stale`, logos: new LogoFiles(db.dir) }, log });
      await mirror.start();
      try {
        const before = { page: readFileSync(join(dir, 'en', 'index.html'), 'utf8'), json: readFileSync(join(dir, 'api', 'v2', 'components.json'), 'utf8') };
        expect(before.page).not.toContain('Vigie cannot reach its database');
        await store.close();
        // The root page is written last.
        await waitFor('the stale notice in the files', () => readFileSync(join(dir, 'index.html'), 'utf8').includes('ne peut pas joindre sa base de données'), 20_000);
        expect(readFileSync(join(dir, 'en', 'index.html'), 'utf8')).toContain('Vigie cannot reach its database');
        expect(facts(readFileSync(join(dir, 'en', 'index.html'), 'utf8'))).toEqual(facts(before.page));
        expect(readFileSync(join(dir, 'api', 'v2', 'components.json'), 'utf8')).toBe(before.json);
        expect((await get(`${files.url}/stale/`)).status).toBe(200);
      } finally {
        await mirror.stop();
      }
    });
  });
}
