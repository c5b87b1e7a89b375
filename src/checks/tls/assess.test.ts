import { describe, expect, it } from 'vitest';
import { chainReason, tlsProblems, tlsVerdict, type TlsPolicy, type Verification } from './assess.js';
import type { CertificateFacts } from './certificate-facts.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-03-10T12:00:00Z');
const policy: TlsPolicy = { servername: 'www.example.test', warn_days: 14, critical_days: 7, verify_chain: true, check_hostname: true };
const fine: Verification = { chainError: null, hostnameError: null };

function facts(msLeft: number, extra: Partial<CertificateFacts> = {}): CertificateFacts {
  return {
    subject: 'CN=www.example.test',
    issuer: 'CN=Test CA',
    serialNumber: '01',
    fingerprint256: 'AA',
    publicKeyFingerprint: 'BB',
    validFrom: new Date(NOW - 30 * DAY).toISOString(),
    validTo: new Date(NOW + msLeft).toISOString(),
    daysLeft: Math.floor(msLeft / DAY),
    altNames: ['www.example.test'],
    ...extra,
  };
}

const verdict = (f: CertificateFacts, v = fine, p = policy) => tlsVerdict(f, tlsProblems(f, v, p, NOW));

describe('tls expiry', () => {
  it('is up with time to spare', () => {
    expect(verdict(facts(40 * DAY))).toEqual({ status: 'up', message: 'certificate valid until 2026-04-19 (40 days left), issued by CN=Test CA' });
  });
  it('is degraded within warn_days, down within critical_days', () => {
    expect(verdict(facts(10 * DAY + 5000))).toEqual({
      status: 'degraded',
      message: 'certificate expires on 2026-03-20 (in 10 days), within the warning threshold of 14 days',
    });
    expect(verdict(facts(DAY - 1000))).toEqual({
      status: 'down',
      message: 'certificate expires on 2026-03-11 (in less than a day), within the critical threshold of 7 days',
    });
  });
  it('is down once expired, saying how long ago', () => {
    expect(verdict(facts(-3 * DAY - 5000))).toEqual({ status: 'down', message: 'certificate expired on 2026-03-07 (3 days ago)' });
    expect(verdict(facts(-1))).toEqual({ status: 'down', message: 'certificate expired on 2026-03-10 (less than a day ago)' });
  });
  it('is down before the certificate is valid', () => {
    const f = facts(40 * DAY, { validFrom: new Date(NOW + DAY).toISOString() });
    expect(verdict(f).message).toBe(`certificate is not valid before ${f.validFrom}`);
  });
});

describe('tls chain and hostname', () => {
  it('reports an untrusted chain unless verify_chain is off', () => {
    const v = { chainError: 'DEPTH_ZERO_SELF_SIGNED_CERT', hostnameError: null };
    expect(verdict(facts(40 * DAY), v)).toEqual({ status: 'down', message: 'certificate chain is not trusted: the certificate is self-signed (DEPTH_ZERO_SELF_SIGNED_CERT)' });
    expect(verdict(facts(40 * DAY), v, { ...policy, verify_chain: false }).status).toBe('up');
  });
  it('does not repeat the expiry as a chain error', () => {
    const result = verdict(facts(-2 * DAY), { chainError: 'CERT_HAS_EXPIRED', hostnameError: null });
    expect(result.message).toBe('certificate expired on 2026-03-08 (2 days ago)');
  });
  it('names the certificate names on a mismatch, unless check_hostname is off', () => {
    const v = { chainError: null, hostnameError: 'mismatch' };
    const f = facts(40 * DAY, { altNames: ['a.example', '192.0.2.1'] });
    expect(verdict(f, v).message).toBe('certificate does not cover www.example.test: it is for a.example, 192.0.2.1');
    expect(verdict(f, v, { ...policy, check_hostname: false }).status).toBe('up');
  });
  it('reports everything at once, worst status first', () => {
    const result = verdict(facts(10 * DAY), { chainError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', hostnameError: 'mismatch' });
    expect(result.status).toBe('down');
    expect(result.message.split('; ').map((m) => m.split(':')[0])).toEqual([
      'certificate chain is not trusted',
      'certificate does not cover www.example.test',
      'certificate expires on 2026-03-20 (in 10 days), within the warning threshold of 14 days',
    ]);
  });
  it('explains unknown issuers and unusual codes', () => {
    expect(chainReason('UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CN=X')).toContain('the issuer (CN=X) is unknown');
    expect(chainReason('SOMETHING_ELSE', 'CN=X')).toBe('verification failed');
  });
});
