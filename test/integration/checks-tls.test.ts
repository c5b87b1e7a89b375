/** @module The tls check against real TLS servers on 127.0.0.1 with certificates made by openssl. */
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { createServer, type Server } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tlsCheck } from '../../src/checks/tls/index.js';
import type { CheckResult } from '../../src/checks/types.js';
import { makeCertificate, makeChain, type Pem } from '../helpers/certs.js';

const NAMES = ['localhost', '127.0.0.1'];
const servers: Server[] = [];

async function serve(leaf: Pem): Promise<{ port: number; server: Server }> {
  const server = createServer({ key: leaf.key, cert: leaf.cert });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { port: (server.address() as { port: number }).port, server };
}

async function check(input: Record<string, unknown>, timeoutMs = 5000): Promise<CheckResult> {
  const config = tlsCheck.schema.parse({ host: '127.0.0.1', servername: 'localhost', ...input });
  return tlsCheck.run(config, { signal: AbortSignal.timeout(timeoutMs), timeoutMs });
}

let chain: { ca: Pem; leaf: Pem };
let otherCa: Pem;

beforeAll(() => {
  chain = makeChain({ commonName: 'localhost', altNames: NAMES, days: 60 });
  otherCa = makeCertificate({ commonName: 'Vigie Other CA', ca: true, days: 365 });
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

describe('tls check: certificates', () => {
  it('is up for a valid chain trusted through `ca`, with the certificate facts', async () => {
    const { port } = await serve(chain.leaf);
    const result = await check({ port, ca: chain.ca.cert });
    expect(result.status, result.message).toBe('up');
    expect(result.message).toMatch(/^certificate valid until \d{4}-\d\d-\d\d \(58 days left\), issued by CN=Vigie Test CA, O=Vigie tests$/);
    expect(result.messages?.fr).toMatch(/^certificat valable jusqu’au \d{4}-\d\d-\d\d \(encore 58 jours\), émis par CN=Vigie Test CA, O=Vigie tests$/);
    expect(result.details).toMatchObject({
      subject: 'CN=localhost, O=Vigie tests',
      issuer: 'CN=Vigie Test CA, O=Vigie tests',
      daysLeft: 58,
      altNames: ['localhost', '127.0.0.1'],
      chainError: null,
    });
    expect(result.details?.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(result.details?.publicKeyFingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(result.timings).toMatchObject({ connect: expect.any(Number), tls: expect.any(Number), total: expect.any(Number) });
  });

  it('is down with the reason when the issuer is not trusted', async () => {
    const { port } = await serve(chain.leaf);
    const result = await check({ port });
    expect(result.status).toBe('down');
    expect(result.message).toContain('certificate chain is not trusted: the issuer (CN=Vigie Test CA, O=Vigie tests) is unknown');
    expect(result.messages?.fr).toContain('la chaîne de certificats n’est pas approuvée : l’émetteur (CN=Vigie Test CA, O=Vigie tests) est inconnu');
  });

  it('is degraded within warn_days and down within critical_days', async () => {
    const soon = makeCertificate({ commonName: 'localhost', altNames: NAMES, issuer: chain.ca, days: 11, startDaysAgo: 1 });
    const { port } = await serve(soon);
    const warned = await check({ port, ca: chain.ca.cert });
    expect(warned.status).toBe('degraded');
    expect(warned.message).toMatch(/^certificate expires on \d{4}-\d\d-\d\d \(in 9 days\), within the warning threshold of 14 days$/);
    expect(warned.messages?.fr).toMatch(/^le certificat expire le \d{4}-\d\d-\d\d \(dans 9 jours\), seuil d’avertissement de 14 jours atteint$/);

    const critical = await check({ port, ca: chain.ca.cert, warn_days: 30, critical_days: 12 });
    expect(critical.status).toBe('down');
    expect(critical.message).toContain('within the critical threshold of 12 days');
    expect(critical.messages?.fr).toContain('seuil critique de 12 jours atteint');
  });

  it('is down once expired, saying when', async () => {
    const expired = makeCertificate({ commonName: 'localhost', altNames: NAMES, issuer: chain.ca, days: 10, startDaysAgo: 13 });
    const { port } = await serve(expired);
    const result = await check({ port, ca: chain.ca.cert });
    expect(result.status).toBe('down');
    expect(result.message).toMatch(/^certificate expired on \d{4}-\d\d-\d\d \(3 days ago\)$/);
    expect(result.messages?.fr).toMatch(/^le certificat a expiré le \d{4}-\d\d-\d\d \(il y a 3 jours\)$/);
    expect(result.details?.daysLeft).toBeLessThan(0);
  });

  it('is down on a host name the certificate does not cover, naming its names', async () => {
    const { port } = await serve(chain.leaf);
    const result = await check({ port, ca: chain.ca.cert, servername: 'www.example.test' });
    expect(result.status).toBe('down');
    expect(result.message).toBe('certificate does not cover www.example.test: it is for localhost, 127.0.0.1');
    expect(result.messages?.fr).toBe('le certificat ne couvre pas www.example.test : il est valable pour localhost, 127.0.0.1');
    const relaxed = await check({ port, ca: chain.ca.cert, servername: 'www.example.test', check_hostname: false });
    expect(relaxed.status).toBe('up');
  });

  it('checks the IP address when no server name is given', async () => {
    const { port } = await serve(chain.leaf);
    const result = await check({ port, ca: chain.ca.cert, servername: undefined });
    expect(result.status, result.message).toBe('up');
  });

  it('is down for a self-signed certificate with verify_chain, up without', async () => {
    const self = makeCertificate({ commonName: 'localhost', altNames: NAMES });
    const { port } = await serve(self);
    const strict = await check({ port });
    expect(strict.status).toBe('down');
    expect(strict.message).toBe('certificate chain is not trusted: the certificate is self-signed (DEPTH_ZERO_SELF_SIGNED_CERT)');
    expect(strict.messages?.fr).toBe('la chaîne de certificats n’est pas approuvée : le certificat est auto-signé (DEPTH_ZERO_SELF_SIGNED_CERT)');
    const lax = await check({ port, verify_chain: false });
    expect(lax.status, lax.message).toBe('up');
  });

  it('reports several problems at once', async () => {
    const self = makeCertificate({ commonName: 'localhost', altNames: NAMES, days: 5 });
    const { port } = await serve(self);
    const result = await check({ port, servername: 'www.example.test' });
    expect(result.status).toBe('down');
    expect(result.message.split('; ')).toHaveLength(3);
    expect(result.messages?.fr?.split(' ; ')).toHaveLength(3);
  });
});

describe('tls check: change events', () => {
  it('raises tls.issuer_changed and tls.key_changed when the certificate is replaced', async () => {
    const { port, server } = await serve(chain.leaf);
    const config = tlsCheck.schema.parse({ host: '127.0.0.1', servername: 'localhost', port, ca: chain.ca.cert + otherCa.cert });
    const first = await tlsCheck.run(config, { signal: AbortSignal.timeout(5000), timeoutMs: 5000 });

    const sameIssuer = makeCertificate({ commonName: 'localhost', altNames: NAMES, issuer: chain.ca });
    server.setSecureContext({ key: sameIssuer.key, cert: sameIssuer.cert });
    const second = await tlsCheck.run(config, { signal: AbortSignal.timeout(5000), timeoutMs: 5000 });
    expect(tlsCheck.diff!(config, first.details, second).map((e) => e.type)).toEqual(['tls.key_changed']);

    const newIssuer = makeCertificate({ commonName: 'localhost', altNames: NAMES, issuer: otherCa });
    server.setSecureContext({ key: newIssuer.key, cert: newIssuer.cert });
    const third = await tlsCheck.run(config, { signal: AbortSignal.timeout(5000), timeoutMs: 5000 });
    expect(third.status, third.message).toBe('up');
    const events = tlsCheck.diff!(config, second.details, third);
    expect(events.map((e) => e.type)).toEqual(['tls.issuer_changed', 'tls.key_changed']);
    expect(events[0]?.message).toBe('certificate issuer changed: CN=Vigie Test CA, O=Vigie tests → CN=Vigie Other CA, O=Vigie tests');
    expect(events[0]?.messages?.fr).toBe('l’émetteur du certificat a changé : CN=Vigie Test CA, O=Vigie tests → CN=Vigie Other CA, O=Vigie tests');
    expect(events[1]?.messages?.fr).toMatch(/^la clé publique du certificat a changé : ([0-9A-F]{2}:){7}[0-9A-F]{2}… → ([0-9A-F]{2}:){7}[0-9A-F]{2}…$/);
    expect(tlsCheck.diff!(config, third.details, third)).toEqual([]);
  });
});

describe('tls check: connection failures', () => {
  it('is down when the connection is refused', async () => {
    const closed = createTcpServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await check({ port });
    expect(result.status).toBe('down');
    expect(result.message).toBe(`connection refused by 127.0.0.1:${port}: nothing listens on that port`);
    expect(result.messages?.fr).toBe(`connexion refusée par 127.0.0.1:${port} : aucun service n’écoute sur ce port`);
  });

  it('is down when the handshake never completes', async () => {
    const silent: TcpServer = createTcpServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const result = await check({ port }, 500);
      expect(result.status).toBe('down');
      expect(result.message).toBe(`the TLS handshake with 127.0.0.1:${port} did not finish within 500 ms`);
      expect(result.messages?.fr).toBe(`la négociation TLS avec 127.0.0.1:${port} ne s’est pas terminée en 500 ms`);
    } finally {
      silent.close();
    }
  });
});
