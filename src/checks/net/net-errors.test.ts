/** @module Unit tests of `net-errors`. */
import { describe, it, expect } from 'vitest';
import { describeNetError, errorCode } from './net-errors.js';

const err = (code: string, message = 'x', extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { code, ...extra });

describe('describeNetError', () => {
  it('finds a code on the cause chain', () => {
    expect(errorCode(Object.assign(new Error('wrapped', { cause: err('ECONNRESET') }), { code: 'UND_ERR_SOCKET' }))).toBe('ECONNRESET');
    expect(errorCode(err('UND_ERR_SOCKET'))).toBe('UND_ERR_SOCKET');
    expect(errorCode('text')).toBeUndefined();
  });

  it('names DNS failures with the host', () => {
    expect(describeNetError(err('ENOTFOUND'), 'dns', 'api.example', 443)).toBe('DNS lookup of "api.example" failed: no such host (ENOTFOUND)');
    expect(describeNetError(err('EAI_AGAIN'), 'dns', 'api.example', 443)).toMatch(/did not answer/);
  });

  it('names connection failures with host, port and phase', () => {
    expect(describeNetError(err('ECONNRESET'), 'headers', '10.0.0.1', 80)).toBe('connection reset by 10.0.0.1:80 while waiting for the response headers (ECONNRESET)');
    expect(describeNetError(err('ECONNREFUSED'), 'connect', '::1', 25)).toMatch(/^connection refused by \[::1\]:25 /);
  });

  it('names TLS certificate problems from the code', () => {
    expect(describeNetError(err('CERT_HAS_EXPIRED'), 'tls', 'a.example', 443)).toBe('TLS error with a.example:443: the certificate has expired (CERT_HAS_EXPIRED)');
    expect(describeNetError(err('ERR_TLS_CERT_ALTNAME_INVALID', 'm', { cert: { subjectaltname: 'DNS:b.example' } }), 'tls', 'a.example', 443)).toBe(
      'TLS certificate does not match the host name "a.example": the certificate is only valid for DNS:b.example (ERR_TLS_CERT_ALTNAME_INVALID)',
    );
    expect(describeNetError(err('ERR_SOMETHING', 'handshake failed'), 'tls', 'a.example', 443)).toBe('TLS handshake with a.example:443 failed: handshake failed (ERR_SOMETHING)');
  });

  it('falls back to the error text', () => {
    expect(describeNetError(new Error('odd'), 'banner', 'h', 1)).toBe('connection to h:1 failed while waiting for the banner: odd');
  });
});
