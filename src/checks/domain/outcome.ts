/** @module What one registry query gave, whatever the protocol: an answer, a refusal, or a failure. */
import type { CachedAnswer } from './courtesy.js';
import type { Bilingual } from './messages.js';

/** The result of asking a registry once. */
export type QueryOutcome =
  | { kind: 'answer'; answer: CachedAnswer }
  /** "Too many requests": wait `retryAfterMs` (when given), `reason` quotes the server. */
  | { kind: 'refused'; retryAfterMs: number | undefined; reason: string }
  /** The check could not run (timeout, 5xx, unreadable answer…). */
  | { kind: 'failed'; text: Bilingual };

/** `10 s` from milliseconds, for timeout messages. */
export function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
