/** @module What check tests give a check's `run`, and a poll for what a test server saw. */
import type { CheckContext } from '../../src/checks/types.js';

/** A run context that times out after `timeoutMs` (10 s by default). */
export function checkContext(timeoutMs = 10_000): CheckContext {
  return { signal: AbortSignal.timeout(timeoutMs), timeoutMs };
}

/** Polls until `predicate` holds or the deadline passes; returns whether it held. */
export async function eventually(predicate: () => boolean, deadlineMs = 5_000): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (predicate()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return predicate();
}
