/**
 * @module Pure: what the parent, the zone and the resolvers said → the delegation check's result,
 * with its details (NS sets, per-resolver answers, TTLs) and its message in English and French.
 */
import { SEVERITY_RANK } from '../../core/states.js';
import { listValues } from '../dns/assess.js';
import type { CheckResult } from '../types.js';
import type { ParentAnswer } from './parent.js';
import { expectedReasons, parentReasons, resolutionReasons, zoneReasons, type Reason } from './reasons.js';
import type { ResolverResolution } from './resolution.js';
import { delegationTtls, ttlSummary, type DelegationTtls } from './ttls.js';
import type { ZoneServerReport } from './zone.js';

/** Everything one run found. */
export interface DelegationFacts {
  name: string;
  parentZone: string | null;
  expected: string[] | null;
  /** Why the parent servers could not even be found (no `parent_servers` and discovery failed). */
  parentProblem?: string;
  parents: ParentAnswer[];
  zone: ZoneServerReport[];
  resolution: ResolverResolution[];
}

/** The delegation as the parent gives it: the NS set the first delegating server gave, if any. */
export function parentSet(parents: readonly ParentAnswer[]): string[] | null {
  return parents.find((p) => p.status === 'delegated')?.nameservers ?? null;
}

/** The `details` kept with each result and compared by `diff()`. */
export interface DelegationDetails {
  name: string;
  parent_zone: string | null;
  parent: { nameservers: string[] | null; delegated: boolean | null; servers: ParentAnswer[] };
  zone: { nameservers: string[]; servers: ZoneServerReport[] };
  expected_nameservers: string[] | null;
  resolvers: ResolverResolution[];
  ttl: DelegationTtls;
  [key: string]: unknown;
}

function allReasons(facts: DelegationFacts, ttls: DelegationTtls): Reason[] {
  const delegation = parentSet(facts.parents);
  const parent = facts.parentProblem
    ? [{ status: 'unknown' as const, en: facts.parentProblem, fr: `serveurs de la zone parente introuvables : ${facts.parentProblem}` }]
    : parentReasons(facts.name, facts.parents, ttls);
  return [
    ...parent,
    ...expectedReasons(facts.name, delegation, facts.expected),
    ...(delegation ? zoneReasons(facts.name, delegation, facts.zone) : []),
    ...resolutionReasons(facts.name, facts.resolution),
  ];
}

function upMessages(facts: DelegationFacts, delegation: readonly string[], ttls: DelegationTtls): { en: string; fr: string } {
  const n = facts.resolution.length;
  const summary = ttlSummary(ttls, 'en');
  const summaryFr = ttlSummary(ttls, 'fr');
  const horizon = ttls.horizon === null ? '' : `; after a registry hold, caches keep answering for up to ${ttls.horizon} s (${summary})`;
  const horizonFr = ttls.horizon === null ? '' : ` ; après une suspension au registre, les caches répondent encore au plus ${ttls.horizon} s (${summaryFr})`;
  return {
    en: `${facts.name} is delegated to ${listValues(delegation)}, consistent with the zone; resolves at ${n} of ${n} resolvers${horizon}`,
    fr: `${facts.name} est délégué à ${listValues(delegation, 'fr')}, en accord avec la zone ; se résout auprès de ${n} résolveur${n > 1 ? 's' : ''} sur ${n}${horizonFr}`,
  };
}

/** Judges one run's facts (pure). */
export function delegationVerdict(facts: DelegationFacts): Omit<CheckResult, 'latencyMs'> {
  const ttls = delegationTtls(facts.parents, facts.zone, facts.resolution);
  const reasons = allReasons(facts, ttls);
  const delegation = parentSet(facts.parents);
  const answered = facts.parents.filter((p) => p.status !== 'failed');
  const details: DelegationDetails = {
    name: facts.name,
    parent_zone: facts.parentZone,
    parent: { nameservers: delegation, delegated: answered.length === 0 ? null : delegation !== null, servers: facts.parents },
    zone: { nameservers: [...new Set(facts.zone.flatMap((z) => z.nameservers))].sort(), servers: facts.zone },
    expected_nameservers: facts.expected,
    resolvers: facts.resolution,
    ttl: ttls,
  };
  if (reasons.length === 0 && delegation) {
    const messages = upMessages(facts, delegation, ttls);
    return { status: 'up', message: messages.en, messages, details };
  }
  const worst = reasons.reduce((a, b) => (SEVERITY_RANK[b.status] > SEVERITY_RANK[a.status] ? b : a), reasons[0]!);
  const ordered = [...reasons].sort((a, b) => SEVERITY_RANK[b.status] - SEVERITY_RANK[a.status]);
  const messages = { en: ordered.map((r) => r.en).join('; '), fr: ordered.map((r) => r.fr).join(' ; ') };
  return { status: worst.status, message: messages.en, messages, details };
}
