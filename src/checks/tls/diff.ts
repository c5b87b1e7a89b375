/** @module Pure change detection for the tls check: issuer, key and certificate compared between runs. */
import { eventWith } from '../net/texts.js';
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
    const change = `${before.issuer} → ${after.issuer}`;
    events.push(eventWith('tls.issuer_changed', { en: `certificate issuer changed: ${change}`, fr: `l’émetteur du certificat a changé : ${change}` }, before.issuer, after.issuer));
  }
  if (before.publicKeyFingerprint !== after.publicKeyFingerprint) {
    const change = `${short(before.publicKeyFingerprint)} → ${short(after.publicKeyFingerprint)}`;
    const texts = { en: `certificate public key changed: ${change}`, fr: `la clé publique du certificat a changé : ${change}` };
    events.push(eventWith('tls.key_changed', texts, before.publicKeyFingerprint, after.publicKeyFingerprint));
  }
  if (events.length === 0) {
    const now = after.validTo.slice(0, 10);
    const was = before.validTo.slice(0, 10);
    const texts = {
      en: `certificate renewed with the same key and issuer: now valid until ${now} (was ${was})`,
      fr: `certificat renouvelé avec la même clé et le même émetteur : valable désormais jusqu’au ${now} (auparavant ${was})`,
    };
    events.push(
      eventWith('tls.certificate_renewed', texts, { fingerprint256: before.fingerprint256, validTo: before.validTo }, { fingerprint256: after.fingerprint256, validTo: after.validTo }),
    );
  }
  return events;
}
