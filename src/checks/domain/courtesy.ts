/**
 * @module Being a good citizen of registries: a short answer cache per domain, and a per-server
 * backoff after HTTP 429 (or a WHOIS "limit exceeded") that honours `Retry-After`.
 *
 * Cache TTL is half the shortest interval allowed for the server (2.5 min for public registries,
 * 0.5 s for loopback ones), so a monitor never reads its own previous answer, while several
 * monitors or a CLI run watching the same domain share one query.
 */
import type { DomainFacts } from './facts.js';

/** An answer worth caching: the facts, or "not found". */
export type CachedAnswer = { kind: 'found'; facts: DomainFacts } | { kind: 'not-found' };

/** Waiting for a server that said "too many requests". */
export interface Backoff {
  until: number;
  /** Consecutive refusals, for the doubling wait when no `Retry-After` is given. */
  strikes: number;
  /** What the server said, e.g. `HTTP 429 Too Many Requests, Retry-After: 120`. */
  reason: string;
}

const BASE_BACKOFF_MS = 60_000;
const MAX_BACKOFF_MS = 3_600_000;
const MAX_ENTRIES = 5_000;

/** Caches answers and remembers which servers asked us to wait. */
export class RegistryCourtesy {
  readonly #answers = new Map<string, { expires: number; answer: CachedAnswer }>();
  readonly #backoffs = new Map<string, Backoff>();

  /** A cached answer still fresh at `now`. */
  cached(key: string, now: number): CachedAnswer | undefined {
    const entry = this.#answers.get(key);
    if (!entry) return undefined;
    if (entry.expires <= now) {
      this.#answers.delete(key);
      return undefined;
    }
    return entry.answer;
  }

  remember(key: string, answer: CachedAnswer, ttlMs: number, now: number): void {
    if (this.#answers.size >= MAX_ENTRIES) {
      for (const [k, v] of this.#answers) if (v.expires <= now) this.#answers.delete(k);
      if (this.#answers.size >= MAX_ENTRIES) this.#answers.delete(this.#answers.keys().next().value!);
    }
    this.#answers.set(key, { expires: now + ttlMs, answer });
  }

  /** The backoff in force for `server` at `now`, if any. */
  backoff(server: string, now: number): Backoff | undefined {
    const backoff = this.#backoffs.get(server);
    return backoff && backoff.until > now ? backoff : undefined;
  }

  /**
   * Records a refusal: wait `retryAfterMs` when the server gave it, else 1 min doubling with each
   * consecutive refusal up to 1 h. Returns the backoff now in force.
   */
  refused(server: string, retryAfterMs: number | undefined, reason: string, now: number): Backoff {
    const strikes = (this.#backoffs.get(server)?.strikes ?? 0) + 1;
    const wait = retryAfterMs ?? Math.min(BASE_BACKOFF_MS * 2 ** (strikes - 1), MAX_BACKOFF_MS);
    const backoff = { until: now + wait, strikes, reason };
    this.#backoffs.set(server, backoff);
    return backoff;
  }

  /** The server answered normally: forget its refusals. */
  answered(server: string): void {
    this.#backoffs.delete(server);
  }

  /** Forgets everything (tests, or an operator who wants a fresh look). */
  clear(): void {
    this.#answers.clear();
    this.#backoffs.clear();
  }
}

/** Cache TTL for a server: half its minimum interval. */
export function cacheTtlMs(local: boolean): number {
  return local ? 500 : 150_000;
}

/** The process-wide courtesy state shared by every domain monitor. */
export const sharedCourtesy = new RegistryCourtesy();
