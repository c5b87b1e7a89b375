/**
 * @module Resolving the domain's key records through each resolver, and reading what each said:
 * answers with TTLs, NXDOMAIN, SERVFAIL, or no answer at all.
 */
import { answerSet, type AnswerRecord } from '../dns/assess.js';
import type { DnsRecordType } from '../dns/record-format.js';
import { formatResolver, type Resolver } from '../dns/resolver.js';
import { askServer, outcomeProblem, type DirectOutcome } from './direct-query.js';

/** One record type through one resolver. */
export interface RecordOutcome {
  type: DnsRecordType;
  /** The RCODE, absent when no response came. */
  rcode?: string;
  answers: AnswerRecord[];
  /** Why no response came (timeout, network error). */
  problem?: string;
}

/** How a resolver fared: NXDOMAIN or SERVFAIL on any record type decides. */
export type ResolverVerdict = 'ok' | 'nxdomain' | 'servfail' | 'failed' | 'unreachable';

/** Everything one resolver said. */
export interface ResolverResolution {
  resolver: string;
  verdict: ResolverVerdict;
  records: RecordOutcome[];
}

/** Reads one record outcome (pure). */
export function readRecordOutcome(type: DnsRecordType, outcome: DirectOutcome, timeoutMs: number): RecordOutcome {
  if (outcome.kind !== 'response') return { type, answers: [], problem: outcomeProblem(outcome, timeoutMs)! };
  const { rcode, answers } = outcome.response;
  return { type, rcode, answers: rcode === 'NOERROR' ? answerSet(answers, type) : [] };
}

/** The verdict of a resolver from its record outcomes (pure). */
export function resolverVerdict(records: readonly RecordOutcome[]): ResolverVerdict {
  const rcodes = records.map((r) => r.rcode);
  if (rcodes.includes('NXDOMAIN')) return 'nxdomain';
  if (rcodes.includes('SERVFAIL')) return 'servfail';
  if (records.every((r) => r.rcode === undefined)) return 'unreachable';
  if (records.some((r) => r.rcode !== undefined && r.rcode !== 'NOERROR')) return 'failed';
  return 'ok';
}

/** Resolves every record type through every resolver, all in parallel. */
export async function resolveThrough(
  name: string,
  types: readonly DnsRecordType[],
  resolvers: readonly Resolver[],
  signal: AbortSignal,
  timeoutMs: number,
): Promise<ResolverResolution[]> {
  return Promise.all(
    resolvers.map(async (resolver) => {
      const records = await Promise.all(
        types.map(async (type) => readRecordOutcome(type, await askServer(resolver, { name, type, recursion: true }, signal, timeoutMs), timeoutMs)),
      );
      return { resolver: formatResolver(resolver), verdict: resolverVerdict(records), records };
    }),
  );
}
