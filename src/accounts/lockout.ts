/**
 * @module The sign-in lockout (pure): after 5 failures for one user name within 15 minutes, that
 * name is locked for 15 minutes from the last failure. Failures are counted per user name as
 * typed (lower-cased), whether or not the user exists, so a lock does not reveal it either.
 */

export interface LockoutPolicy {
  /** Failures within `windowMs` that lock. */
  maxFailures: number;
  windowMs: number;
  /** How long the lock lasts after the failure that set it. */
  lockMs: number;
}

export const LOCKOUT: LockoutPolicy = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

/** How far back failures matter. */
export function failuresSince(now: number, policy: LockoutPolicy = LOCKOUT): number {
  return now - Math.max(policy.windowMs, policy.lockMs);
}

/**
 * Whether the name is locked given its failure times (any order), and for how long: null when
 * not locked, else the milliseconds left (at least 1).
 */
export function lockedFor(failures: readonly number[], now: number, policy: LockoutPolicy = LOCKOUT): number | null {
  const sorted = failures.filter((at) => at <= now).sort((a, b) => a - b);
  // A lock is set by `maxFailures` failures within the window; it runs from the latest of them.
  for (let i = sorted.length - 1; i >= policy.maxFailures - 1; i--) {
    const last = sorted[i]!;
    const first = sorted[i - policy.maxFailures + 1]!;
    if (last - first > policy.windowMs) continue;
    const left = last + policy.lockMs - now;
    return left > 0 ? left : null;
  }
  return null;
}
