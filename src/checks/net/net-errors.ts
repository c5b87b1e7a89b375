/**
 * @module Readable sentences for network and TLS errors, chosen from Node's error codes.
 */
import { hostPort } from './host-port.js';
import { PHASE_TEXT, type Phase } from './probe.js';

const TLS_REASONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the certificate is self-signed and not trusted; give it in `ca` or set verify_tls: false',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain ends in an untrusted self-signed root; give that root in `ca`',
  CERT_HAS_EXPIRED: 'the certificate has expired',
  CERT_NOT_YET_VALID: 'the certificate is not valid yet',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the certificate is signed by an unknown authority (or the server does not send its intermediate certificates)',
  UNABLE_TO_GET_ISSUER_CERT: 'the certificate is signed by an unknown authority',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the certificate is signed by an unknown authority; give its CA in `ca`',
  CERT_REVOKED: 'the certificate has been revoked',
  CERT_SIGNATURE_FAILURE: 'the certificate signature is invalid',
  ERR_SSL_WRONG_VERSION_NUMBER: 'the server did not answer with TLS (is this a plain-text port?)',
};

/** Network error codes and what they mean, with `{where}` replaced by host:port. */
const NET_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused by {where} (nothing is listening on that port, or a firewall rejects it)',
  ECONNRESET: 'connection reset by {where}',
  EPIPE: 'connection closed by {where} while data was being sent',
  ETIMEDOUT: 'connection to {where} timed out at the operating-system level',
  EHOSTUNREACH: 'host {where} is unreachable (no route)',
  ENETUNREACH: 'network unreachable when connecting to {where}',
  EADDRNOTAVAIL: 'cannot connect to {where}: address not available',
  UND_ERR_SOCKET: 'connection closed by {where}',
  UND_ERR_CLOSED: 'connection closed by {where}',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers from {where} in time',
  UND_ERR_BODY_TIMEOUT: 'the body from {where} stalled',
};

const DNS_REASONS: Record<string, string> = {
  ENOTFOUND: 'no such host',
  ENODATA: 'the name has no address records',
  EAI_AGAIN: 'the DNS server did not answer (temporary failure)',
  ESERVFAIL: 'the DNS server failed (SERVFAIL)',
  ETIMEOUT: 'the DNS server did not answer in time',
  ECONNREFUSED: 'the DNS server refused the connection',
  EREFUSED: 'the DNS server refused the query',
};

/** What the certificate is valid for, from the peer certificate Node attaches to the error. */
export function certificateNames(error: unknown): string | undefined {
  const cert = (error as { cert?: { subjectaltname?: string; subject?: { CN?: string } } }).cert;
  return cert?.subjectaltname ?? (cert?.subject?.CN ? `CN=${cert.subject.CN}` : undefined);
}

function altNameMessage(error: unknown, host: string, detail: string): string {
  const names = certificateNames(error);
  const valid = names ? `the certificate is only valid for ${names}` : detail;
  return `TLS certificate does not match the host name "${host}": ${valid} (ERR_TLS_CERT_ALTNAME_INVALID)`;
}

/** Finds the Node error code on an error or on its `cause` chain (undici wraps socket errors). */
export function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && !code.startsWith('UND_ERR')) return code;
    current = current.cause;
  }
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/**
 * One sentence describing why a probe to `host:port` failed in `phase`.
 * `host` is the name as configured (shown in DNS and TLS host-name errors).
 */
export function describeNetError(error: unknown, phase: Phase, host: string, port: number): string {
  const code = errorCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  const where = hostPort(host, port);
  if (phase === 'dns') {
    const reason = (code && DNS_REASONS[code]) ?? detail;
    return `DNS lookup of "${host}" failed: ${reason}${code ? ` (${code})` : ''}`;
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return altNameMessage(error, host, detail);
  const tls = code ? TLS_REASONS[code] : undefined;
  if (tls) return `TLS error with ${where}: ${tls} (${code})`;
  if (code?.startsWith('HPE_') || (error instanceof Error && error.name === 'HTTPParserError')) return `invalid HTTP response from ${where}: ${detail}${code ? ` (${code})` : ''}`;
  const net = code ? NET_REASONS[code] : undefined;
  if (net) return `${net.replace('{where}', where)} ${PHASE_TEXT[phase]} (${code})`;
  if (phase === 'tls') return `TLS handshake with ${where} failed: ${detail}${code ? ` (${code})` : ''}`;
  return `connection to ${where} failed ${PHASE_TEXT[phase]}: ${detail}${code ? ` (${code})` : ''}`;
}
