/**
 * @module Pure judgement of a TLS handshake: expiry against the thresholds, chain trust and
 * hostname, all reported together, the worst deciding the status.
 */
import type { ResultStatus } from '../../core/states.js';
import type { CertificateFacts } from './certificate-facts.js';

const DAY_MS = 86_400_000;

/** What the judgement needs besides the certificate facts. */
export interface TlsPolicy {
  servername: string;
  warn_days: number;
  critical_days: number;
  verify_chain: boolean;
  check_hostname: boolean;
}

/** What verification said about the handshake. */
export interface Verification {
  /** OpenSSL's code for an untrusted chain (e.g. `DEPTH_ZERO_SELF_SIGNED_CERT`), or `null`. */
  chainError: string | null;
  hostnameError: string | null;
}

export interface TlsProblem {
  status: Exclude<ResultStatus, 'up' | 'unknown'>;
  message: string;
}

/** Readable reasons for the usual OpenSSL verification codes. */
export function chainReason(code: string, issuer: string): string {
  switch (code) {
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return 'the certificate is self-signed';
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return 'the chain ends in a self-signed root that is not trusted';
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      return `the issuer (${issuer}) is unknown: not a trusted CA, or the server does not send the intermediate certificate`;
    case 'CERT_SIGNATURE_FAILURE':
      return 'a signature in the chain does not verify';
    case 'CERT_REVOKED':
      return 'the certificate is revoked';
    case 'INVALID_CA':
      return 'an issuer in the chain is not a CA certificate';
    case 'INVALID_PURPOSE':
      return 'the certificate is not meant for TLS servers';
    default:
      return `verification failed`;
  }
}

/** `2026-03-01` from an ISO date. */
const day = (iso: string) => iso.slice(0, 10);

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function validityProblem(facts: CertificateFacts, now: number): TlsProblem | undefined {
  const msLeft = Date.parse(facts.validTo) - now;
  if (msLeft <= 0) {
    const ago = Math.floor(-msLeft / DAY_MS);
    return { status: 'down', message: `certificate expired on ${day(facts.validTo)} (${ago === 0 ? 'less than a day ago' : `${plural(ago, 'day')} ago`})` };
  }
  if (Date.parse(facts.validFrom) > now) return { status: 'down', message: `certificate is not valid before ${facts.validFrom}` };
  return undefined;
}

function expirySoonProblem(facts: CertificateFacts, policy: TlsPolicy, now: number): TlsProblem | undefined {
  const msLeft = Date.parse(facts.validTo) - now;
  if (msLeft <= 0) return undefined;
  const when = `certificate expires on ${day(facts.validTo)} (${facts.daysLeft === 0 ? 'in less than a day' : `in ${plural(facts.daysLeft, 'day')}`})`;
  if (msLeft < policy.critical_days * DAY_MS) {
    return { status: 'down', message: `${when}, within the critical threshold of ${plural(policy.critical_days, 'day')}` };
  }
  if (msLeft < policy.warn_days * DAY_MS) {
    return { status: 'degraded', message: `${when}, within the warning threshold of ${plural(policy.warn_days, 'day')}` };
  }
  return undefined;
}

/** Every problem found, most important first; empty when the certificate is fine. */
export function tlsProblems(facts: CertificateFacts, verification: Verification, policy: TlsPolicy, now: number): TlsProblem[] {
  const problems: TlsProblem[] = [];
  const validity = validityProblem(facts, now);
  if (validity) problems.push(validity);
  const dateCodes = ['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID'];
  if (policy.verify_chain && verification.chainError && !dateCodes.includes(verification.chainError)) {
    const reason = chainReason(verification.chainError, facts.issuer);
    problems.push({ status: 'down', message: `certificate chain is not trusted: ${reason} (${verification.chainError})` });
  }
  if (policy.check_hostname && verification.hostnameError) {
    const names = facts.altNames.length > 0 ? facts.altNames.join(', ') : `${facts.subject} (no subjectAltName)`;
    problems.push({ status: 'down', message: `certificate does not cover ${policy.servername}: it is for ${names}` });
  }
  const soon = expirySoonProblem(facts, policy, now);
  if (soon) problems.push(soon);
  return problems;
}

/** The status and message for a set of problems. */
export function tlsVerdict(facts: CertificateFacts, problems: readonly TlsProblem[]): { status: ResultStatus; message: string } {
  if (problems.length === 0) {
    return { status: 'up', message: `certificate valid until ${day(facts.validTo)} (${plural(facts.daysLeft, 'day')} left), issued by ${facts.issuer}` };
  }
  const status = problems.some((p) => p.status === 'down') ? 'down' : 'degraded';
  return { status, message: problems.map((p) => p.message).join('; ') };
}
