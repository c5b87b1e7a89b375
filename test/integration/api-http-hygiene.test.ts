/**
 * HTTP hygiene of a running Vigie: security headers on every answer, errors in one JSON format
 * that never quotes the request back (404, 413, 414, 415, 431, malformed URLs, not HTTP at all),
 * CORS off by default and exact when `server.cors.origins` is set, and `/metrics` behind
 * `server.metrics_token` (from the environment) when it is set.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { generateToken, hashToken } from '../../src/api/tokens.js';
import { parseConfigFiles } from '../../src/config/load-config.js';
import { createLogger } from '../../src/logger.js';

const ALLOWED = 'https://status.example.org';
const METRICS_TOKEN = randomBytes(24).toString('hex');
const ENV_NAME = 'VIGIE_TEST_METRICS_TOKEN';
/** Text put in requests to check that answers do not echo it. */
const MARK = 'echo-canary';

async function start(dir: string, name: string, config: string): Promise<App> {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, config);
  return startApp({ configPath: path, sqlitePath: join(dir, `${name}.db`), databaseUrl: '', logger: createLogger('silent'), watch: false, engine: { jitter: false } });
}

/** Sends raw bytes and returns what came back before the server closed the connection. */
function raw(url: string, text: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(text));
    let out = '';
    socket.on('data', (d) => (out += d.toString('latin1')));
    socket.on('close', () => resolve(out));
    socket.on('error', (e) => (out ? resolve(out) : reject(e)));
  });
}

function parseRaw(answer: string): { status: number; headers: Record<string, string>; body: unknown } {
  const [head, body = ''] = answer.split('\r\n\r\n');
  const [statusLine, ...lines] = head!.split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine!.split(' ')[1]), headers, body: JSON.parse(body) };
}

const SECURITY = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

function expectSecurityHeaders(headers: Headers | Record<string, string>, what: string): void {
  const get = (name: string) => (headers instanceof Headers ? headers.get(name) : headers[name]);
  for (const [name, value] of Object.entries(SECURITY)) expect(get(name), `${name} on ${what}`).toBe(value);
}

