/** @module Pure change detection for the dns check: the answer set of two runs compared. */
import { eventWith } from '../net/texts.js';
import type { CheckEvent, CheckResult } from '../types.js';
import { listValues } from './assess.js';

interface DnsDetails {
  query: { name: string; type: string };
  answers: Array<{ value: string }>;
}

function asDetails(details: Record<string, unknown> | undefined): DnsDetails | undefined {
  const query = details?.query as DnsDetails['query'] | undefined;
  const answers = details?.answers;
  if (!query || typeof query.name !== 'string' || !Array.isArray(answers)) return undefined;
  return { query, answers: answers as DnsDetails['answers'] };
}

function values(d: DnsDetails): string[] {
  return d.answers.map((a) => a.value).sort();
}

/**
 * A `dns.answer_changed` event when both runs got an answer set for the same question and the
 * sets differ. Runs where every resolver failed carry no answer set and raise nothing.
 */
export function diffDnsAnswers(alertOnChange: boolean, previous: Record<string, unknown> | undefined, current: CheckResult): CheckEvent[] {
  if (!alertOnChange) return [];
  const before = asDetails(previous);
  const after = asDetails(current.details);
  if (!before || !after || before.answers.length === 0 || after.answers.length === 0) return [];
  if (before.query.name !== after.query.name || before.query.type !== after.query.type) return [];
  const was = values(before);
  const now = values(after);
  if (was.join('\n') === now.join('\n')) return [];
  const { type, name } = after.query;
  const en = `${type} answers for ${name} changed: ${listValues(was)} → ${listValues(now)}`;
  const fr = `les réponses ${type} pour ${name} ont changé : ${listValues(was, 'fr')} → ${listValues(now, 'fr')}`;
  return [eventWith('dns.answer_changed', { en, fr }, was, now)];
}
