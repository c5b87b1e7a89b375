/**
 * @module Runs one check with its timeout and the engine's shutdown signal, and turns anything
 * unexpected (a throw, a check that ignores its signal) into an `unknown` result. Secrets that
 * a check quotes inside URLs (a redirect to `…?token=…`, a registry URL with a password) are
 * hidden here, before the result reaches storage, logs, events, incidents and the API.
 */
import type { CheckContext, CheckResult, CheckType } from '../checks/types.js';
import { mayHoldUrlSecrets, redactUrlSecrets, redactUrlSecretsIn } from '../core/url-secrets.js';

export interface RunOutcome {
  result: CheckResult;
  /** True when the run was cut short by shutdown: its result must not be recorded. */
  cancelled: boolean;
}

/** Extra time a check gets after its timeout to notice the abort before it is abandoned. */
const GRACE_MS = 2000;

export async function runCheck(
  check: CheckType,
  config: Record<string, unknown>,
  timeoutMs: number,
  shutdown: AbortSignal,
  extra: Pick<CheckContext, 'monitorId' | 'passive'> = {},
): Promise<RunOutcome> {
  const controller = new AbortController();
  // One timer per run: the grace timer that abandons a check ignoring its signal is armed only
  // when the timeout fires (a timer costs a few microseconds, and most runs never time out).
  let abandon!: (result: CheckResult) => void;
  const abandoned = new Promise<CheckResult>((resolve) => (abandon = resolve));
  let timer = setTimeout(() => {
    controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
    timer = setTimeout(
      () => abandon({ status: 'unknown', message: `check did not stop within ${timeoutMs + GRACE_MS} ms after its timeout`, latencyMs: null }),
      GRACE_MS,
    );
  }, timeoutMs);
  // Not AbortSignal.any: on Node 20 every signal combined with the long-lived shutdown signal
  // stays reachable from it until a full GC, which promoted each run's objects to the old
  // generation (hundreds of MB between collections at 10,000 monitors).
  const onShutdown = () => controller.abort(shutdown.reason);
  if (shutdown.aborted) onShutdown();
  else shutdown.addEventListener('abort', onShutdown, { once: true });
  const signal = controller.signal;
  try {
    const result = await Promise.race([check.run(config, { signal, timeoutMs, ...extra }), abandoned]);
    return { result: withoutUrlSecrets(result), cancelled: shutdown.aborted };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { result: { status: 'unknown', message: `check could not run: ${redactUrlSecrets(message)}`, latencyMs: null }, cancelled: shutdown.aborted };
  } finally {
    shutdown.removeEventListener('abort', onShutdown);
    clearTimeout(timer);
  }
}

/** The result with URL secrets hidden in its messages and details. */
function withoutUrlSecrets(result: CheckResult): CheckResult {
  // Most results quote no URL: keep them as they are instead of copying them.
  const message = redactUrlSecrets(result.message);
  const messages = result.messages && mayHoldUrlSecrets(result.messages);
  const details = result.details && mayHoldUrlSecrets(result.details);
  if (message === result.message && !messages && !details) return result;
  const out: CheckResult = { ...result, message };
  if (messages) out.messages = redactUrlSecretsIn(result.messages!);
  if (details) out.details = redactUrlSecretsIn(result.details!);
  return out;
}
