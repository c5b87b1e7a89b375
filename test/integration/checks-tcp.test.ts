/**
 * @module Integration tests of the `tcp` check against real TCP and TLS servers on 127.0.0.1:
 * connect, send, banner match and mismatch, closed connections, timeouts, cancellation and TLS.
 */
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tcpCheck } from '../../src/checks/tcp/index.js';
import { createTcpRun } from '../../src/checks/tcp/tcp.run.js';
import { tcpSchema } from '../../src/checks/tcp/tcp.schema.js';
import type { CheckContext } from '../../src/checks/types.js';
import { checkContext as ctx, eventually } from '../helpers/check-context.js';
import { makeCertificate, makeChain, type Pem } from '../helpers/certs.js';
import { startDnsServer, startTcpServer, type TestDns, type TestServer } from '../helpers/http-server.js';

function check(config: Record<string, unknown>, context: CheckContext = ctx()) {
  return tcpCheck.run(tcpSchema.parse(config), context);
}

describe('tcp check', () => {
  let banner: TestServer;
  let echo: TestServer;
  let silent: TestServer;
  let slowBanner: TestServer;
  let wrongThenClose: TestServer;
  let closer: TestServer;
  let dns: TestDns;
  let silentAccepted = 0;

  beforeAll(async () => {
    banner = await startTcpServer((s) => s.write('SSH-2.0-VigieTest_1.0\r\n'));
    echo = await startTcpServer((s) => s.on('data', (d: Buffer) => s.write(`you said: ${JSON.stringify(d.toString())}\n`)));
    silent = await startTcpServer(() => void silentAccepted++);
    slowBanner = await startTcpServer((s) => {
      const timer = setTimeout(() => s.write('220 ready\r\n'), 300);
      s.on('close', () => clearTimeout(timer));
    });
    wrongThenClose = await startTcpServer((s) => s.end('220 smtp.example ESMTP Postfix\r\n'));
    closer = await startTcpServer((s) => s.end());
    dns = await startDnsServer({ 'banner.test': '127.0.0.1' });
  });
  afterAll(async () => {
    await Promise.all([banner, echo, silent, slowBanner, wrongThenClose, closer].map((s) => s.close()));
    await dns.close();
  });

  it('is up once connected, with connect and total timings', async () => {
    const result = await check({ host: '127.0.0.1', port: silent.port });
    expect(result.status).toBe('up');
    expect(result.message).toMatch(/^connected in [\d.]+ ms$/);
    expect(result.messages).toEqual({ en: result.message, fr: result.message.replace('connected in ', 'connecté en ').replace('.', ',') });
    expect(result.timings?.connect).toBeGreaterThanOrEqual(0);
    expect(result.timings?.tls).toBeUndefined();
    expect(result.latencyMs).toBe(result.timings?.total);
    expect(tcpCheck.target(tcpSchema.parse({ host: '127.0.0.1', port: silent.port }))).toBe(`127.0.0.1:${silent.port}`);
  });

  it('matches a banner with expect and expect_regex, recording the first byte', async () => {
    const result = await check({ host: '127.0.0.1', port: banner.port, expect: 'SSH-2.0', expect_regex: '^SSH-\\d\\.\\d-\\w+' });
    expect(result.status).toBe('up');
    expect(result.message).toMatch(/^received "SSH-2.0" and \/\^SSH-.+\/ in [\d.]+ ms$/);
    expect(result.messages?.fr).toMatch(/^reçu "SSH-2.0" et \/\^SSH-.+\/ en \d+(,\d)? ms$/);
    expect(result.timings?.firstByte).toBeGreaterThanOrEqual(result.timings!.connect!);
  });

  it('sends text with escapes and reads the answer', async () => {
    const result = await check({ host: '127.0.0.1', port: echo.port, send: 'PING\\r\\n', expect: 'you said: "PING\\r\\n"' });
    expect(result.status).toBe('up');
  });

  it('resolves a host name through DNS and times the lookup', async () => {
    const run = createTcpRun(dns.resolve);
    const result = await run(tcpSchema.parse({ host: 'banner.test', port: banner.port, expect: 'SSH' }), ctx());
    expect(result.status).toBe('up');
    expect(result.timings?.dns).toBeGreaterThanOrEqual(0);
    const missing = await run(tcpSchema.parse({ host: 'missing.test', port: banner.port }), ctx());
    expect(missing.message).toBe('DNS lookup of "missing.test" failed: no such host (ENOTFOUND)');
    expect(missing.messages?.fr).toBe('échec de la résolution DNS de « missing.test » : ce nom n’existe pas (ENOTFOUND)');
  });

  it('is down when the connection is refused', async () => {
    const gone = await startTcpServer(() => undefined);
    await gone.close();
    const result = await check({ host: '127.0.0.1', port: gone.port });
    expect(result.status).toBe('down');
    expect(result.message).toBe(`connection refused by 127.0.0.1:${gone.port} (nothing is listening on that port, or a firewall rejects it) while connecting (ECONNREFUSED)`);
    expect(result.messages?.fr).toBe(`connexion refusée par 127.0.0.1:${gone.port} (aucun service n’écoute sur ce port, ou un pare-feu la rejette) pendant la connexion (ECONNREFUSED)`);
  });

  it('is down on a banner mismatch, quoting what was received', async () => {
    const result = await check({ host: '127.0.0.1', port: wrongThenClose.port, expect: 'SSH-2.0' });
    expect(result.status).toBe('down');
    expect(result.message).toBe('expected "SSH-2.0" before the connection closed; received "220 smtp.example ESMTP Postfix\\r\\n"');
    expect(result.messages?.fr).toBe('"SSH-2.0" attendu avant la fermeture de la connexion ; reçu "220 smtp.example ESMTP Postfix\\r\\n"');
  });

  it('truncates a long received text in the message', async () => {
    const long = await startTcpServer((s) => s.end(`${'x'.repeat(500)}\n`));
    try {
      const result = await check({ host: '127.0.0.1', port: long.port, expect: 'OK' });
      expect(result.message).toBe(`expected "OK" before the connection closed; received "${'x'.repeat(60)}…"`);
    } finally {
      await long.close();
    }
  });

  it('is down when the connection closes before any banner', async () => {
    const result = await check({ host: '127.0.0.1', port: closer.port, expect: 'SSH' });
    expect(result.status).toBe('down');
    expect(result.message).toBe('the connection was closed by the server before any data was received');
    expect(result.messages?.fr).toBe('le serveur a fermé la connexion avant d’envoyer la moindre donnée');
  });

  it('times out when the expected banner never comes', async () => {
    const result = await check({ host: '127.0.0.1', port: silent.port, expect: 'SSH' }, ctx(400));
    expect(result.status).toBe('down');
    expect(result.message).toBe('timed out after 400 ms while waiting for the banner; nothing was received');
    expect(result.messages?.fr).toBe('délai de 400 ms dépassé en attendant la bannière ; rien n’a été reçu');
    const partial = await check({ host: '127.0.0.1', port: banner.port, expect: 'OpenSSH' }, ctx(400));
    expect(partial.message).toBe('timed out after 400 ms while waiting for the banner; received "SSH-2.0-VigieTest_1.0\\r\\n"');
    expect(partial.messages?.fr).toBe('délai de 400 ms dépassé en attendant la bannière ; reçu "SSH-2.0-VigieTest_1.0\\r\\n"');
  });

  it('is unknown when cancelled, and down on an already-fired timeout', async () => {
    const controller = new AbortController();
    const before = silentAccepted;
    const pending = check({ host: '127.0.0.1', port: silent.port, expect: 'x' }, { signal: controller.signal, timeoutMs: 60_000 });
    expect(await eventually(() => silentAccepted > before)).toBe(true);
    controller.abort();
    const result = await pending;
    expect(result.status).toBe('unknown');
    expect(result.message).toMatch(/^the check was cancelled (while connecting|while waiting for the banner) \(shutdown or reload\)$/);
    expect(result.messages?.fr).toMatch(/^la vérification a été annulée (pendant la connexion|en attendant la bannière) \(arrêt ou rechargement\)$/);
    const fired = new AbortController();
    fired.abort(new DOMException('timeout', 'TimeoutError'));
    const late = await check({ host: '127.0.0.1', port: silent.port }, { signal: fired.signal, timeoutMs: 500 });
    expect(late).toMatchObject({ status: 'down', message: 'timed out after 500 ms while connecting' });
    expect(late.messages?.fr).toBe('délai de 500 ms dépassé pendant la connexion');
  });

  it('is degraded when slower than max_latency', async () => {
    const result = await check({ host: '127.0.0.1', port: slowBanner.port, expect: '220', max_latency: '50ms' });
    expect(result.status).toBe('degraded');
    expect(result.message).toMatch(/^took [\d.]+ ms, over the max_latency of 50 ms$/);
    expect(result.messages?.fr).toMatch(/^durée de \d+(,\d)? ms, au-delà du max_latency de 50 ms$/);
  });

  it('leaves no connection open', async () => {
    for (let i = 0; i < 3; i++) await check({ host: '127.0.0.1', port: banner.port, expect: 'SSH' });
    expect(await eventually(() => banner.openConnections() === 0)).toBe(true);
  });
});

