/**
 * @module One question to one name server for the delegation check, within its own deadline:
 * the shared DNS client (`../dns/dns-client.ts`) with the outcome as the delegation reports
 * read it (an English reason for errors).
 */
import type { RecordType } from 'dns-packet';
import { queryResolver, type DnsResponse } from '../dns/dns-client.js';
import type { Resolver } from '../dns/resolver.js';

/** What asking one server gave. */
export type DirectOutcome =
  | { kind: 'response'; response: DnsResponse }
  | { kind: 'timeout' }
  | { kind: 'error'; message: string };

/** One question, and whether recursion is desired (RD flag). */
export interface DirectQuestion {
  name: string;
  type: RecordType;
  recursion: boolean;
}

/** Asks one server one question within `timeoutMs` (and before `signal` fires); never throws. */
export async function askServer(server: Resolver, q: DirectQuestion, signal: AbortSignal, timeoutMs: number): Promise<DirectOutcome> {
  const deadline = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
  const outcome = await queryResolver(server, q, { signal: deadline, retransmitMs: Math.max(50, Math.floor(timeoutMs / 3)) });
  if (outcome.kind === 'error') return { kind: 'error', message: outcome.texts.en };
  return outcome.kind === 'timeout' ? { kind: 'timeout' } : outcome;
}

/** A readable reason for an outcome that is not a NOERROR response, or `undefined`. */
export function outcomeProblem(outcome: DirectOutcome, timeoutMs: number): string | undefined {
  if (outcome.kind === 'timeout') return `no answer within ${timeoutMs} ms`;
  if (outcome.kind === 'error') return outcome.message;
  return outcome.response.rcode === 'NOERROR' ? undefined : outcome.response.rcode;
}
