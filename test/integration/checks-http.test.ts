/**
 * @module Integration tests of the `http` check against real HTTP(S), TCP and DNS servers on
 * 127.0.0.1: every success and failure mode, TLS verification cases and redirects.
 */
import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpCheck } from '../../src/checks/http/index.js';
import { httpSchema } from '../../src/checks/http/http.schema.js';
import { createHttpRun } from '../../src/checks/http/http.run.js';
import type { CheckContext } from '../../src/checks/types.js';
import { checkContext as ctx, eventually } from '../helpers/check-context.js';
import { makeCertificate, makeChain, type Pem } from '../helpers/certs.js';
import { startDnsServer, startHttpServer, startHttpsServer, startTcpServer, type TestDns, type TestServer } from '../helpers/http-server.js';

const TIMEOUT = 10_000;

function check(config: Record<string, unknown>, context: CheckContext = ctx()) {
  return httpCheck.run(httpSchema.parse(config), context);
}

describe('http check over plain HTTP', () => {
  let server: TestServer;
  let dns: TestDns;
  const seen: { method?: string; header?: string; body?: string } = {};
  let hung = 0;

  beforeAll(async () => {
    server = await startHttpServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.method = req.method;
        seen.header = req.headers['x-probe'] as string | undefined;
        seen.body = Buffer.concat(chunks).toString();
        route(url, req.method ?? 'GET', res);
      });
    });
    dns = await startDnsServer({ 'service.test': '127.0.0.1' });
  });
  afterAll(async () => {
    await server.close();
    await dns.close();
  });

  function route(url: URL, method: string, res: import('node:http').ServerResponse): void {
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, headers);
      res.end(body);
    };
    switch (url.pathname) {
      case '/ok': return send(200, 'all good: ok');
      case '/unavailable': return send(503, 'maintenance');
      case '/not-found': return send(404, 'nope');
      case '/json': return send(200, JSON.stringify({ status: 'degraded', checks: [{ name: 'db', state: 'up' }] }), { 'content-type': 'application/json' });
      case '/not-json': return send(200, '<html>oops</html>');
      case '/slow': return void setTimeout(() => send(200, 'late but ok'), 300);
      case '/never': hung++; return; // never answers
      case '/stall': res.writeHead(200, { 'content-length': '100' }); res.write('partial'); return; // body never ends
      case '/echo': return send(200, `method=${method}`);
      case '/big': return send(200, `${'a'.repeat(100)}MARKER`);
      case '/huge': return send(200, 'x'.repeat(5 * 1_048_576));
      case '/redirect': return send(302, '', { location: '/hop2' });
      case '/hop2': return send(301, '', { location: `${server.origin}/ok` });
      case '/loop': return send(302, '', { location: `/loop?n=${Number(url.searchParams.get('n') ?? 0) + 1}` });
      case '/post-redirect': return send(303, '', { location: '/echo' });
      case '/keep-method': return send(307, '', { location: '/echo' });
      case '/bad-redirect': return send(302, '', { location: 'ftp://127.0.0.1/file' });
      default: return send(500, 'unknown route');
    }
  }

  it('is up on a 200 and reports connect, first-byte and total timings', async () => {
    const result = await check({ url: `${server.origin}/ok` });
    expect(result.status).toBe('up');
    expect(result.message).toMatch(/^HTTP 200 in [\d.]+ ms$/);
    expect(result.messages?.en).toBe(result.message);
    expect(result.messages?.fr).toBe(result.message.replace(' in ', ' en ').replace('.', ','));
    expect(result.timings?.connect).toBeGreaterThanOrEqual(0);
    expect(result.timings?.firstByte).toBeGreaterThanOrEqual(result.timings!.connect!);
    expect(result.timings?.total).toBeGreaterThanOrEqual(result.timings!.firstByte!);
    expect(result.timings?.dns).toBeUndefined();
    expect(result.timings?.tls).toBeUndefined();
    expect(result.latencyMs).toBe(result.timings?.total);
    expect(result.details).toEqual({ status: 200 });
  });

  it('names the host and port as its target', () => {
    expect(httpCheck.target(httpSchema.parse({ url: 'https://example.org/x' }))).toBe('example.org:443');
    expect(httpCheck.target(httpSchema.parse({ url: `${server.origin}/ok` }))).toBe(`127.0.0.1:${server.port}`);
  });

  it('resolves a host name through DNS and times the lookup', async () => {
    const run = createHttpRun(dns.resolve);
    const result = await run(httpSchema.parse({ url: `http://service.test:${server.port}/ok` }), ctx());
    expect(result.status).toBe('up');
    expect(result.timings?.dns).toBeGreaterThanOrEqual(0);
  });

  it('is down with a DNS message when the name does not exist', async () => {
    const run = createHttpRun(dns.resolve);
    const result = await run(httpSchema.parse({ url: `http://missing.test:${server.port}/ok` }), ctx());
    expect(result.status).toBe('down');
    expect(result.message).toBe('DNS lookup of "missing.test" failed: no such host (ENOTFOUND)');
    expect(result.messages?.fr).toBe('échec de la résolution DNS de « missing.test » : ce nom n’existe pas (ENOTFOUND)');
  });

  it('is down when the connection is refused', async () => {
    const closed = await startHttpServer(() => undefined);
    await closed.close();
    const result = await check({ url: `${closed.origin}/` });
    expect(result.status).toBe('down');
    expect(result.message).toBe(`connection refused by 127.0.0.1:${closed.port} (nothing is listening on that port, or a firewall rejects it) while connecting (ECONNREFUSED)`);
    expect(result.messages?.fr).toBe(`connexion refusée par 127.0.0.1:${closed.port} (aucun service n’écoute sur ce port, ou un pare-feu la rejette) pendant la connexion (ECONNREFUSED)`);
  });

  it('is down with the exact status message on an unexpected status', async () => {
    const result = await check({ url: `${server.origin}/unavailable`, expected_status: '200-299' });
    expect(result).toMatchObject({ status: 'down', message: 'expected status 200-299, got 503', details: { status: 503 } });
    expect(result.messages).toEqual({ en: 'expected status 200-299, got 503', fr: 'statut attendu 200-299, reçu 503' });
  });

  it('accepts codes and classes listed in expected_status', async () => {
    expect((await check({ url: `${server.origin}/not-found`, expected_status: ['2xx', 404] })).status).toBe('up');
    expect((await check({ url: `${server.origin}/not-found` })).message).toBe('expected status 200-399, got 404');
  });

  it('checks body_contains, body_not_contains and body_regex', async () => {
    const url = `${server.origin}/ok`;
    expect((await check({ url, body_contains: ['all good', 'ok'], body_not_contains: 'error', body_regex: '^all \\w+' })).status).toBe('up');
    expect((await check({ url, body_contains: 'healthy' })).message).toBe('body does not contain "healthy"');
    expect((await check({ url, body_not_contains: ['good'] })).message).toBe('body contains "good", which it must not');
    expect((await check({ url, body_regex: '^fine$' })).message).toBe('body does not match /^fine$/');
    expect((await check({ url, body_contains: 'healthy' })).messages?.fr).toBe('le corps ne contient pas "healthy"');
  });

  it('checks JSON paths and explains a wrong value', async () => {
    const url = `${server.origin}/json`;
    const wrong = await check({ url, json_path: { path: '$.status', equals: 'ok' } });
    expect(wrong).toMatchObject({ status: 'down', message: '$.status is "degraded", expected "ok"' });
    expect(wrong.messages?.fr).toBe('$.status vaut "degraded", valeur attendue "ok"');
    const right = await check({ url, json_path: [{ path: 'checks[0].state', equals: 'up' }, { path: 'checks[0].name' }, { path: 'error', exists: false }] });
    expect(right.status).toBe('up');
    expect((await check({ url, json_path: { path: 'status.db' } })).message).toBe('$.status.db is missing');
  });

  it('is down when the body is not valid JSON', async () => {
    const result = await check({ url: `${server.origin}/not-json`, json_path: { path: '$.status', equals: 'ok' } });
    expect(result.status).toBe('down');
    expect(result.message).toMatch(/^body is not valid JSON, so \$\.status cannot be checked: /);
  });

  it('reads at most max_body_bytes of the body', async () => {
    const cut = await check({ url: `${server.origin}/big`, body_contains: 'MARKER', max_body_bytes: 50 });
    expect(cut.message).toBe('body does not contain "MARKER" (only the first max_body_bytes were read)');
    expect((await check({ url: `${server.origin}/big`, body_contains: 'MARKER' })).status).toBe('up');
    expect((await check({ url: `${server.origin}/huge`, body_contains: 'xxx' })).status).toBe('up');
  });

  it('is degraded when the response is slower than max_latency', async () => {
    const result = await check({ url: `${server.origin}/slow`, max_latency: '50ms' });
    expect(result.status).toBe('degraded');
    expect(result.message).toMatch(/^response took [\d.]+ ms, over the max_latency of 50 ms$/);
    expect(result.messages?.fr).toMatch(/^la réponse a pris \d+(,\d)? ms, au-delà du max_latency de 50 ms$/);
    expect((await check({ url: `${server.origin}/ok`, max_latency: '60s' })).status).toBe('up');
  });

  it('is down with the phase named when the server never answers', async () => {
    const result = await check({ url: `${server.origin}/never` }, ctx(400));
    expect(result.status).toBe('down');
    expect(result.message).toBe('timed out after 400 ms while waiting for the response headers');
    expect(result.messages?.fr).toBe('délai de 400 ms dépassé en attendant les en-têtes de la réponse');
  });

  it('names the body phase when the body stalls', async () => {
    const result = await check({ url: `${server.origin}/stall` }, ctx(400));
    expect(result).toMatchObject({ status: 'down', message: 'timed out after 400 ms while reading the response body' });
    expect(result.messages?.fr).toBe('délai de 400 ms dépassé pendant la lecture du corps de la réponse');
  });

  it('is unknown when cancelled for another reason than the timeout', async () => {
    const controller = new AbortController();
    const before = hung;
    const pending = check({ url: `${server.origin}/never` }, { signal: controller.signal, timeoutMs: 60_000 });
    expect(await eventually(() => hung > before)).toBe(true);
    controller.abort();
    const result = await pending;
    expect(result.status).toBe('unknown');
    expect(result.message).toBe('the check was cancelled while waiting for the response headers (shutdown or reload)');
    expect(result.messages?.fr).toBe('la vérification a été annulée en attendant les en-têtes de la réponse (arrêt ou rechargement)');
  });

  it('sends the method, headers and body', async () => {
    const result = await check({ url: `${server.origin}/echo`, method: 'POST', headers: { 'X-Probe': 'yes' }, body: 'hello', body_contains: 'method=POST' });
    expect(result.status).toBe('up');
    expect(seen).toMatchObject({ method: 'POST', header: 'yes', body: 'hello' });
    expect((await check({ url: `${server.origin}/ok`, method: 'HEAD' })).status).toBe('up');
  });

  it('follows redirects to the final status and URL', async () => {
    const result = await check({ url: `${server.origin}/redirect`, body_contains: 'all good' });
    expect(result.status).toBe('up');
    expect(result.details).toEqual({ status: 200, finalUrl: `${server.origin}/ok` });
  });

  it('does not follow redirects when follow_redirects is false', async () => {
    expect((await check({ url: `${server.origin}/redirect`, follow_redirects: false })).status).toBe('up');
    const strict = await check({ url: `${server.origin}/redirect`, follow_redirects: false, expected_status: 200 });
    expect(strict.message).toBe('expected status 200, got 302');
  });

  it('stops after 10 redirects', async () => {
    const result = await check({ url: `${server.origin}/loop` });
    expect(result.status).toBe('down');
    expect(result.message).toBe(`more than 10 redirects (the last one to /loop?n=11)`);
    expect(result.messages?.fr).toBe('plus de 10 redirections (la dernière vers /loop?n=11)');
  });

  it('turns a POST into a GET on 303 and keeps it on 307', async () => {
    expect((await check({ url: `${server.origin}/post-redirect`, method: 'POST', body: 'x', body_contains: 'method=GET' })).status).toBe('up');
    expect((await check({ url: `${server.origin}/keep-method`, method: 'POST', body: 'x', body_contains: 'method=POST' })).status).toBe('up');
    expect(seen.body).toBe('x');
  });

  it('refuses to follow a redirect to a non-http URL', async () => {
    const result = await check({ url: `${server.origin}/bad-redirect` });
    expect(result.message).toBe('redirected to ftp://127.0.0.1/file, which is not an http(s) URL');
    expect(result.messages?.fr).toBe('redirection vers ftp://127.0.0.1/file, qui n’est pas une URL http(s)');
  });

  it('leaves no connection and no abort listener behind', async () => {
    const signal = AbortSignal.timeout(TIMEOUT);
    const shared = { signal, timeoutMs: TIMEOUT };
    const before = server.acceptedConnections();
    for (const path of ['/ok', '/ok', '/redirect', '/huge', '/unavailable']) {
      expect((await check({ url: `${server.origin}${path}`, max_body_bytes: 1000 }, shared)).status).not.toBe('unknown');
    }
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
    expect(server.acceptedConnections() - before).toBe(7);
    expect(await eventually(() => server.openConnections() === 0)).toBe(true);
  });
});

