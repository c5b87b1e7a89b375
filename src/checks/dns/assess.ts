/**
 * @module Pure judgement of DNS outcomes: one resolver's outcome → a report with a readable
 * message, and all reports → the check result (`down` when all fail, `degraded` when some do),
 * with messages in English and French.
 */
import type { Answer } from 'dns-packet';
import type { Texts } from '../net/texts.js';
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

/** One resolver's report, and its failure reason in French (kept out of `details`). */
export interface Assessment {
  report: ResolverReport;
  /** The report's message in French when the resolver failed; `undefined` when it answered correctly. */
  fr: string | undefined;
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

/** How many values a list shows before `and 2 more`. */
const LISTED = 5;

/** `a, b, c` or `a, b, c and 4 more` (`et 4 autres`); `(none)` (`(aucune)`) for an empty list. */
export function listValues(values: readonly string[], lang: keyof Texts = 'en', max = LISTED): string {
  if (values.length === 0) return lang === 'en' ? '(none)' : '(aucune)';
  const shown = values.slice(0, max).join(', ');
  if (values.length <= max) return shown;
  const more = values.length - max;
  return lang === 'en' ? `${shown} and ${more} more` : `${shown} et ${more} autre${more > 1 ? 's' : ''}`;
}

type Failed = Texts & { failure: DnsFailure };

function rcodeFailure(rcode: string, from: string, q: DnsQuery): Failed {
  const { name, record_type: type } = q;
  switch (rcode) {
    case 'NXDOMAIN':
      return { failure: 'nxdomain', en: `NXDOMAIN from ${from}: ${name} does not exist`, fr: `NXDOMAIN de ${from} : ${name} n’existe pas` };
    case 'SERVFAIL':
      return {
        failure: 'servfail',
        en: `SERVFAIL from ${from}: the resolver could not get an answer for ${type} ${name} (upstream or DNSSEC failure)`,
        fr: `SERVFAIL de ${from} : le résolveur n’a pas pu obtenir de réponse pour ${type} ${name} (échec en amont ou DNSSEC)`,
      };
    case 'REFUSED':
      return {
        failure: 'refused',
        en: `REFUSED from ${from}: the resolver refused to answer for ${name} (not authoritative for it, or not open to this client)`,
        fr: `REFUSED de ${from} : le résolveur a refusé de répondre pour ${name} (il ne fait pas autorité pour ce nom, ou n’est pas ouvert à ce client)`,
      };
    default:
      return { failure: 'rcode', en: `${rcode} from ${from} for ${type} ${name}`, fr: `${rcode} de ${from} pour ${type} ${name}` };
  }
}

/** The failure of a NOERROR answer, or `undefined` when the answer set is right. */
function answersFailure(from: string, q: DnsQuery, values: string[]): Failed | undefined {
  const { name, record_type: type } = q;
  if (values.length === 0) {
    return {
      failure: 'no_answer',
      en: `no ${type} records from ${from}: ${name} exists but has no ${type} record (NOERROR, empty answer)`,
      fr: `aucun enregistrement ${type} de ${from} : ${name} existe mais n’a pas d’enregistrement ${type} (NOERROR, réponse vide)`,
    };
  }
  if (!q.expected) return undefined;
  const wanted = [...new Set(q.expected.map((v) => normaliseExpected(type, v) ?? v))].sort(compareText);
  if (wanted.join('\n') === values.join('\n')) return undefined;
  return {
    failure: 'wrong_answer',
    en: `wrong ${type} answer from ${from} for ${name}: expected ${listValues(wanted)}, got ${listValues(values)}`,
    fr: `mauvaise réponse ${type} de ${from} pour ${name} : attendu ${listValues(wanted, 'fr')}, reçu ${listValues(values, 'fr')}`,
  };
}

function failedReport(from: string, failed: Failed): Assessment {
  return { report: { resolver: from, ok: false, failure: failed.failure, message: failed.en, answers: [], latencyMs: null }, fr: failed.fr };
}

/** Judges one resolver's outcome. `latencyMs` is the time it took to get the outcome. */
export function assessResolver(q: DnsQuery, from: string, outcome: QueryOutcome, latencyMs: number, timeoutMs: number): Assessment {
  if (outcome.kind === 'timeout') {
    const n = outcome.attempts;
    const en = `no answer from ${from} within ${timeoutMs} ms (${n === 1 ? '1 attempt' : `${n} attempts`})`;
    return failedReport(from, { failure: 'timeout', en, fr: `pas de réponse de ${from} en ${timeoutMs} ms (${n} tentative${n > 1 ? 's' : ''})` });
  }
  if (outcome.kind === 'error') {
    const { texts } = outcome;
    return failedReport(from, { failure: 'error', en: `cannot query ${from}: ${texts.en}`, fr: `impossible d’interroger ${from} : ${texts.fr}` });
  }
  const { rcode, authoritative, transport } = outcome.response;
  const base = { resolver: from, rcode, authoritative, transport, latencyMs };
  if (rcode !== 'NOERROR') {
    const { failure, en, fr } = rcodeFailure(rcode, from, q);
    return { report: { ...base, ok: false, failure, message: en, answers: [] }, fr };
  }
  const answers = answerSet(outcome.response.answers, q.record_type);
  const values = answers.map((a) => a.value);
  const failed = answersFailure(from, q, values);
  if (failed) return { report: { ...base, ok: false, failure: failed.failure, message: failed.en, answers }, fr: failed.fr };
  return { report: { ...base, ok: true, message: `${q.record_type} ${q.name} → ${listValues(values)} from ${from}`, answers }, fr: undefined };
}

/** The result's messages: the answer set when all resolvers agree, else the reasons of those that failed. */
function summaryTexts(q: DnsQuery, assessments: readonly Assessment[], answers: readonly AnswerRecord[]): Texts {
  const failed = assessments.filter((a) => !a.report.ok);
  const n = assessments.length;
  if (failed.length === 0) {
    const values = answers.map((a) => a.value);
    const en = `${q.record_type} ${q.name} → ${listValues(values)}`;
    const fr = values.length > LISTED ? `${q.record_type} ${q.name} → ${listValues(values, 'fr')}` : en;
    return n === 1 ? { en, fr } : { en: `${en} (${n} of ${n} resolvers)`, fr: `${fr} (${n} résolveurs sur ${n})` };
  }
  const en = failed.map((a) => a.report.message).join('; ');
  const fr = failed.map((a) => a.fr ?? a.report.message).join(' ; ');
  if (n === 1) return { en, fr };
  if (failed.length === n) return { en: `all ${n} resolvers failed: ${en}`, fr: `les ${n} résolveurs ont échoué : ${fr}` };
  const k = failed.length;
  const names = failed.map((a) => a.report.resolver).join(', ');
  return { en: `${k} of ${n} resolvers failed (${names}): ${en}`, fr: `${k} résolveur${k > 1 ? 's' : ''} sur ${n} en échec (${names}) : ${fr}` };
}

/** Combines the resolvers' assessments into the check result. */
export function summarise(q: DnsQuery, assessments: readonly Assessment[], totalMs: number): CheckResult {
  const reports = assessments.map((a) => a.report);
  const answerRecords = mergeAnswers(reports);
  const okCount = reports.filter((r) => r.ok).length;
  const status = okCount === reports.length ? 'up' : okCount === 0 ? 'down' : 'degraded';
  const latencies = reports.flatMap((r) => (r.ok && r.latencyMs !== null ? [r.latencyMs] : []));
  const messages = summaryTexts(q, assessments, answerRecords);
  return {
    status,
    message: messages.en,
    messages,
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