describe('tcp check with TLS', () => {
  let ca: Pem;
  const servers: TlsServer[] = [];
  let validPort: number;
  let selfSignedPort: number;

  function startTls(pem: Pem): Promise<number> {
    const server = createTlsServer({ key: pem.key, cert: pem.cert }, (s) => s.end('* OK IMAP ready\r\n'));
    servers.push(server);
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  }

  beforeAll(async () => {
    const chain = makeChain({ commonName: '127.0.0.1', altNames: ['127.0.0.1'] });
    ca = chain.ca;
    validPort = await startTls(chain.leaf);
    selfSignedPort = await startTls(makeCertificate({ commonName: '127.0.0.1', altNames: ['127.0.0.1'] }));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  });

  it('is up over TLS with the CA given, timing the handshake', async () => {
    const result = await check({ host: '127.0.0.1', port: validPort, tls: true, ca: ca.cert, expect: '* OK' });
    expect(result.status).toBe('up');
    expect(result.timings?.tls).toBeGreaterThanOrEqual(0);
    expect(result.messages?.fr).toMatch(/^reçu "\* OK" en \d+(,\d)? ms$/);
  });

  it('is down on a self-signed certificate unless verify_tls is false', async () => {
    const strict = await check({ host: '127.0.0.1', port: selfSignedPort, tls: true });
    expect(strict.status).toBe('down');
    expect(strict.message).toMatch(/self-signed.*\(DEPTH_ZERO_SELF_SIGNED_CERT\)$/);
    expect(strict.messages?.fr).toMatch(/^certificat TLS de 127\.0\.0\.1:\d+ auto-signé et non approuvé .*\(DEPTH_ZERO_SELF_SIGNED_CERT\)$/);
    expect((await check({ host: '127.0.0.1', port: selfSignedPort, tls: true, verify_tls: false })).status).toBe('up');
  });
});