describe('http check against misbehaving TCP servers', () => {
  it('is down when the connection is reset', async () => {
    const server = await startTcpServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
    try {
      const result = await check({ url: `http://127.0.0.1:${server.port}/` });
      expect(result.status).toBe('down');
      expect(result.message).toBe(`connection reset by 127.0.0.1:${server.port} while waiting for the response headers (ECONNRESET)`);
      expect(result.messages?.fr).toBe(`connexion réinitialisée par 127.0.0.1:${server.port} en attendant les en-têtes de la réponse (ECONNRESET)`);
    } finally {
      await server.close();
    }
  });

  it('is down when the connection closes before a response', async () => {
    const server = await startTcpServer((socket) => socket.once('data', () => socket.end()));
    try {
      const result = await check({ url: `http://127.0.0.1:${server.port}/` });
      expect(result.status).toBe('down');
      expect(result.message).toBe(`connection closed by 127.0.0.1:${server.port} while waiting for the response headers (UND_ERR_SOCKET)`);
      expect(result.messages?.fr).toBe(`connexion fermée par 127.0.0.1:${server.port} en attendant les en-têtes de la réponse (UND_ERR_SOCKET)`);
    } finally {
      await server.close();
    }
  });

  it('names the TLS phase when the server never completes the handshake', async () => {
    const server = await startTcpServer(() => undefined);
    try {
      const result = await check({ url: `https://127.0.0.1:${server.port}/` }, ctx(400));
      expect(result).toMatchObject({ status: 'down', message: 'timed out after 400 ms during the TLS handshake' });
      expect(result.messages?.fr).toBe('délai de 400 ms dépassé pendant la négociation TLS');
      expect(result.timings?.connect).toBeGreaterThanOrEqual(0);
    } finally {
      await server.close();
    }
  });

  it('is down when the answer is not HTTP', async () => {
    const server = await startTcpServer((socket) => socket.once('data', () => socket.end('SSH-2.0-OpenSSH\r\n\r\n')));
    try {
      const result = await check({ url: `http://127.0.0.1:${server.port}/` });
      expect(result.status).toBe('down');
      expect(result.message).toMatch(new RegExp(`^invalid HTTP response from 127\\.0\\.0\\.1:${server.port}: .+$`));
      expect(result.messages?.fr).toMatch(new RegExp(`^réponse HTTP invalide de 127\\.0\\.0\\.1:${server.port} : .+$`));
    } finally {
      await server.close();
    }
  });
});

