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

/** Status and English message (the French is checked in its own tests). */
const verdict = (f: CertificateFacts, v = fine, p = policy) => {
  const { status, message } = tlsVerdict(f, tlsProblems(f, v, p, NOW));
  return { status, message };
};
const french = (f: CertificateFacts, v = fine, p = policy) => tlsVerdict(f, tlsProblems(f, v, p, NOW)).messages?.fr;

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
    expect(chainReason('UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CN=X').en).toContain('the issuer (CN=X) is unknown');
    expect(chainReason('UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CN=X').fr).toContain('l’émetteur (CN=X) est inconnu');
    expect(chainReason('SOMETHING_ELSE', 'CN=X')).toEqual({ en: 'verification failed', fr: 'échec de la vérification' });
  });
});

describe('tls messages in French', () => {
  it('says how long the certificate is valid, and when it expires', () => {
    expect(french(facts(40 * DAY))).toBe('certificat valable jusqu’au 2026-04-19 (encore 40 jours), émis par CN=Test CA');
    expect(french(facts(DAY + 5000))).toBe('le certificat expire le 2026-03-11 (dans 1 jour), seuil critique de 7 jours atteint');
    expect(french(facts(10 * DAY + 5000))).toBe('le certificat expire le 2026-03-20 (dans 10 jours), seuil d’avertissement de 14 jours atteint');
    expect(french(facts(DAY - 1000))).toBe('le certificat expire le 2026-03-11 (dans moins d’un jour), seuil critique de 7 jours atteint');
  });
  it('says when it expired or becomes valid', () => {
    expect(french(facts(-3 * DAY - 5000))).toBe('le certificat a expiré le 2026-03-07 (il y a 3 jours)');
    expect(french(facts(-1))).toBe('le certificat a expiré le 2026-03-10 (il y a moins d’un jour)');
    const f = facts(40 * DAY, { validFrom: new Date(NOW + DAY).toISOString() });
    expect(french(f)).toBe(`le certificat n’est pas valable avant ${f.validFrom}`);
  });
  it('explains chain and host name problems, joined with " ; "', () => {
    const self = { chainError: 'DEPTH_ZERO_SELF_SIGNED_CERT', hostnameError: 'mismatch' };
    expect(french(facts(40 * DAY, { altNames: ['a.example'] }), self)).toBe(
      'la chaîne de certificats n’est pas approuvée : le certificat est auto-signé (DEPTH_ZERO_SELF_SIGNED_CERT) ; le certificat ne couvre pas www.example.test : il est valable pour a.example',
    );
    expect(french(facts(40 * DAY, { altNames: [] }), { chainError: null, hostnameError: 'mismatch' })).toBe(
      'le certificat ne couvre pas www.example.test : il est valable pour CN=www.example.test (sans subjectAltName)',
    );
  });
});