describe('HTTP hygiene', () => {
  let dir: string;
  let plain: App;
  let guarded: App;
  let admin: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigie-hygiene-'));
    process.env[ENV_NAME] = METRICS_TOKEN;
    plain = await start(dir, 'plain', 'server: { host: 127.0.0.1, port: 0 }\n');
    guarded = await start(dir, 'guarded', `server:\n  host: 127.0.0.1\n  port: 0\n  cors: { origins: ["${ALLOWED}"] }\n  metrics_token: \${${ENV_NAME}}\n`);
    admin = generateToken();
    await plain.store.tokens.create({ id: randomUUID(), name: 'admin', role: 'admin', tokenHash: hashToken(admin) }, Date.now());
  }, 60_000);

  afterAll(async () => {
    delete process.env[ENV_NAME];
    await plain?.close();
    await guarded?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('errors: one format, security headers, nothing of the request quoted back', () => {
    const auth = () => ({ authorization: `Bearer ${admin}` });

    it('answers 200, 401 and 404 with the security headers', async () => {
      for (const [path, status] of [['/healthz', 200], ['/api/v1/monitors', 401], [`/api/v1/${MARK}`, 404]] as const) {
        const res = await fetch(`${plain.url}${path}`);
        expect(res.status, path).toBe(status);
        expectSecurityHeaders(res.headers, path);
      }
      const missing = await (await fetch(`${plain.url}/api/v1/${MARK}?q=${MARK}`)).json();
      expect(missing).toEqual({ error: 'not_found', message: 'no route has this method and path; the routes are listed in /api/v1/openapi.json' });
    });

    it('answers 413 for a body over 1 MiB and 415 for a media type it does not read', async () => {
      const big = await fetch(`${plain.url}/api/v1/monitors`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/json' }, body: `{"id":"${'x'.repeat(1_100_000)}"}` });
      expect(big.status).toBe(413);
      expectSecurityHeaders(big.headers, '413');
      expect(await big.json()).toEqual({ error: 'payload_too_large', message: 'the request body is over 1 MiB' });
      const media = await fetch(`${plain.url}/api/v1/monitors`, { method: 'POST', headers: { ...auth(), 'content-type': `text/${MARK}` }, body: 'x' });
      expect(media.status).toBe(415);
      const body = (await media.json()) as { error: string };
      expect(body.error).toBe('unsupported_media_type');
      expect(JSON.stringify(body)).not.toContain(MARK);
    });

    it('answers 400 for a malformed %-escape and 414 for a path segment over 500 characters, without quoting the URL', async () => {
      const bad = parseRaw(await raw(plain.url, `GET /api/v1/monitors/${MARK}%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({ error: 'invalid_request', message: 'the URL is not valid (a malformed %-escape?)' });
      expectSecurityHeaders(bad.headers, 'bad URL');
      const long = await fetch(`${plain.url}/api/v1/monitors/${MARK}${'x'.repeat(600)}`, { headers: auth() });
      expect(long.status).toBe(414);
      expect(await long.json()).toEqual({ error: 'uri_too_long', message: 'a path segment is longer than 500 characters' });
      expectSecurityHeaders(long.headers, '414');
    });

    it('answers 431 for headers over 16 KiB and 400 for what is not HTTP, in the same format', async () => {
      const headers = parseRaw(await raw(plain.url, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-${MARK}: ${'y'.repeat(20_000)}\r\n\r\n`));
      expect(headers.status).toBe(431);
      expect(headers.body).toEqual({ error: 'headers_too_large', message: 'the request line and headers are over 16 KiB' });
      expectSecurityHeaders(headers.headers, '431');
      const url = parseRaw(await raw(plain.url, `GET /healthz?${MARK}=${'q'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`));
      expect(url.status).toBe(431);
      const junk = parseRaw(await raw(plain.url, `${MARK} \u0001\r\n\r\n`));
      expect(junk.status).toBe(400);
      expect(junk.body).toEqual({ error: 'invalid_request', message: 'the request is not valid HTTP/1.1' });
      expect((await fetch(`${plain.url}/healthz`)).status).toBe(200);
    });
  });

  describe('CORS', () => {
    it('is off by default: no Access-Control headers, and OPTIONS is not a route', async () => {
      const res = await fetch(`${plain.url}/healthz`, { headers: { origin: ALLOWED } });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      const preflight = await fetch(`${plain.url}/api/v1/monitors`, { method: 'OPTIONS', headers: { origin: ALLOWED, 'access-control-request-method': 'GET' } });
      expect(preflight.status).toBe(404);
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('allows exactly the configured origins, on answers and errors, with Vary: Origin', async () => {
      const ok = await fetch(`${guarded.url}/healthz`, { headers: { origin: ALLOWED } });
      expect(ok.headers.get('access-control-allow-origin')).toBe(ALLOWED);
      expect(ok.headers.get('vary')).toContain('Origin');
      const denied = await fetch(`${guarded.url}/api/v1/monitors`, { headers: { origin: ALLOWED } });
      expect(denied.status).toBe(401);
      expect(denied.headers.get('access-control-allow-origin')).toBe(ALLOWED);
      expect(denied.headers.get('access-control-expose-headers')).toContain('WWW-Authenticate');
      for (const origin of ['https://evil.example', `${ALLOWED}.evil.example`, 'http://status.example.org']) {
        const other = await fetch(`${guarded.url}/healthz`, { headers: { origin } });
        expect(other.headers.get('access-control-allow-origin'), origin).toBeNull();
        expect(other.headers.get('vary')).toContain('Origin');
      }
    });

    it('carries the security and CORS headers on the event stream too', async () => {
      const viewer = generateToken();
      await guarded.store.tokens.create({ id: randomUUID(), name: 'viewer', role: 'viewer', tokenHash: hashToken(viewer) }, Date.now());
      const controller = new AbortController();
      const res = await fetch(`${guarded.url}/api/v1/events?access_token=${viewer}`, { headers: { origin: ALLOWED }, signal: controller.signal });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
      expectSecurityHeaders(res.headers, 'event stream');
      controller.abort();
    });

    it('answers preflights: 204 with methods and headers for an allowed origin, 403 otherwise', async () => {
      const preflight = await fetch(`${guarded.url}/api/v1/monitors/web`, { method: 'OPTIONS', headers: { origin: ALLOWED, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization, content-type' } });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED);
      expect(preflight.headers.get('access-control-allow-methods')).toContain('PUT');
      expect(preflight.headers.get('access-control-allow-headers')).toBe('Authorization, Content-Type, Last-Event-ID');
      expect(preflight.headers.get('vary')).toContain('Origin');
      expectSecurityHeaders(preflight.headers, 'preflight');
      const refused = await fetch(`${guarded.url}/api/v1/monitors`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'DELETE' } });
      expect(refused.status).toBe(403);
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
      expect(((await refused.json()) as { error: string }).error).toBe('forbidden');
    });
  });

  it('refuses origins with a path and metrics tokens under 16 characters, naming file:line:col', () => {
    const text = 'server:\n  cors: { origins: ["https://a.example/app", "*", "https://b.example:8443"] }\n  metrics_token: short\n';
    expect(() => parseConfigFiles([{ file: 'v.yaml', text }])).toThrow(/v\.yaml:2:\d+ server\.cors\.origins\[0\]: must be an origin such as https:\/\/status\.example\.org/);
    expect(() => parseConfigFiles([{ file: 'v.yaml', text }])).toThrow(/v\.yaml:3:\d+ server\.metrics_token: must be at least 16 characters/);
  });

  describe('/metrics', () => {
    it('is open without server.metrics_token', async () => {
      expect((await fetch(`${plain.url}/metrics`)).status).toBe(200);
    });

    it('answers 401 without the token from ${ENV} and 200 with it', async () => {
      for (const headers of [{} as Record<string, string>, { authorization: 'Bearer nope' }, { authorization: `Bearer ${METRICS_TOKEN}x` }, { authorization: `Basic ${METRICS_TOKEN}` }]) {
        const res = await fetch(`${guarded.url}/metrics`, { headers });
        expect(res.status, JSON.stringify(headers)).toBe(401);
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
        const body = (await res.json()) as { error: string };
        expect(body.error).toBe('unauthorized');
        expect(JSON.stringify(body)).not.toContain(METRICS_TOKEN);
      }
      const ok = await fetch(`${guarded.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('vigie_');
    });
  });
});
