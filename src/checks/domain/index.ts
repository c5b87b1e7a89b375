/**
 * @module The `domain` check type: a domain's registration at its registry (RDAP, with WHOIS as
 * a fallback): statuses such as clientHold or pendingDelete, expiry, name servers, registrar and
 * DNSSEC, with events when any of them changes.
 */
import { defineCheck, type CheckResult } from '../types.js';
import { domainProblems, domainVerdict } from './assess.js';
import { sharedBootstrap } from './bootstrap/bootstrap.js';
import { sharedCourtesy } from './courtesy.js';
import { diffDomain } from './diff.js';
import { domainConfigSchema } from './domain.schema.js';
import { lookupDomain } from './lookup.js';
import { planIsLocal, planLookup, planTarget } from './plan.js';

const PUBLIC_MIN_INTERVAL_MS = 300_000;

/** The `domain` check type. */
export const domainCheck = defineCheck({
  type: 'domain',
  description: 'Watch a domain at its registry (RDAP, or WHOIS): hold and deletion statuses, expiry, name servers, registrar.',
  schema: domainConfigSchema,
  target(config) {
    return planTarget(planLookup(config, sharedBootstrap())) ?? `rdap:${config.name}`;
  },
  minIntervalMs(config) {
    if (!config || typeof config.name !== 'string') return undefined;
    if (planIsLocal(planLookup(config, sharedBootstrap()))) return undefined;
    return {
      ms: PUBLIC_MIN_INTERVAL_MS,
      why: 'public registries must not be polled more often than every 5 minutes (a server on a loopback address may be polled every second)',
    };
  },
  async run(config, ctx): Promise<CheckResult> {
    const lookup = await lookupDomain(config, ctx);
    if (!lookup.ok) {
      // No details: the engine keeps the last facts, so the next answer is compared with them.
      return { status: lookup.status, message: lookup.text.en, messages: lookup.text, latencyMs: lookup.latencyMs };
    }
    const now = Date.now();
    const { facts } = lookup;
    const verdict = domainVerdict(facts, domainProblems(facts, config, now), now);
    return {
      ...verdict,
      latencyMs: lookup.latencyMs,
      ...(lookup.latencyMs !== null ? { timings: { total: lookup.latencyMs } } : {}),
      details: { ...facts, expiryPublished: facts.expiry !== null, cached: lookup.cached },
    };
  },
  diff(_config, previous, current) {
    return diffDomain(previous, current);
  },
});

/** Forgets cached answers and registry backoffs (tests, or a fresh look from the CLI). */
export function resetDomainState(): void {
  sharedCourtesy.clear();
}

export { lookupDomain, type DomainLookup, type LookupDeps } from './lookup.js';
export { domainProblems, domainVerdict, type DomainPolicy, type DomainProblem } from './assess.js';
export { diffDomain } from './diff.js';
export { domainConfigSchema, normalizeDomain, type DomainConfig } from './domain.schema.js';
export type { DomainFacts } from './facts.js';
export type { Bilingual } from './messages.js';
export { unpublishedText } from './messages.js';
export { canonicalStatus, unpublishedStatuses, UNPUBLISHED_STATUSES } from './statuses.js';
export { planLookup, planLabel, isLoopbackHost, BUILTIN_RDAP_OVERRIDES, type LookupPlan } from './plan.js';
export { RdapBootstrap, sharedBootstrap, IANA_BOOTSTRAP_URL } from './bootstrap/bootstrap.js';
