import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../types.js';
import { diffCertificates } from './diff.js';

const cert = { issuer: 'CN=CA 1', fingerprint256: 'F1', publicKeyFingerprint: 'K1', validTo: '2026-05-01T00:00:00.000Z' };
const result = (details: Record<string, unknown>): CheckResult => ({ status: 'up', message: '', latencyMs: 1, details });

describe('diffCertificates', () => {
  it('raises nothing for the same certificate, a first run, or a failed run', () => {
    expect(diffCertificates(cert, result(cert))).toEqual([]);
    expect(diffCertificates(undefined, result(cert))).toEqual([]);
    expect(diffCertificates(cert, { status: 'down', message: 'refused', latencyMs: null })).toEqual([]);
  });

  it('raises tls.issuer_changed and tls.key_changed', () => {
    const next = { ...cert, issuer: 'CN=CA 2', publicKeyFingerprint: 'K2', fingerprint256: 'F2' };
    const events = diffCertificates(cert, result(next));
    expect(events.map((e) => e.type)).toEqual(['tls.issuer_changed', 'tls.key_changed']);
    expect(events[0]).toMatchObject({ message: 'certificate issuer changed: CN=CA 1 → CN=CA 2', before: 'CN=CA 1', after: 'CN=CA 2' });
    expect(events[0]?.messages?.fr).toBe('l’émetteur du certificat a changé : CN=CA 1 → CN=CA 2');
    expect(events[1]?.messages?.fr).toBe('la clé publique du certificat a changé : K1… → K2…');
  });

  it('raises tls.certificate_renewed for a new certificate with the same key and issuer', () => {
    const renewed = { ...cert, fingerprint256: 'F2', validTo: '2026-08-01T00:00:00.000Z' };
    expect(diffCertificates(cert, result(renewed))).toEqual([
      {
        type: 'tls.certificate_renewed',
        message: 'certificate renewed with the same key and issuer: now valid until 2026-08-01 (was 2026-05-01)',
        messages: {
          en: 'certificate renewed with the same key and issuer: now valid until 2026-08-01 (was 2026-05-01)',
          fr: 'certificat renouvelé avec la même clé et le même émetteur : valable désormais jusqu’au 2026-08-01 (auparavant 2026-05-01)',
        },
        before: { fingerprint256: 'F1', validTo: cert.validTo },
        after: { fingerprint256: 'F2', validTo: renewed.validTo },
      },
    ]);
  });
});
