/**
 * @module Asking the zone itself: each name server the parent delegates to is asked for the
 * domain's NS records, at its configured address, its glue address, or its resolved address.
 */
import { formatAnswer, normaliseName } from '../dns/record-format.js';
import { formatResolver, parseResolver, type Resolver } from '../dns/resolver.js';
import { askServer, outcomeProblem, type DirectOutcome } from './direct-query.js';
import { nsRecordsOf } from './parent.js';

/** What one of the zone's name servers said. */
export interface ZoneServerReport {
  nameserver: string;
  /** Where it was asked (`ip:port`), `null` when no address could be found. */
  address: string | null;
  via: 'configured' | 'glue' | 'resolved' | 'none';
  /** True when it answered authoritatively with NS records for the domain. */
  ok: boolean;
  nameservers: string[];
  ttl: number | null;
  problem?: string;
}

/** Where to find a name server's address. */
export interface AddressSources {
  configured: Record<string, string>;
  glue: Record<string, string[]>;
  resolvers: readonly Resolver[];
}

/** Reads one zone server's response to `NS <name>` (pure). */
export function readZoneOutcome(name: string, base: Pick<ZoneServerReport, 'nameserver' | 'address' | 'via'>, outcome: DirectOutcome, timeoutMs: number): ZoneServerReport {
  const failed = (problem: string): ZoneServerReport => ({ ...base, ok: false, nameservers: [], ttl: null, problem });
  const problem = outcomeProblem(outcome, timeoutMs);
  if (problem !== undefined || outcome.kind !== 'response') return failed(problem ?? 'no answer');
  const { nameservers, ttl } = nsRecordsOf(name, outcome.response.answers);
  if (!outcome.response.authoritative) return failed('not authoritative for the domain (lame delegation)');
  if (nameservers.length === 0) return failed('answered without NS records for the domain');
  return { ...base, ok: true, nameservers, ttl };
}

async function resolveAddress(host: string, resolvers: readonly Resolver[], signal: AbortSignal, timeoutMs: number): Promise<string | undefined> {
  for (const resolver of resolvers.slice(0, 3)) {
    for (const type of ['A', 'AAAA'] as const) {
      const outcome = await askServer(resolver, { name: host, type, recursion: true }, signal, timeoutMs);
      if (outcome.kind !== 'response' || outcome.response.rcode !== 'NOERROR') continue;
      const address = outcome.response.answers.filter((a) => a.type === type).map(formatAnswer)[0];
      if (address) return address;
    }
  }
  return undefined;
}

async function addressOf(ns: string, sources: AddressSources, signal: AbortSignal, timeoutMs: number): Promise<{ server?: Resolver; via: ZoneServerReport['via'] }> {
  const configured = Object.entries(sources.configured).find(([host]) => normaliseName(host) === ns)?.[1];
  if (configured) return { server: parseResolver(configured), via: 'configured' };
  const glued = sources.glue[ns]?.[0];
  if (glued) return { server: parseResolver(glued), via: 'glue' };
  const resolved = await resolveAddress(ns, sources.resolvers, signal, timeoutMs);
  return resolved ? { server: parseResolver(resolved), via: 'resolved' } : { via: 'none' };
}

/** Asks each of `nameservers`, in parallel, for the domain's NS records. */
export async function askZone(name: string, nameservers: readonly string[], sources: AddressSources, signal: AbortSignal, timeoutMs: number): Promise<ZoneServerReport[]> {
  return Promise.all(
    nameservers.map(async (nameserver) => {
      const { server, via } = await addressOf(nameserver, sources, signal, timeoutMs);
      if (!server) return { nameserver, address: null, via, ok: false, nameservers: [], ttl: null, problem: 'no address found (no glue, and it does not resolve)' };
      const outcome = await askServer(server, { name, type: 'NS', recursion: false }, signal, timeoutMs);
      return readZoneOutcome(name, { nameserver, address: formatResolver(server), via }, outcome, timeoutMs);
    }),
  );
}
