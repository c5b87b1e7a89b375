/**
 * @module Pure judgement of a TLS handshake: expiry against the thresholds, chain trust and
 * hostname, all reported together, the worst deciding the status. Messages in English and French.
 */
import type { ResultStatus } from '../../core/states.js';
import type { Texts } from '../net/texts.js';
import type { CheckResult } from '../types.js';
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

/** One problem found, in both languages. */
export interface TlsProblem extends Texts {
  status: Exclude<ResultStatus, 'up' | 'unknown'>;
}

/** Readable reasons for the usual OpenSSL verification codes. */
export function chainReason(code: string, issuer: string): Texts {
  switch (code) {
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return { en: 'the certificate is self-signed', fr: 'le certificat est auto-signé' };
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return { en: 'the chain ends in a self-signed root that is not trusted', fr: 'la chaîne se termine par une racine auto-signée non approuvée' };
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      return {
        en: `the issuer (${issuer}) is unknown: not a trusted CA, or the server does not send the intermediate certificate`,
        fr: `l’émetteur (${issuer}) est inconnu : ce n’est pas une autorité approuvée, ou le serveur n’envoie pas le certificat intermédiaire`,
      };
    case 'CERT_SIGNATURE_FAILURE':
      return { en: 'a signature in the chain does not verify', fr: 'une signature de la chaîne n’est pas valide' };
    case 'CERT_REVOKED':
      return { en: 'the certificate is revoked', fr: 'le certificat est révoqué' };
    case 'INVALID_CA':
      return { en: 'an issuer in the chain is not a CA certificate', fr: 'un émetteur de la chaîne n’est pas un certificat d’autorité' };
    case 'INVALID_PURPOSE':
      return { en: 'the certificate is not meant for TLS servers', fr: 'le certificat n’est pas destiné aux serveurs TLS' };
    default:
      return { en: 'verification failed', fr: 'échec de la vérification' };
  }
}

/** `2026-03-01` from an ISO date. */
const day = (iso: string) => iso.slice(0, 10);

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `3 jours`, `1 jour`, `0 jour` (French makes only numbers above one plural). */
function jours(n: number): string {
  return `${n} jour${Math.abs(n) > 1 ? 's' : ''}`;
}

function validityProblem(facts: CertificateFacts, now: number): TlsProblem | undefined {
  const msLeft = Date.parse(facts.validTo) - now;
  const date = day(facts.validTo);
  if (msLeft <= 0) {
    const ago = Math.floor(-msLeft / DAY_MS);
    const when = ago === 0 ? { en: 'less than a day ago', fr: 'il y a moins d’un jour' } : { en: `${plural(ago, 'day')} ago`, fr: `il y a ${jours(ago)}` };
    return { status: 'down', en: `certificate expired on ${date} (${when.en})`, fr: `le certificat a expiré le ${date} (${when.fr})` };
  }
  if (Date.parse(facts.validFrom) > now) {
    return { status: 'down', en: `certificate is not valid before ${facts.validFrom}`, fr: `le certificat n’est pas valable avant ${facts.validFrom}` };
  }
  return undefined;
}

function expirySoonProblem(facts: CertificateFacts, policy: TlsPolicy, now: number): TlsProblem | undefined {
  const msLeft = Date.parse(facts.validTo) - now;
  if (msLeft <= 0) return undefined;
  const critical = msLeft < policy.critical_days * DAY_MS;
  if (!critical && msLeft >= policy.warn_days * DAY_MS) return undefined;
  const date = day(facts.validTo);
  const left = facts.daysLeft;
  const en = `certificate expires on ${date} (${left === 0 ? 'in less than a day' : `in ${plural(left, 'day')}`})`;
  const fr = `le certificat expire le ${date} (${left === 0 ? 'dans moins d’un jour' : `dans ${jours(left)}`})`;
  if (critical) {
    const days = policy.critical_days;
    return { status: 'down', en: `${en}, within the critical threshold of ${plural(days, 'day')}`, fr: `${fr}, seuil critique de ${jours(days)} atteint` };
  }
  const days = policy.warn_days;
  return { status: 'degraded', en: `${en}, within the warning threshold of ${plural(days, 'day')}`, fr: `${fr}, seuil d’avertissement de ${jours(days)} atteint` };
}

function chainProblem(code: string, issuer: string): TlsProblem {
  const reason = chainReason(code, issuer);
  return {
    status: 'down',
    en: `certificate chain is not trusted: ${reason.en} (${code})`,
    fr: `la chaîne de certificats n’est pas approuvée : ${reason.fr} (${code})`,
  };
}

function hostnameProblem(facts: CertificateFacts, servername: string): TlsProblem {
  const names = facts.altNames.length > 0 ? facts.altNames.join(', ') : undefined;
  return {
    status: 'down',
    en: `certificate does not cover ${servername}: it is for ${names ?? `${facts.subject} (no subjectAltName)`}`,
    fr: `le certificat ne couvre pas ${servername} : il est valable pour ${names ?? `${facts.subject} (sans subjectAltName)`}`,
  };
}

/** Every problem found, most important first; empty when the certificate is fine. */
export function tlsProblems(facts: CertificateFacts, verification: Verification, policy: TlsPolicy, now: number): TlsProblem[] {
  const problems: TlsProblem[] = [];
  const validity = validityProblem(facts, now);
  if (validity) problems.push(validity);
  const dateCodes = ['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID'];
  if (policy.verify_chain && verification.chainError && !dateCodes.includes(verification.chainError)) {
    problems.push(chainProblem(verification.chainError, facts.issuer));
  }
  if (policy.check_hostname && verification.hostnameError) problems.push(hostnameProblem(facts, policy.servername));
  const soon = expirySoonProblem(facts, policy, now);
  if (soon) problems.push(soon);
  return problems;
}

/** The status and messages for a set of problems. */
export function tlsVerdict(facts: CertificateFacts, problems: readonly TlsProblem[]): Pick<CheckResult, 'status' | 'message' | 'messages'> {
  if (problems.length === 0) {
    const until = day(facts.validTo);
    const left = facts.daysLeft;
    const en = `certificate valid until ${until} (${plural(left, 'day')} left), issued by ${facts.issuer}`;
    return { status: 'up', message: en, messages: { en, fr: `certificat valable jusqu’au ${until} (encore ${jours(left)}), émis par ${facts.issuer}` } };
  }
  const status = problems.some((p) => p.status === 'down') ? 'down' : 'degraded';
  const en = problems.map((p) => p.en).join('; ');
  return { status, message: en, messages: { en, fr: problems.map((p) => p.fr).join(' ; ') } };
}