describe('http check over HTTPS', () => {
  let ca: Pem;
  const servers: TestServer[] = [];
  let selfSigned: TestServer;
  let expired: TestServer;
  let wrongName: TestServer;
  let valid: TestServer;
  let named: TestServer;
  let dns: TestDns;
  const ok = (_req: unknown, res: import('node:http').ServerResponse) => res.end('secure ok');

  beforeAll(async () => {
    const chain = makeChain({ commonName: '127.0.0.1', altNames: ['127.0.0.1'] });
    ca = chain.ca;
    const start = (pem: Pem) => startHttpsServer(pem, ok).then((s) => (servers.push(s), s));
    valid = await start(chain.leaf);
    selfSigned = await start(makeCertificate({ commonName: '127.0.0.1', altNames: ['127.0.0.1'] }));
    expired = await start(makeCertificate({ commonName: '127.0.0.1', altNames: ['127.0.0.1'], issuer: ca, startDaysAgo: 10, days: 5 }));
    wrongName = await start(makeCertificate({ commonName: 'other.example', altNames: ['other.example'], issuer: ca }));
    named = await start(makeCertificate({ commonName: 'service.test', altNames: ['service.test'], issuer: ca }));
    dns = await startDnsServer({ 'service.test': '127.0.0.1' });
  }, 60_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await dns.close();
  });

  it('is up on a chain signed by the CA given in ca, and times the handshake', async () => {
    const result = await check({ url: `${valid.origin}/`, ca: ca.cert, body_contains: 'secure ok' });
    expect(result.status).toBe('up');
    expect(result.timings?.tls).toBeGreaterThanOrEqual(0);
    expect(result.timings?.firstByte).toBeGreaterThanOrEqual(result.timings!.connect! + result.timings!.tls!);
  });

  it('is down on the same chain without its CA', async () => {
    const result = await check({ url: `${valid.origin}/` });
    expect(result.status).toBe('down');
    expect(result.message).toMatch(/^TLS error with 127\.0\.0\.1:\d+: the certificate is signed by an unknown authority.* \(UNABLE_TO_(VERIFY_LEAF_SIGNATURE|GET_ISSUER_CERT_LOCALLY)\)$/);
  });

  it('is down on a self-signed certificate, and up with verify_tls false', async () => {
    const strict = await check({ url: `${selfSigned.origin}/` });
    expect(strict.status).toBe('down');
    expect(strict.message).toBe(
      `TLS error with 127.0.0.1:${selfSigned.port}: the certificate is self-signed and not trusted; give it in \`ca\` or set verify_tls: false (DEPTH_ZERO_SELF_SIGNED_CERT)`,
    );
    expect(strict.messages?.fr).toBe(
      `certificat TLS de 127.0.0.1:${selfSigned.port} auto-signé et non approuvé (donnez-le dans \`ca\` ou mettez verify_tls: false) (DEPTH_ZERO_SELF_SIGNED_CERT)`,
    );
    expect((await check({ url: `${selfSigned.origin}/`, verify_tls: false })).status).toBe('up');
  });

  it('is down on an expired certificate', async () => {
    const result = await check({ url: `${expired.origin}/`, ca: ca.cert });
    expect(result.message).toBe(`TLS error with 127.0.0.1:${expired.port}: the certificate has expired (CERT_HAS_EXPIRED)`);
    expect(result.messages?.fr).toBe(`le certificat TLS de 127.0.0.1:${expired.port} a expiré (CERT_HAS_EXPIRED)`);
  });

  it('is down when the certificate names another host', async () => {
    const result = await check({ url: `${wrongName.origin}/`, ca: ca.cert });
    expect(result.status).toBe('down');
    expect(result.message).toBe(
      'TLS certificate does not match the host name "127.0.0.1": the certificate is only valid for DNS:other.example (ERR_TLS_CERT_ALTNAME_INVALID)',
    );
    expect(result.messages?.fr).toBe(
      `le certificat TLS de 127.0.0.1:${wrongName.port} ne couvre pas le nom « 127.0.0.1 » : il n’est valable que pour DNS:other.example (ERR_TLS_CERT_ALTNAME_INVALID)`,
    );
  });

  it('sends the host name (SNI) and verifies the certificate against it', async () => {
    const run = createHttpRun(dns.resolve);
    const result = await run(httpSchema.parse({ url: `https://service.test:${named.port}/`, ca: ca.cert }), ctx());
    expect(result.status).toBe('up');
    expect(result.timings?.dns).toBeGreaterThanOrEqual(0);
  });

  it('is down when a plain-text server answers on an https URL', async () => {
    const plain = await startHttpServer((_req, res) => res.end('plain'));
    try {
      const result = await check({ url: `https://127.0.0.1:${plain.port}/` });
      expect(result.status).toBe('down');
      expect(result.message).toMatch(/^TLS (error|handshake) with 127\.0\.0\.1:\d+/);
    } finally {
      await plain.close();
    }
  });
});
