/** @module The facts about a peer certificate that the tls check reports and compares between runs. */
import { createHash, X509Certificate } from 'node:crypto';

const DAY_MS = 86_400_000;

/** What `details` holds for a certificate. Dates are ISO 8601. */
export interface CertificateFacts {
  subject: string;
  issuer: string;
  serialNumber: string;
  /** SHA-256 of the certificate, `AB:CD:…`. Changes on every renewal. */
  fingerprint256: string;
  /** SHA-256 of the public key (SPKI, DER), `AB:CD:…`. Changes only when the key does. */
  publicKeyFingerprint: string;
  validFrom: string;
  validTo: string;
  /** Whole days until expiry, negative once expired. */
  daysLeft: number;
  /** `DNS:` and `IP Address:` entries without their prefix. */
  altNames: string[];
}

function colonHex(buf: Buffer): string {
  return buf.toString('hex').toUpperCase().replace(/(..)(?!$)/g, '$1:');
}

/** `CN=a\nO=b` (node's form) → `CN=a, O=b`. */
function distinguishedName(text: string): string {
  return text.split('\n').filter(Boolean).join(', ');
}

/** The subjectAltName entries, e.g. `DNS:a, IP Address:1.2.3.4` → `['a', '1.2.3.4']`. */
export function parseAltNames(subjectAltName: string | undefined): string[] {
  if (!subjectAltName) return [];
  return subjectAltName
    .split(/,\s*/)
    .map((entry) => /^(?:DNS|IP Address):(.+)$/.exec(entry.trim())?.[1])
    .filter((name): name is string => name !== undefined);
}

/** Reads the facts of a certificate (DER bytes) as of `now`. */
export function certificateFacts(raw: Buffer, now: number): CertificateFacts {
  const x509 = new X509Certificate(raw);
  const spki = x509.publicKey.export({ type: 'spki', format: 'der' });
  const validTo = new Date(x509.validTo);
  return {
    subject: distinguishedName(x509.subject),
    issuer: distinguishedName(x509.issuer),
    serialNumber: x509.serialNumber,
    fingerprint256: x509.fingerprint256,
    publicKeyFingerprint: colonHex(createHash('sha256').update(spki).digest()),
    validFrom: new Date(x509.validFrom).toISOString(),
    validTo: validTo.toISOString(),
    daysLeft: Math.floor((validTo.getTime() - now) / DAY_MS),
    altNames: parseAltNames(x509.subjectAltName),
  };
}
