/**
 * @module Opens a TCP connection then a TLS session without rejecting anything, so every problem
 * (chain, hostname, expiry) can be reported at once. Never throws.
 */
import { connect as tcpConnect, isIP, type Socket } from 'node:net';
import { checkServerIdentity, connect as tlsConnect, rootCertificates, type TLSSocket } from 'node:tls';
import { hostPort } from '../net/host-port.js';
import { errorCode } from '../net/net-errors.js';
import type { Texts } from '../net/texts.js';
import type { PhaseTimings } from '../types.js';

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
  /** Why, in English and French. */
  texts: Texts;
  timings: ProbeTimings;
}

function elapsed(since: number): number {
  return Math.round(performance.now() - since);
}

function connectTexts(err: NodeJS.ErrnoException, where: string): Texts {
  switch (err.code) {
    case 'ECONNREFUSED':
      return { en: `connection refused by ${where}: nothing listens on that port`, fr: `connexion refusée par ${where} : aucun service n’écoute sur ce port` };
    case 'ENOTFOUND': {
      const host = where.replace(/:\d+$/, '');
      return { en: `cannot resolve ${host}: the name does not exist`, fr: `impossible de résoudre ${host} : ce nom n’existe pas` };
    }
    case 'ECONNRESET':
      return { en: `connection to ${where} was reset`, fr: `la connexion à ${where} a été réinitialisée` };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { en: `${where} is unreachable (${err.code})`, fr: `${where} est injoignable (${err.code})` };
    default:
      return { en: `cannot connect to ${where}: ${err.message}`, fr: `connexion à ${where} impossible : ${err.message}` };
  }
}

/** Why the handshake failed: a plain-text port, or OpenSSL's own words. */
function handshakeTexts(err: Error, where: string): Texts {
  if (errorCode(err) === 'ERR_SSL_WRONG_VERSION_NUMBER') {
    return {
      en: `TLS handshake with ${where} failed: the server did not answer with TLS (is this a plain-text port?)`,
      fr: `échec de la négociation TLS avec ${where} : le serveur n’a pas répondu en TLS (port en clair ?)`,
    };
  }
  return { en: `TLS handshake with ${where} failed: ${err.message}`, fr: `échec de la négociation TLS avec ${where} : ${err.message}` };
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
  if (!peer || !peer.raw) {
    const where = hostPort(target.host, target.port);
    return { kind: 'failure', texts: { en: `${where} sent no certificate`, fr: `${where} n’a envoyé aucun certificat` }, timings };
  }
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
  const where = hostPort(target.host, target.port);
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
      const texts =
        phase === 'connect'
          ? { en: `no TCP connection to ${where} within ${timeoutMs} ms`, fr: `pas de connexion TCP à ${where} en ${timeoutMs} ms` }
          : { en: `the TLS handshake with ${where} did not finish within ${timeoutMs} ms`, fr: `la négociation TLS avec ${where} ne s’est pas terminée en ${timeoutMs} ms` };
      finish({ kind: 'failure', texts, timings });
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    const tcp = tcpConnect({ host: target.host, port: target.port });
    sockets.push(tcp);
    tcp.on('error', (err) => finish({ kind: 'failure', texts: connectTexts(err, where), timings }));
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
      tls.on('error', (err) => finish({ kind: 'failure', texts: handshakeTexts(err, where), timings }));
      tls.once('secureConnect', () => {
        timings.tls = elapsed(started) - (timings.connect ?? 0);
        finish(handshakeFrom(tls, target, timings));
      });
    });
  });
}
