/**
 * @module Pure judgement of a domain's registration: registry statuses, expiry against the
 * thresholds, name servers and registrar against the expected ones; the worst decides.
 */
import type { ResultStatus } from '../../core/states.js';
import { normalizeHostnames, type DomainFacts } from './facts.js';
import { expiryText, healthyText, joinTexts, nameserverDriftText, registrarDriftText, unpublishedText, type Bilingual } from './messages.js';
import { unpublishedStatuses } from './statuses.js';

const DAY_MS = 86_400_000;

/** What the judgement needs from the config. */
export interface DomainPolicy {
  warn_days: number;
  critical_days: number;
  expected_nameservers?: readonly string[] | undefined;
  expected_registrar?: string | undefined;
}

/** One thing wrong with the registration. */
export interface DomainProblem {
  status: 'down' | 'degraded';
  /** Dotted kind, e.g. `status.unpublished`, `expiry.critical`, `nameservers.drift`. */
  kind: string;
  text: Bilingual;
}

function expiryProblem(facts: DomainFacts, policy: DomainPolicy, now: number): DomainProblem | undefined {
  if (!facts.expiry) return undefined;
  const left = Date.parse(facts.expiry) - now;
  if (Number.isNaN(left)) return undefined;
  if (left <= 0) return { status: 'down', kind: 'expiry.expired', text: expiryText(facts, now, 'expired', 0) };
  if (left < policy.critical_days * DAY_MS) {
    return { status: 'down', kind: 'expiry.critical', text: expiryText(facts, now, 'critical', policy.critical_days) };
  }
  if (left < policy.warn_days * DAY_MS) {
    return { status: 'degraded', kind: 'expiry.warning', text: expiryText(facts, now, 'warning', policy.warn_days) };
  }
  return undefined;
}

function nameserverProblem(facts: DomainFacts, expected: readonly string[] | undefined): DomainProblem | undefined {
  if (!expected) return undefined;
  const want = normalizeHostnames(expected);
  const missing = want.filter((ns) => !facts.nameservers.includes(ns));
  const unexpected = facts.nameservers.filter((ns) => !want.includes(ns));
  if (missing.length === 0 && unexpected.length === 0) return undefined;
  return { status: 'down', kind: 'nameservers.drift', text: nameserverDriftText(facts.name, missing, unexpected) };
}

function registrarProblem(facts: DomainFacts, expected: string | undefined): DomainProblem | undefined {
  if (expected === undefined) return undefined;
  if (facts.registrar !== null && facts.registrar.trim().toLowerCase() === expected.trim().toLowerCase()) return undefined;
  return { status: 'down', kind: 'registrar.drift', text: registrarDriftText(facts.name, facts.registrar, expected) };
}

/**
 * Every problem found, most important first; empty when the registration is healthy.
 * `ttlSeconds` (optional, from the delegation check) is quoted in the hold message.
 */
export function domainProblems(facts: DomainFacts, policy: DomainPolicy, now: number, ttlSeconds?: number): DomainProblem[] {
  const problems: DomainProblem[] = [];
  const unpublished = unpublishedStatuses(facts.status);
  if (unpublished.length > 0) {
    problems.push({ status: 'down', kind: 'status.unpublished', text: unpublishedText(facts, unpublished, now, ttlSeconds) });
  }
  for (const problem of [
    expiryProblem(facts, policy, now),
    nameserverProblem(facts, policy.expected_nameservers),
    registrarProblem(facts, policy.expected_registrar),
  ]) {
    if (problem) problems.push(problem);
  }
  return problems;
}

/** The verdict for a set of problems: status, English message and both languages. */
export function domainVerdict(
  facts: DomainFacts,
  problems: readonly DomainProblem[],
  now: number,
): { status: ResultStatus; message: string; messages: Bilingual } {
  const text = problems.length === 0 ? healthyText(facts, now) : joinTexts(problems.map((p) => p.text));
  const status: ResultStatus = problems.length === 0 ? 'up' : problems.some((p) => p.status === 'down') ? 'down' : 'degraded';
  return { status, message: text.en, messages: text };
}
