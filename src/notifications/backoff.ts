/**
 * @module When to try a failed delivery again: exponential backoff with jitter (2 s, 4 s, 8 s …
 * capped at 1 min — a page must go out soon after its provider recovers — each drawn between half
 * and all of it, so a recovering provider is not hit by
 * every retry at once), never sooner than the provider's `Retry-After`. Pure: the random draw is
 * passed in.
 */

export const FIRST_RETRY_MS = 2_000;
export const MAX_RETRY_MS = 60_000;

/** The wait before attempt `attempt + 1`, after `attempt` failed attempts (1-based), with `random` in [0, 1). */
export function retryDelay(attempt: number, random: number, retryAfterMs?: number): number {
  const ceiling = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  const drawn = Math.round(ceiling / 2 + (ceiling / 2) * random);
  return Math.max(drawn, Math.min(retryAfterMs ?? 0, 86_400_000));
}
