/**
 * @module The sip check against real SIPp servers on 127.0.0.1 (UDP and TCP), an in-test UDP
 * server that misbehaves on purpose (silence, stray packets, provisional responses) and an
 * in-test TLS server that speaks enough SIP.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer as createTlsServer, type Server as TlsServer, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sipCheck } from '../../src/checks/sip/index.js';
import type { CheckResult } from '../../src/checks/types.js';
import { waitFor } from '../helpers/app-database.js';
import { makeChain, type Pem } from '../helpers/certs.js';
import { sippBinary, startSippUas, type SippUas } from '../helpers/sipp.js';

const sipp = sippBinary();
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(cleanups.map((cleanup) => cleanup()));
});

async function check(input: Record<string, unknown>, timeoutMs = 5000): Promise<CheckResult> {
  const config = sipCheck.schema.parse({ host: '127.0.0.1', ...input });
  return sipCheck.run(config, { signal: AbortSignal.timeout(timeoutMs), timeoutMs });
}

async function uas(answer: 200 | 404 | 503, transport: 'udp' | 'tcp'): Promise<SippUas> {
  const server = await startSippUas(sipp!, { answer, transport });
  cleanups.push(server.stop);
  return server;
}

describe.skipIf(!sipp)('sip check against SIPp', () => {
  for (const transport of ['udp', 'tcp'] as const) {
    it(`is up over ${transport} when the server answers 200, with the response time`, async () => {
      const server = await uas(200, transport);
      const result = await check({ port: server.port, transport });
      expect(result.status, result.message).toBe('up');
      expect(result.message).toMatch(/^SIP 200 OK in (<1|\d+) ms$/);
      expect(result.messages?.fr).toMatch(/^SIP 200 OK en (<1|\d+) ms$/);
      expect(result.latencyMs).toBeGreaterThan(0);
      expect(result.details).toMatchObject({ code: 200, reason: 'OK', server: 'SIPp UAS', transport });
      expect(result.timings?.response).toBeGreaterThan(0);
    });

    it(`is down over ${transport} with the code and reason phrase of a 503`, async () => {
      const server = await uas(503, transport);
      const result = await check({ port: server.port, transport });
      expect(result.status).toBe('down');
      expect(result.message).toBe('SIP 503 Service Unavailable');
      expect(result.messages).toEqual({ en: 'SIP 503 Service Unavailable', fr: 'SIP 503 Service Unavailable' });
      expect(result.details).toMatchObject({ code: 503 });
    });
  }

  it('treats 404 as down by default and as up when declared alive', async () => {
    const server = await uas(404, 'udp');
    const strict = await check({ port: server.port });
    expect(strict.status).toBe('down');
    expect(strict.message).toBe('SIP 404 Not Found (accepted: 200)');
    expect(strict.messages?.fr).toBe('SIP 404 Not Found (codes acceptés : 200)');
    const lenient = await check({ port: server.port, accepted_codes: [200, 404, 405, 483] });
    expect(lenient.status, lenient.message).toBe('up');
    expect(lenient.message).toMatch(/^SIP 404 Not Found in/);
  });

  it('is down after retransmissions once the UDP server is stopped', async () => {
    const server = await uas(200, 'udp');
    expect((await check({ port: server.port })).status).toBe('up');
    await server.stop();
    const result = await check({ port: server.port }, 2500);
    expect(result.status).toBe('down');
    expect(result.message).toMatch(/^no answer to OPTIONS after \d+ transmissions \(\d+ ms\)$/);
    expect(result.messages?.fr).toMatch(/^pas de réponse à OPTIONS après \d+ envois \(\d+ ms\)$/);
    expect(result.details?.transmissions).toBeGreaterThanOrEqual(2);
    expect(result.latencyMs).toBeNull();
  });

  it('is down with "connection refused" once the TCP server is stopped', async () => {
    const server = await uas(200, 'tcp');
    await server.stop();
    const result = await check({ port: server.port, transport: 'tcp' });
    expect(result.status).toBe('down');
    expect(result.message).toMatch(/^connection refused by 127\.0\.0\.1:\d+ .*\(ECONNREFUSED\)$/);
    expect(result.messages?.fr).toMatch(/^connexion refusée par 127\.0\.0\.1:\d+/);
  });
});

/** A UDP server on loopback that records requests and answers through `reply`. */
async function udpServer(reply: (request: string, send: (text: string) => void) => void): Promise<{ port: number; requests: string[] }> {
  const socket: UdpSocket = createSocket('udp4');
  const requests: string[] = [];
  socket.on('message', (data, from) => {
    requests.push(data.toString());
    reply(data.toString(), (text) => socket.send(text, from.port, from.address));
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => socket.close(() => resolve())));
  return { port: socket.address().port, requests };
}

