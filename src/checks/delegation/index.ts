/**
 * @module The `delegation` check type: asks a server of the parent zone (no recursion) for the
 * domain's NS records, compares them with what the zone itself serves and with the expected set,
 * resolves the domain's key records through several resolvers, and reports the TTLs that bound
 * how long caches keep answering after a registry hold.
 */
import { normaliseName } from '../dns/record-format.js';
import { formatResolver, parseResolver, systemResolvers, type Resolver } from '../dns/resolver.js';
import { defineCheck, type CheckContext, type CheckResult } from '../types.js';
import { delegationConfigSchema, type DelegationConfig } from './delegation.schema.js';
import { diffParentNameservers, keepParentView } from './diff.js';
import { discoverParents, parentZoneOf } from './discover-parents.js';
import { askParents, type ParentAnswer } from './parent.js';
import { resolveThrough } from './resolution.js';
import { delegationVerdict, parentSet, type DelegationFacts } from './verdict.js';
import { askZone } from './zone.js';

const parseAll = (list: readonly string[]) => list.map((s) => parseResolver(s)).filter((r): r is Resolver => r !== undefined);

/** The resolvers from the config, or the system's. */
export function delegationResolvers(config: DelegationConfig): Resolver[] {
  return config.resolvers ? parseAll(config.resolvers) : systemResolvers();
}

/** Each DNS question's timeout: `query_timeout`, else a third of the run's timeout, at most 3 s. */
export function queryTimeoutOf(config: DelegationConfig, runTimeoutMs: number): number {
  return config.query_timeout ?? Math.max(100, Math.min(3000, Math.floor(runTimeoutMs / 3)));
}

async function parentStep(name: string, config: DelegationConfig, resolvers: Resolver[], signal: AbortSignal, timeoutMs: number) {
  if (config.parent_servers) {
    const parents = await askParents(name, parseAll(config.parent_servers), signal, timeoutMs);
    return { parentZone: parentZoneOf(name), parents };
  }
  const found = await discoverParents(name, resolvers, signal, timeoutMs);
  if ('problem' in found) return { parentZone: found.zone, parents: [] as ParentAnswer[], parentProblem: found.problem };
  return { parentZone: found.zone, parents: await askParents(name, found.servers, signal, timeoutMs) };
}

/** Runs the three steps (parent, then zone; resolvers meanwhile) and gathers the facts. */
export async function gatherFacts(config: DelegationConfig, ctx: CheckContext): Promise<DelegationFacts> {
  const name = normaliseName(config.name) ?? config.name;
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(ctx.timeoutMs)]);
  const timeoutMs = queryTimeoutOf(config, ctx.timeoutMs);
  const resolvers = delegationResolvers(config);
  const resolving = resolveThrough(name, config.records, resolvers, signal, timeoutMs);
  const parent = await parentStep(name, config, resolvers, signal, timeoutMs);
  const delegation = parentSet(parent.parents);
  const glue = Object.assign({}, ...parent.parents.map((p) => p.glue)) as Record<string, string[]>;
  const sources = { configured: config.nameserver_addresses ?? {}, glue, resolvers };
  const zone = delegation ? await askZone(name, delegation, sources, signal, timeoutMs) : [];
  const expected = config.expected_nameservers ? [...new Set(config.expected_nameservers.map((n) => normaliseName(n) ?? n))].sort() : null;
  return { name, expected, ...parent, zone, resolution: await resolving };
}

/** The `delegation` check type. */
export const delegationCheck = defineCheck({
  type: 'delegation',
  description: 'Compare the NS delegation at the parent zone with the zone and the expected set, resolve the domain through several resolvers, and report cache TTLs.',
  schema: delegationConfigSchema,
  target(config) {
    const first = config.parent_servers?.[0] ?? config.resolvers?.[0];
    const parsed = first ? parseResolver(first) : undefined;
    return parsed ? formatResolver(parsed) : 'system-resolver';
  },
  async run(config, ctx): Promise<CheckResult> {
    const started = performance.now();
    const facts = await gatherFacts(config, ctx);
    const total = Math.round(performance.now() - started);
    return { ...delegationVerdict(facts), latencyMs: total, timings: { total } };
  },
  diff(_config, previous, current) {
    return diffParentNameservers(previous, current);
  },
  keep: keepParentView,
});
