/** @module Pure change detection for the tls check: issuer, key and certificate compared between runs. */
import type { CheckEvent, CheckResult } from '../types.js';

interface CertDetails {
  issuer: string;
  fingerprint256: string;
  publicKeyFingerprint: string;
  validTo: string;
}

function asCert(details: Record<string, unknown> | undefined): CertDetails | undefined {
  if (!details) return undefined;
  const { issuer, fingerprint256, publicKeyFingerprint, validTo } = details;
  const strings = [issuer, fingerprint256, publicKeyFingerprint, validTo].every((v) => typeof v === 'string');
  return strings ? (details as unknown as CertDetails) : undefined;
}

const short = (fingerprint: string) => `${fingerprint.slice(0, 23)}…`;

/**
 * Events between two certificates: `tls.issuer_changed` and `tls.key_changed` (worth a look),
 * or `tls.certificate_renewed` (informative) when only the certificate itself changed.
 */
export function diffCertificates(previous: Record<string, unknown> | undefined, current: CheckResult): CheckEvent[] {
  const before = asCert(previous);
  const after = asCert(current.details);
  if (!before || !after || before.fingerprint256 === after.fingerprint256) return [];
  const events: CheckEvent[] = [];
  if (before.issuer !== after.issuer) {
    events.push({ type: 'tls.issuer_changed', message: `certificate issuer changed: ${before.issuer} → ${after.issuer}`, before: before.issuer, after: after.issuer });
  }
  if (before.publicKeyFingerprint !== after.publicKeyFingerprint) {
    events.push({
      type: 'tls.key_changed',
      message: `certificate public key changed: ${short(before.publicKeyFingerprint)} → ${short(after.publicKeyFingerprint)}`,
      before: before.publicKeyFingerprint,
      after: after.publicKeyFingerprint,
    });
  }
  if (events.length === 0) {
    events.push({
      type: 'tls.certificate_renewed',
      message: `certificate renewed with the same key and issuer: now valid until ${after.validTo.slice(0, 10)} (was ${before.validTo.slice(0, 10)})`,
      before: { fingerprint256: before.fingerprint256, validTo: before.validTo },
      after: { fingerprint256: after.fingerprint256, validTo: after.validTo },
    });
  }
  return events;
}
