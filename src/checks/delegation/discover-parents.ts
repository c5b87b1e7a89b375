/**
 * @module Finding the parent zone's name servers when none are configured: NS of the parent zone
 * (the domain minus its first label) and their addresses, through the resolvers.
 */
import { formatAnswer } from '../dns/record-format.js';
import { parseResolver, type Resolver } from '../dns/resolver.js';
import { askServer } from './direct-query.js';

/** At most this many parent servers are asked, to be gentle with registries. */
export const MAX_DISCOVERED_PARENTS = 3;

/** The parent zone of a domain: `ge.ch` → `ch`, `ch` → `.`. */
export function parentZoneOf(name: string): string {
  const dot = name.indexOf('.');
  return dot === -1 ? '.' : name.slice(dot + 1);
}

async function firstAnswers(name: string, type: 'NS' | 'A', resolvers: readonly Resolver[], signal: AbortSignal, timeoutMs: number): Promise<string[]> {
  for (const resolver of resolvers) {
    const outcome = await askServer(resolver, { name, type, recursion: true }, signal, timeoutMs);
    if (outcome.kind !== 'response' || outcome.response.rcode !== 'NOERROR') continue;
    const values = outcome.response.answers.filter((a) => a.type === type).flatMap((a) => formatAnswer(a) ?? []);
    if (values.length > 0) return values.sort();
  }
  return [];
}

/** Up to {@link MAX_DISCOVERED_PARENTS} parent servers, or a readable problem. */
export async function discoverParents(
  name: string,
  resolvers: readonly Resolver[],
  signal: AbortSignal,
  timeoutMs: number,
): Promise<{ servers: Resolver[]; zone: string } | { problem: string; zone: string }> {
  const zone = parentZoneOf(name);
  const nameservers = await firstAnswers(zone, 'NS', resolvers, signal, timeoutMs);
  if (nameservers.length === 0) return { zone, problem: `cannot find the name servers of the parent zone ${zone} through the resolvers` };
  const servers: Resolver[] = [];
  for (const ns of nameservers) {
    if (servers.length >= MAX_DISCOVERED_PARENTS) break;
    const [address] = await firstAnswers(ns, 'A', resolvers, signal, timeoutMs);
    const server = address ? parseResolver(address) : undefined;
    if (server) servers.push(server);
  }
  if (servers.length === 0) return { zone, problem: `cannot find the address of any name server of the parent zone ${zone} (${nameservers.join(', ')})` };
  return { zone, servers };
}
