/**
 * @module Asking the parent zone: which name servers does it delegate the domain to (NS in the
 * authority section of a referral, or in the answer), with which TTL, and which glue addresses.
 */
import type { Answer } from 'dns-packet';
import { formatAnswer, normaliseName } from '../dns/record-format.js';
import { formatResolver, type Resolver } from '../dns/resolver.js';
import { askServer, outcomeProblem, type DirectOutcome } from './direct-query.js';

/** What one parent server said about the domain. */
export interface ParentAnswer {
  server: string;
  /** `delegated`: NS records found; `nxdomain`: the name is not in the zone; `no_delegation`: NOERROR without NS; `failed`: no usable answer. */
  status: 'delegated' | 'nxdomain' | 'no_delegation' | 'failed';
  /** The delegated name servers, normalised and sorted. */
  nameservers: string[];
  /** The lowest TTL of those NS records, in seconds. */
  ttl: number | null;
  /** Glue addresses by name server name (from the additional section). */
  glue: Record<string, string[]>;
  /** Why the server gave no usable answer (`failed`). */
  problem?: string;
}

const sameName = (a: string, b: string) => (normaliseName(a) ?? a.toLowerCase()) === (normaliseName(b) ?? b.toLowerCase());

/** The NS records owned by `name` in the given sections: sorted names and their lowest TTL. */
export function nsRecordsOf(name: string, ...sections: Answer[][]): { nameservers: string[]; ttl: number | null } {
  const names = new Set<string>();
  let ttl: number | null = null;
  for (const record of sections.flat()) {
    if (record.type !== 'NS' || !sameName(record.name, name)) continue;
    const value = formatAnswer(record);
    if (value === undefined) continue;
    names.add(value);
    const recordTtl = record.ttl ?? 0;
    ttl = ttl === null ? recordTtl : Math.min(ttl, recordTtl);
  }
  return { nameservers: [...names].sort(), ttl };
}

/** Glue: A and AAAA records of the additional section that belong to one of `nameservers`. */
export function glueOf(nameservers: readonly string[], additionals: Answer[]): Record<string, string[]> {
  const glue: Record<string, string[]> = {};
  for (const record of additionals) {
    if (record.type !== 'A' && record.type !== 'AAAA') continue;
    const owner = normaliseName(record.name);
    const value = formatAnswer(record);
    if (!owner || !value || !nameservers.includes(owner)) continue;
    (glue[owner] ??= []).push(value);
  }
  return glue;
}

/** Reads one parent server's response to `NS <name>` (pure). */
export function readParentOutcome(name: string, server: string, outcome: DirectOutcome, timeoutMs: number): ParentAnswer {
  const empty = { server, nameservers: [], ttl: null, glue: {} };
  if (outcome.kind !== 'response') return { ...empty, status: 'failed', problem: outcomeProblem(outcome, timeoutMs)! };
  const { rcode, answers, authorities, additionals } = outcome.response;
  if (rcode === 'NXDOMAIN') return { ...empty, status: 'nxdomain' };
  if (rcode !== 'NOERROR') return { ...empty, status: 'failed', problem: rcode };
  const { nameservers, ttl } = nsRecordsOf(name, answers, authorities);
  if (nameservers.length === 0) return { ...empty, status: 'no_delegation' };
  return { server, status: 'delegated', nameservers, ttl, glue: glueOf(nameservers, additionals) };
}

/** Asks every parent server, in parallel and without recursion, for the domain's NS records. */
export async function askParents(name: string, servers: readonly Resolver[], signal: AbortSignal, timeoutMs: number): Promise<ParentAnswer[]> {
  return Promise.all(
    servers.map(async (server) => {
      const outcome = await askServer(server, { name, type: 'NS', recursion: false }, signal, timeoutMs);
      return readParentOutcome(name, formatResolver(server), outcome, timeoutMs);
    }),
  );
}
