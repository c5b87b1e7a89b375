import { describe, expect, it } from 'vitest';
import { LOCKOUT, failuresSince, lockedFor } from './lockout.js';

const MIN = 60_000;
const T = Date.UTC(2026, 0, 1, 3, 0);

describe('lockedFor', () => {
  it('does not lock after four failures', () => {
    expect(lockedFor([T, T + MIN, T + 2 * MIN, T + 3 * MIN], T + 3 * MIN)).toBeNull();
  });

  it('locks for 15 minutes from the fifth failure within 15 minutes', () => {
    const failures = [T, T + MIN, T + 2 * MIN, T + 3 * MIN, T + 4 * MIN];
    expect(lockedFor(failures, T + 4 * MIN)).toBe(15 * MIN);
    expect(lockedFor(failures, T + 10 * MIN)).toBe(9 * MIN);
    expect(lockedFor(failures, T + 19 * MIN - 1)).toBe(1);
    expect(lockedFor(failures, T + 19 * MIN)).toBeNull();
  });

  it('does not lock for five failures spread over more than 15 minutes', () => {
    const failures = [T, T + 4 * MIN, T + 8 * MIN, T + 12 * MIN, T + 16 * MIN];
    expect(lockedFor(failures, T + 16 * MIN)).toBeNull();
    expect(lockedFor([...failures, T + 17 * MIN], T + 17 * MIN)).toBe(15 * MIN);
  });

  it('ignores the order failures come in and failures in the future', () => {
    expect(lockedFor([T + 4 * MIN, T, T + 2 * MIN, T + MIN, T + 3 * MIN], T + 5 * MIN)).toBe(14 * MIN);
    expect(lockedFor([T, T, T, T, T + 60 * MIN], T + MIN)).toBeNull();
  });

  it('looks back far enough to see every failure that can still lock', () => {
    expect(failuresSince(T)).toBe(T - Math.max(LOCKOUT.windowMs, LOCKOUT.lockMs));
  });
});
