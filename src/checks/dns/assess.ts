/**
 * @module Pure judgement of DNS outcomes: one resolver's outcome → a report with a readable
 * message, and all reports → the check result (`down` when all fail, `degraded` when some do).
 */
import type { Answer } from 'dns-packet';
import type { CheckResult } from '../types.js';
import type { QueryOutcome } from './dns-client.js';
import { formatAnswer, normaliseExpected, type DnsRecordType } from './record-format.js';

/** One record of the answer set, in textual form, with its TTL in seconds. */
export interface AnswerRecord {
  value: string;
  ttl: number;
}

/** Why a resolver's answer is a failure. */
export type DnsFailure = 'nxdomain' | 'servfail' | 'refused' | 'rcode' | 'no_answer' | 'wrong_answer' | 'timeout' | 'error';

/** What one resolver said, as kept in `details.resolvers`. */
export interface ResolverReport {
  resolver: string;
  ok: boolean;
  failure?: DnsFailure;
  /** Readable sentence naming the resolver, e.g. `NXDOMAIN from 127.0.0.1:53: x.test does not exist`. */
  message: string;
  rcode?: string;
  authoritative?: boolean;
  transport?: 'udp' | 'tcp';
  /** The normalised answer set with TTLs, sorted by value. */
  answers: AnswerRecord[];
  latencyMs: number | null;
}

/** The parts of the config the judgement needs. */
export interface DnsQuery {
  name: string;
  record_type: DnsRecordType;
  expected?: string[] | undefined;
}

/** The answer records of the asked type, normalised, de-duplicated (lowest TTL kept) and sorted. */
export function answerSet(answers: readonly Answer[], type: DnsRecordType): AnswerRecord[] {
  const byValue = new Map<string, number>();
  for (const answer of answers) {
    if (answer.type !== type) continue; // e.g. the CNAME records leading to the A records
    const value = formatAnswer(answer);
    if (value === undefined) continue;
    const ttl = 'ttl' in answer ? (answer.ttl ?? 0) : 0;
    byValue.set(value, Math.min(ttl, byValue.get(value) ?? ttl));
  }
  return [...byValue].map(([value, ttl]) => ({ value, ttl })).sort((a, b) => compareText(a.value, b.value));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `a, b, c` or `a, b, c and 4 more`; `(none)` for an empty list. */
export function listValues(values: readonly string[], max = 5): string {
  if (values.length === 0) return '(none)';
  const shown = values.slice(0, max).join(', ');
  return values.length > max ? `${shown} and ${values.length - max} more` : shown;
}

function rcodeMessage(rcode: string, from: string, q: DnsQuery): { failure: DnsFailure; message: string } {
  switch (rcode) {
    case 'NXDOMAIN':
      return { failure: 'nxdomain', message: `NXDOMAIN from ${from}: ${q.name} does not exist` };
    case 'SERVFAIL':
      return { failure: 'servfail', message: `SERVFAIL from ${from}: the resolver could not get an answer for ${q.record_type} ${q.name} (upstream or DNSSEC failure)` };
    case 'REFUSED':
      return { failure: 'refused', message: `REFUSED from ${from}: the resolver refused to answer for ${q.name} (not authoritative for it, or not open to this client)` };
    default:
      return { failure: 'rcode', message: `${rcode} from ${from} for ${q.record_type} ${q.name}` };
  }
}

function judgeAnswers(from: string, q: DnsQuery, values: string[]): { failure?: DnsFailure; message: string } {
  if (values.length === 0) {
    return { failure: 'no_answer', message: `no ${q.record_type} records from ${from}: ${q.name} exists but has no ${q.record_type} record (NOERROR, empty answer)` };
  }
  if (q.expected) {
    const wanted = [...new Set(q.expected.map((v) => normaliseExpected(q.record_type, v) ?? v))].sort(compareText);
    if (wanted.join('\n') !== values.join('\n')) {
      return { failure: 'wrong_answer', message: `wrong ${q.record_type} answer from ${from} for ${q.name}: expected ${listValues(wanted)}, got ${listValues(values)}` };
    }
  }
  return { message: `${q.record_type} ${q.name} → ${listValues(values)} from ${from}` };
}

/** Judges one resolver's outcome. `latencyMs` is the time it took to get the outcome. */
export function assessResolver(q: DnsQuery, from: string, outcome: QueryOutcome, latencyMs: number, timeoutMs: number): ResolverReport {
  if (outcome.kind === 'timeout') {
    const tries = outcome.attempts === 1 ? '1 attempt' : `${outcome.attempts} attempts`;
    return { resolver: from, ok: false, failure: 'timeout', message: `no answer from ${from} within ${timeoutMs} ms (${tries})`, answers: [], latencyMs: null };
  }
  if (outcome.kind === 'error') {
    return { resolver: from, ok: false, failure: 'error', message: `cannot query ${from}: ${outcome.message}`, answers: [], latencyMs: null };
  }
  const { rcode, authoritative, transport } = outcome.response;
  const base = { resolver: from, rcode, authoritative, transport, latencyMs };
  if (rcode !== 'NOERROR') return { ...base, ok: false, ...rcodeMessage(rcode, from, q), answers: [] };
  const records = answerSet(outcome.response.answers, q.record_type);
  const judged = judgeAnswers(from, q, records.map((a) => a.value));
  return { ...base, ok: judged.failure === undefined, ...judged, answers: records };
}

function summaryMessage(q: DnsQuery, reports: readonly ResolverReport[], answers: readonly AnswerRecord[]): string {
  const failed = reports.filter((r) => !r.ok);
  const n = reports.length;
  if (failed.length === 0) {
    const suffix = n === 1 ? '' : ` (${n} of ${n} resolvers)`;
    return `${q.record_type} ${q.name} → ${listValues(answers.map((a) => a.value))}${suffix}`;
  }
  const reasons = failed.map((r) => r.message).join('; ');
  if (n === 1) return reasons;
  if (failed.length === n) return `all ${n} resolvers failed: ${reasons}`;
  return `${failed.length} of ${n} resolvers failed (${failed.map((r) => r.resolver).join(', ')}): ${reasons}`;
}

/** Combines the resolver reports into the check result. */
export function summarise(q: DnsQuery, reports: readonly ResolverReport[], totalMs: number): CheckResult {
  const answerRecords = mergeAnswers(reports);
  const okCount = reports.filter((r) => r.ok).length;
  const status = okCount === reports.length ? 'up' : okCount === 0 ? 'down' : 'degraded';
  const latencies = reports.flatMap((r) => (r.ok && r.latencyMs !== null ? [r.latencyMs] : []));
  return {
    status,
    message: summaryMessage(q, reports, answerRecords),
    latencyMs: latencies.length > 0 ? Math.max(...latencies) : null,
    timings: { total: totalMs },
    details: { query: { name: q.name, type: q.record_type }, answers: answerRecords, resolvers: reports },
  };
}

/** The merged answer set (lowest TTL per value) of the resolvers that answered correctly. */
export function mergeAnswers(reports: readonly ResolverReport[]): AnswerRecord[] {
  const byValue = new Map<string, number>();
  for (const { ok, answers } of reports) {
    if (!ok) continue;
    for (const { value, ttl } of answers) byValue.set(value, Math.min(ttl, byValue.get(value) ?? ttl));
  }
  return [...byValue].map(([value, ttl]) => ({ value, ttl })).sort((a, b) => compareText(a.value, b.value));
}
