/**
 * @module Opens a TCP connection then a TLS session without rejecting anything, so every problem
 * (chain, hostname, expiry) can be reported at once. Never throws.
 */
import { connect as tcpConnect, isIP, type Socket } from 'node:net';
import type { PhaseTimings } from '../types.js';
import { checkServerIdentity, connect as tlsConnect, rootCertificates, type TLSSocket } from 'node:tls';
import { errorCode } from '../tcp/net-errors.js';

export interface TlsTarget {
  host: string;
  port: number;
  /** The name sent as SNI (not sent for IP addresses) and checked against the certificate. */
  servername: string;
  /** Extra CA certificates (PEM) trusted in addition to the public roots. */
  ca?: string | undefined;
}

/** Connect and TLS phase timings, in ms; `tls` is the handshake alone. */
export type ProbeTimings = PhaseTimings;

/** The handshake completed: the peer certificate and what verification said. */
export interface TlsHandshake {
  kind: 'handshake';
  /** The leaf certificate, DER. */
  raw: Buffer;
  /** The chain as sent/built, leaf first, as subjects (for messages). */
  chain: string[];
  /** OpenSSL's verdict on the chain only (hostname is checked separately). */
  chainError: string | null;
  /** Why the certificate does not cover the server name, or `null` when it does. */
  hostnameError: string | null;
  protocol: string | null;
  timings: ProbeTimings;
}

export interface TlsFailure {
  kind: 'failure';
  message: string;
  timings: ProbeTimings;
}

function elapsed(since: number): number {
  return Math.round(performance.now() - since);
}

function connectMessage(err: NodeJS.ErrnoException, where: string): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return `connection refused by ${where}: nothing listens on that port`;
    case 'ENOTFOUND':
      return `cannot resolve ${where.replace(/:\d+$/, '')}: the name does not exist`;
    case 'ECONNRESET':
      return `connection to ${where} was reset`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${where} is unreachable (${err.code})`;
    default:
      return `cannot connect to ${where}: ${err.message}`;
  }
}

function chainOf(socket: TLSSocket): string[] {
  const subjects: string[] = [];
  let cert = socket.getPeerCertificate(true);
  const seen = new Set<string>();
  while (cert && cert.raw && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    subjects.push(cert.subject?.CN ? `CN=${String(cert.subject.CN)}` : cert.fingerprint256);
    cert = cert.issuerCertificate;
  }
  return subjects;
}

function handshakeFrom(socket: TLSSocket, target: TlsTarget, timings: ProbeTimings): TlsHandshake | TlsFailure {
  const peer = socket.getPeerCertificate(true);
  if (!peer || !peer.raw) return { kind: 'failure', message: `${target.host}:${target.port} sent no certificate`, timings };
  const identity = checkServerIdentity(target.servername, peer);
  return {
    kind: 'handshake',
    raw: peer.raw,
    chain: chainOf(socket),
    chainError: socket.authorized ? null : String(socket.authorizationError ?? 'UNKNOWN'),
    hostnameError: identity ? identity.message : null,
    protocol: socket.getProtocol(),
    timings,
  };
}

/** Connects, shakes hands and reads the peer certificate, stopping when `signal` aborts. */
export function probeTls(target: TlsTarget, signal: AbortSignal, timeoutMs: number): Promise<TlsHandshake | TlsFailure> {
  const where = `${isIP(target.host) === 6 ? `[${target.host}]` : target.host}:${target.port}`;
  const started = performance.now();
  const timings: ProbeTimings = { total: 0 };
  const sockets: Socket[] = [];
  let phase: 'connect' | 'tls' = 'connect';
  return new Promise((resolve) => {
    let done = false;
    const finish = (outcome: TlsHandshake | TlsFailure) => {
      if (done) return;
      done = true;
      timings.total = elapsed(started);
      signal.removeEventListener('abort', onAbort);
      sockets.at(-1)?.destroy(); // the TLS socket destroys the TCP one under it
      resolve(outcome);
    };
    const onAbort = () => {
      const what = phase === 'connect' ? `no TCP connection to ${where}` : `the TLS handshake with ${where} did not finish`;
      finish({ kind: 'failure', message: `${what} within ${timeoutMs} ms`, timings });
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    const tcp = tcpConnect({ host: target.host, port: target.port });
    sockets.push(tcp);
    tcp.on('error', (err) => finish({ kind: 'failure', message: connectMessage(err, where), timings }));
    tcp.once('connect', () => {
      timings.connect = elapsed(started);
      phase = 'tls';
      const tls = tlsConnect({
        socket: tcp,
        ...(isIP(target.servername) ? {} : { servername: target.servername }),
        ...(target.ca ? { ca: [...rootCertificates, target.ca] } : {}),
        rejectUnauthorized: false,
        checkServerIdentity: () => undefined,
      });
      sockets.push(tls);
      tls.on('error', (err) => {
        const plain = errorCode(err) === 'ERR_SSL_WRONG_VERSION_NUMBER';
        const reason = plain ? 'the server did not answer with TLS (is this a plain-text port?)' : err.message;
        finish({ kind: 'failure', message: `TLS handshake with ${where} failed: ${reason}`, timings });
      });
      tls.once('secureConnect', () => {
        timings.tls = elapsed(started) - (timings.connect ?? 0);
        finish(handshakeFrom(tls, target, timings));
      });
    });
  });
}
