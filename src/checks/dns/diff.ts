/** @module Pure change detection for the dns check: the answer set of two runs compared. */
import { eventWith } from '../net/texts.js';
import type { CheckEvent, CheckResult } from '../types.js';
import { listValues } from './assess.js';

interface DnsDetails {
  query: { name: string; type: string };
  answers: Array<{ value: string }>;
  /** The last answer set seen, carried by runs that got none (see {@link keepDnsBaseline}). */
  lastAnswers?: Array<{ value: string }>;
}

function asDetails(details: Record<string, unknown> | undefined): DnsDetails | undefined {
  const query = details?.query as DnsDetails['query'] | undefined;
  const answers = details?.answers;
  if (!query || typeof query.name !== 'string' || !Array.isArray(answers)) return undefined;
  const lastAnswers = Array.isArray(details?.lastAnswers) ? (details.lastAnswers as DnsDetails['answers']) : undefined;
  return { query, answers: answers as DnsDetails['answers'], ...(lastAnswers ? { lastAnswers } : {}) };
}

/** The answer set a run is compared with: its own, or the one it carried from before. */
function baseline(d: DnsDetails): DnsDetails['answers'] {
  return d.answers.length > 0 ? d.answers : (d.lastAnswers ?? []);
}

function values(answers: DnsDetails['answers']): string[] {
  return answers.map((a) => a.value).sort();
}

/**
 * The details to keep after a run: a run with no answer set (every resolver failed, NXDOMAIN…)
 * carries the last answer set seen for the same question as `lastAnswers`, so that
 * `A → timeout → B` still raises a change and `A → timeout → A` does not.
 */
export function keepDnsBaseline(previous: Record<string, unknown> | undefined, current: CheckResult): Record<string, unknown> | undefined {
  const after = asDetails(current.details);
  if (!after || after.answers.length > 0) return current.details;
  const before = asDetails(previous);
  if (!before || before.query.name !== after.query.name || before.query.type !== after.query.type) return current.details;
  const carried = baseline(before);
  return carried.length > 0 ? { ...current.details, lastAnswers: carried.map(({ value }) => ({ value })) } : current.details;
}

/**
 * A `dns.answer_changed` event when this run got an answer set that differs from the last one
 * seen for the same question (the previous run's, or the one it carried across failed runs).
 * Runs where every resolver failed raise nothing.
 */
export function diffDnsAnswers(alertOnChange: boolean, previous: Record<string, unknown> | undefined, current: CheckResult): CheckEvent[] {
  if (!alertOnChange) return [];
  const before = asDetails(previous);
  const after = asDetails(current.details);
  if (!before || !after || baseline(before).length === 0 || after.answers.length === 0) return [];
  if (before.query.name !== after.query.name || before.query.type !== after.query.type) return [];
  const was = values(baseline(before));
  const now = values(after.answers);
  if (was.join('\n') === now.join('\n')) return [];
  const { type, name } = after.query;
  const en = `${type} answers for ${name} changed: ${listValues(was)} → ${listValues(now)}`;
  const fr = `les réponses ${type} pour ${name} ont changé : ${listValues(was, 'fr')} → ${listValues(now, 'fr')}`;
  return [eventWith('dns.answer_changed', { en, fr }, was, now)];
}