function headerOf(message: string, name: string): string | undefined {
  return new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(message)?.[1]?.trim();
}

/** A response to `request` echoing its Via, From, To, Call-ID and CSeq. */
function responseTo(request: string, status: string, overrides: Record<string, string> = {}, body = ''): string {
  const copy = (name: string) => `${name}: ${overrides[name] ?? headerOf(request, name)}`;
  const lines = [`SIP/2.0 ${status}`, copy('Via'), copy('From'), `To: ${headerOf(request, 'To')};tag=t1`, copy('Call-ID'), copy('CSeq')];
  return `${lines.join('\r\n')}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

describe('sip check over UDP: the request and the transaction', () => {
  it('sends a well-formed OPTIONS request', async () => {
    const server = await udpServer((request, send) => send(responseTo(request, '200 OK')));
    const result = await check({ port: server.port });
    expect(result.status, result.message).toBe('up');
    const request = server.requests[0]!;
    expect(request.split('\r\n')[0]).toBe(`OPTIONS sip:127.0.0.1:${server.port} SIP/2.0`);
    expect(headerOf(request, 'Via')).toMatch(/^SIP\/2\.0\/UDP 127\.0\.0\.1:\d+;branch=z9hG4bK[0-9a-f]+;rport$/);
    expect(headerOf(request, 'Max-Forwards')).toBe('70');
    expect(headerOf(request, 'From')).toMatch(/^<sip:vigie@127\.0\.0\.1>;tag=[0-9a-f]+$/);
    expect(headerOf(request, 'To')).toBe(`<sip:127.0.0.1:${server.port}>`);
    expect(headerOf(request, 'Call-ID')).toMatch(/^[0-9a-f]+@127\.0\.0\.1$/);
    expect(headerOf(request, 'CSeq')).toBe('1 OPTIONS');
    expect(headerOf(request, 'Contact')).toMatch(/^<sip:vigie@127\.0\.0\.1:\d+;transport=udp>$/);
    expect(headerOf(request, 'User-Agent')).toBe('Vigie');
    expect(headerOf(request, 'Accept')).toBe('application/sdp');
    expect(headerOf(request, 'Content-Length')).toBe('0');
    expect(request.endsWith('\r\n\r\n')).toBe(true);
  });

  it('uses the configured Request-URI, From URI and User-Agent', async () => {
    const server = await udpServer((request, send) => send(responseTo(request, '200 OK')));
    await check({ port: server.port, uri: 'sip:ping@sbc.example.test', from_uri: 'sip:monitor@noc.example.test', user_agent: 'Vigie NOC' });
    const request = server.requests[0]!;
    expect(request.split('\r\n')[0]).toBe('OPTIONS sip:ping@sbc.example.test SIP/2.0');
    expect(headerOf(request, 'To')).toBe('<sip:ping@sbc.example.test>');
    expect(headerOf(request, 'From')).toMatch(/^<sip:monitor@noc\.example\.test>;tag=/);
    expect(headerOf(request, 'User-Agent')).toBe('Vigie NOC');
  });

  it('retransmits the same transaction while the server stays silent', async () => {
    const server = await udpServer(() => undefined);
    const result = await check({ port: server.port }, 2200);
    expect(result.status).toBe('down');
    const sent = result.details?.transmissions as number;
    expect(sent).toBeGreaterThanOrEqual(2);
    await waitFor('every transmission received', () => server.requests.length >= sent, 5000, 20);
    expect(server.requests.length).toBe(sent);
    expect(new Set(server.requests.map((r) => headerOf(r, 'Via'))).size).toBe(1);
    expect(new Set(server.requests.map((r) => headerOf(r, 'Call-ID'))).size).toBe(1);
  });

  it('ignores stray packets and provisional responses, and waits for the final answer', async () => {
    const server = await udpServer((request, send) => {
      if (headerOf(request, 'CSeq') !== '1 OPTIONS') return;
      send('not SIP at all');
      send(responseTo(request, '503 Wrong Branch', { Via: 'SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKother' }));
      send(responseTo(request, '503 Wrong Call', { 'Call-ID': 'someone-else@127.0.0.1' }));
      send(responseTo(request, '100 Trying'));
      setTimeout(() => send(responseTo(request, '200 OK')), 50);
    });
    const result = await check({ port: server.port });
    expect(result.status, result.message).toBe('up');
    expect(result.details).toMatchObject({ code: 200 });
  });

  it('names the provisional answer when no final response comes', async () => {
    const server = await udpServer((request, send) => send(responseTo(request, '100 Trying')));
    const result = await check({ port: server.port }, 1500);
    expect(result.status).toBe('down');
    expect(result.message).toMatch(/^no answer to OPTIONS after \d+ transmissions? \(\d+ ms, only a provisional 100\)$/);
  });
});

/** A TLS server that answers each OPTIONS with 200 OK, split over several writes, with a body. */
async function sipTlsServer(leaf: Pem): Promise<number> {
  const server: TlsServer = createTlsServer({ key: leaf.key, cert: leaf.cert }, (socket: TLSSocket) => {
    let buffer = '';
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const request = buffer.slice(0, end + 4);
      buffer = buffer.slice(end + 4);
      const answer = `\r\n${responseTo(request, '200 OK', {}, 'v=0\r\n')}`;
      socket.write(answer.slice(0, 20));
      setTimeout(() => socket.write(answer.slice(20)), 30);
    });
    socket.on('error', () => undefined);
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return (server.address() as { port: number }).port;
}

describe('sip check over TLS', () => {
  let chain: { ca: Pem; leaf: Pem };
  let port: number;
  beforeAll(async () => {
    chain = makeChain({ commonName: 'localhost', altNames: ['localhost', '127.0.0.1'] });
    port = await sipTlsServer(chain.leaf);
  });

  it('is up with a certificate trusted through `ca`, with connect and TLS timings', async () => {
    const result = await check({ port, transport: 'tls', ca: chain.ca.cert });
    expect(result.status, result.message).toBe('up');
    expect(result.details).toMatchObject({ code: 200, transport: 'tls' });
    expect(result.timings).toMatchObject({ connect: expect.any(Number), tls: expect.any(Number), response: expect.any(Number) });
  });

  it('is down when the certificate is not trusted, and up with verify_tls: false', async () => {
    const untrusted = await check({ port, transport: 'tls' });
    expect(untrusted.status).toBe('down');
    expect(untrusted.message).toMatch(/^TLS error with 127\.0\.0\.1:\d+: the certificate is signed by an unknown authority/);
    expect(untrusted.messages?.fr).toMatch(/^certificat TLS de 127\.0\.0\.1:\d+ signé par une autorité inconnue/);
    const unverified = await check({ port, transport: 'tls', verify_tls: false });
    expect(unverified.status, unverified.message).toBe('up');
  });

  it('is down when the TLS server closes without answering', async () => {
    const server: TlsServer = createTlsServer({ key: chain.leaf.key, cert: chain.leaf.cert }, (socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    const result = await check({ port: (server.address() as { port: number }).port, transport: 'tls', ca: chain.ca.cert });
    expect(result.status).toBe('down');
    expect(result.message).toMatch(/closed the connection without answering OPTIONS$/);
  });
});
