/**
 * @module The TTLs that bound how long caches keep answering for a domain after its registry
 * stops publishing it (a hold, a deletion): the NS TTL at the parent and in the zone, and the
 * TTLs of the resolved records. The horizon is the largest of them, an upper bound.
 */
import type { ParentAnswer } from './parent.js';
import type { ResolverResolution } from './resolution.js';
import type { ZoneServerReport } from './zone.js';

/** TTLs in seconds; `null` when not seen. */
export interface DelegationTtls {
  /** The NS TTL given by the parent zone (the delegation). */
  parent_ns: number | null;
  /** The NS TTL given by the zone's own name servers. */
  zone_ns: number | null;
  /** The largest TTL seen per record type through the resolvers (a cached answer shows what is left). */
  records: Record<string, number>;
  /** The largest of all: caches may keep answering up to this long after a registry hold. */
  horizon: number | null;
}

const maxOf = (values: readonly (number | null)[]): number | null => {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : Math.max(...known);
};

/** Collects the TTLs from what the parent, the zone and the resolvers said (pure). */
export function delegationTtls(parents: readonly ParentAnswer[], zone: readonly ZoneServerReport[], resolution: readonly ResolverResolution[]): DelegationTtls {
  const records: Record<string, number> = {};
  for (const { records: outcomes } of resolution) {
    for (const { type, answers } of outcomes) {
      for (const { ttl } of answers) records[type] = Math.max(ttl, records[type] ?? 0);
    }
  }
  const parent_ns = maxOf(parents.map((p) => p.ttl));
  const zone_ns = maxOf(zone.filter((z) => z.ok).map((z) => z.ttl));
  return { parent_ns, zone_ns, records, horizon: maxOf([parent_ns, zone_ns, ...Object.values(records)]) };
}

/** `NS 3600 s at the parent, NS 300 s in the zone, A 300 s, MX 3600 s` (English) — `null` when nothing was seen. */
export function ttlSummary(ttls: DelegationTtls, lang: 'en' | 'fr'): string | null {
  const parts: string[] = [];
  if (ttls.parent_ns !== null) parts.push(lang === 'en' ? `NS ${ttls.parent_ns} s at the parent` : `NS ${ttls.parent_ns} s dans la zone parente`);
  if (ttls.zone_ns !== null) parts.push(lang === 'en' ? `NS ${ttls.zone_ns} s in the zone` : `NS ${ttls.zone_ns} s dans la zone`);
  for (const [type, ttl] of Object.entries(ttls.records)) parts.push(`${type} ${ttl} s`);
  return parts.length === 0 ? null : parts.join(', ');
}
