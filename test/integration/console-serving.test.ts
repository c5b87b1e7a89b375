/**
 * The web console served by Vigie itself: the console is built once with Vite's JS API into a
 * temporary folder (`VIGIE_CONSOLE_DIR`), then a whole Vigie (SQLite; serving does not touch the
 * store) with a status page answering for a host name is asked as a browser would: the console's
 * documents with their strict CSP, hashed assets cached for a year (compressed, 304 on a match),
 * client-side routes answered with index.html (including paths the status routes register at
 * host roots, like `/incidents/12`), while the API, health, status and acknowledgement paths keep
 * their own answers and the status host keeps its `/`. Without a build, a page says how to build.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { builtConsole } from '../helpers/console-build.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { installErrorHandlers } from '../../src/api/error-handler.js';
import { registerConsoleRoutes } from '../../src/console/console.routes.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';
import { startHttpServer, type TestServer } from '../helpers/http-server.js';

const HOST = 'status.console-test.example';
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
}

/** A request with any `Host` and headers, the body as bytes (no decompression, no redirects). */
function get(origin: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('console serving', () => {
  let outDir: string;
  let db: AppDatabase;
  let app: App;
  let backend: TestServer;
  let indexHtml: string;

  beforeAll(async () => {
    outDir = await builtConsole(); // shared by the browser tests of the run; never written to
    indexHtml = readFileSync(join(outDir, 'index.html'), 'utf8');
    process.env['VIGIE_CONSOLE_DIR'] = outDir;
    backend = await startHttpServer((_req, res) => res.writeHead(200).end('ok'));
    db = appDatabase('sqlite');
    const configPath = join(db.dir, 'vigie.yaml');
    writeFileSync(
      configPath,
      `server: { host: 127.0.0.1, port: 0 }
monitors:
  - { id: web, interval: 1s, timeout: 800ms, http: { url: "${backend.origin}/" } }
status_pages:
  - id: public
    title: { en: Console test status, fr: État de test }
    languages: [en, fr]
    hosts: [${HOST}]
    components:
      - { monitor: web, name: Website }
`,
    );
    app = await startApp({ ...db.appOptions(configPath), watch: false, status: { debounceMs: 100, probeMs: 300 } });
    await waitFor('the status page is built', async () => (await get(app.url, '/status/public')).status === 200);
  }, 180_000);

  afterAll(async () => {
    delete process.env['VIGIE_CONSOLE_DIR'];
    await app?.close();
    await backend?.close();
    await db?.cleanup();
  });

  it('builds an index.html with no inline script or style', () => {
    const scripts = [...indexHtml.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, content] of scripts) {
      expect(attributes).toMatch(/\ssrc="\/assets\/[^"]+\.js"/);
      expect(content!.trim()).toBe('');
    }
    expect(indexHtml).not.toMatch(/<style\b|\sstyle=/);
  });

  it('answers / and every client-side route with index.html under a strict CSP, never cached', async () => {
    for (const path of ['/', '/login', '/setup?token=abc', '/monitors', '/incidents', '/incidents/12', '/settings/people']) {
      const answer = await get(app.url, path, { accept: 'text/html' });
      expect(answer.status, path).toBe(200);
      expect(answer.text, path).toBe(indexHtml);
      expect(answer.headers['content-type'], path).toBe('text/html; charset=utf-8');
      expect(answer.headers['content-security-policy'], path).toBe(CSP);
      expect(answer.headers['x-content-type-options'], path).toBe('nosniff');
      expect(answer.headers['referrer-policy'], path).toBe('same-origin');
      expect(answer.headers['cache-control'], path).toBe('no-store');
    }
    const head = await get(app.url, '/monitors', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
  });

  it('serves hashed assets cached for a year, compressed when asked, 304 when the client has them', async () => {
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(indexHtml)?.[1];
    const style = /href="(\/assets\/[^"]+\.css)"/.exec(indexHtml)?.[1];
    expect(script).toBeDefined();
    expect(style).toBeDefined();
    const js = await get(app.url, script!);
    expect(js.status).toBe(200);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.body.equals(readFileSync(join(outDir, script!)))).toBe(true);
    const css = await get(app.url, style!);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const gzipped = await get(app.url, script!, { 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.body.length).toBeLessThan(js.body.length);
    const again = await get(app.url, script!, { 'if-none-match': String(js.headers['etag']) });
    expect(again.status).toBe(304);
    const favicon = await get(app.url, '/favicon.svg');
    expect(favicon.status).toBe(200);
    expect(favicon.headers['content-type']).toBe('image/svg+xml');
  });

  it('keeps JSON 404s for missing assets, the API and other methods', async () => {
    for (const [method, path] of [['GET', '/assets/missing-0000.js'], ['GET', '/assets/../index.html'], ['GET', '/api/v1/no-such-route'], ['GET', '/api'], ['POST', '/monitors'], ['DELETE', '/']] as const) {
      const answer = await get(app.url, path, {}, method);
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.headers['content-type'], `${method} ${path}`).toMatch(/^application\/json/);
      expect(JSON.parse(answer.text).error, `${method} ${path}`).toBe('not_found');
    }
    const unauthorized = await get(app.url, '/api/v1/monitors');
    expect(unauthorized.status).toBe(401);
    expect(JSON.parse(unauthorized.text).error).toBe('unauthorized');
    expect(JSON.parse((await get(app.url, '/healthz')).text)).toHaveProperty('status');
    expect((await get(app.url, '/metrics')).text).not.toBe(indexHtml);
    expect((await get(app.url, '/ack/not-a-link')).text).not.toBe(indexHtml);
  });

  it('leaves status pages their paths, and a status host its /', async () => {
    const byHost = await get(app.url, '/', { host: HOST });
    expect(byHost.status).toBe(200);
    expect(byHost.text).toContain('Console test status');
    expect(byHost.headers['content-security-policy']).not.toBe(CSP);
    const byPath = await get(app.url, '/status');
    expect(byPath.text).toContain('Console test status');
    const unknown = await get(app.url, '/status/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.text).not.toBe(indexHtml);
    // The same path on another host is the console.
    expect((await get(app.url, '/', { host: 'console.example' })).text).toBe(indexHtml);
  });
});

describe('console serving without a build', () => {
  it('answers console routes with a page saying how to build it, and API 404s as JSON', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'vigie-console-empty-'));
    const app = Fastify();
    installErrorHandlers(app);
    registerConsoleRoutes(app, { dir: empty });
    try {
      for (const path of ['/', '/monitors']) {
        const answer = await app.inject({ method: 'GET', url: path });
        expect(answer.statusCode, path).toBe(503);
        expect(answer.headers['content-type'], path).toBe('text/html; charset=utf-8');
        expect(answer.body, path).toContain('npm run build');
        expect(answer.body, path).toContain('La console n’est pas construite');
        expect(answer.headers['content-security-policy'], path).toBe(CSP);
      }
      const api = await app.inject({ method: 'GET', url: '/api/v1/anything' });
      expect(api.statusCode).toBe(404);
      expect(api.json()).toMatchObject({ error: 'not_found' });
      expect((await app.inject({ method: 'GET', url: '/assets/index-abc.js' })).statusCode).toBe(404);
    } finally {
      await app.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
