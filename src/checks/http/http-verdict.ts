/** @module Turns how an `http` run ended into a check result, with messages in English and French. */
import { decimalFr, resultWith, type Texts } from '../net/texts.js';
import type { CheckResult, PhaseTimings } from '../types.js';

/** How one run ended, before latency is judged. */
export interface HttpOutcome {
  failure?: Texts;
  status?: number;
  finalUrl?: string;
}

/** The final status is not one of the expected ones (`expected` is the list's label). */
export function statusFailure(expected: string, status: number): Texts {
  return { en: `expected status ${expected}, got ${status}`, fr: `statut attendu ${expected}, reçu ${status}` };
}

/** Redirects were still coming after the most that are followed. */
export function tooManyRedirects(max: number, last: string): Texts {
  return { en: `more than ${max} redirects (the last one to ${last})`, fr: `plus de ${max} redirections (la dernière vers ${last})` };
}

/** The failure with ` at <final URL>` appended when redirects were followed. */
export function atFinalUrl(failure: Texts, finalUrl: string | undefined): Texts {
  return finalUrl ? { en: `${failure.en} at ${finalUrl}`, fr: `${failure.fr} à l’adresse ${finalUrl}` } : failure;
}

/** The result: `down` on a failure, `degraded` when slower than `maxLatency`, else `up`. */
export function httpResult(outcome: HttpOutcome, timings: PhaseTimings, maxLatency: number | undefined): CheckResult {
  const details: Record<string, unknown> = {};
  if (outcome.status !== undefined) details.status = outcome.status;
  if (outcome.finalUrl !== undefined) details.finalUrl = outcome.finalUrl;
  const took = timings.total;
  if (outcome.failure) return resultWith('down', outcome.failure, { latencyMs: took, timings, details });
  if (maxLatency !== undefined && took > maxLatency) {
    const en = `response took ${took} ms, over the max_latency of ${maxLatency} ms`;
    const fr = `la réponse a pris ${decimalFr(took)} ms, au-delà du max_latency de ${maxLatency} ms`;
    return { status: 'degraded', message: en, messages: { en, fr }, latencyMs: took, timings, details };
  }
  const en = `HTTP ${outcome.status} in ${took} ms`;
  return { status: 'up', message: en, messages: { en, fr: `HTTP ${outcome.status} en ${decimalFr(took)} ms` }, latencyMs: took, timings, details };
}
