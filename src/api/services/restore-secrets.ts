/**
 * @module What a `[redacted]` sent back in a monitor body stands for: the secret stored at the
 * same place, as long as the monitor still sends it to the same place. When the check's target
 * changes (scheme, host or port of any endpoint, or the TLS settings it travels under — see
 * `monitor-reach.ts`), every placeholder is refused and the secret must be typed again, so an
 * editor cannot point a monitor elsewhere and have Vigie deliver a secret it never showed.
 */
import { reachKey, reachOf } from '../../monitors/monitor-reach.js';
import { invalidRequest } from '../errors.js';
import { REDACTED, restoreRedacted } from './redact.js';

const PLACEHOLDER = JSON.stringify(REDACTED);

/** True unless both bodies are known to reach the same endpoints under the same trust. */
function movedElsewhere(sent: unknown, stored: unknown): boolean {
  const next = reachOf(sent);
  if (next === undefined) return false; // an invalid check block: validation refuses the body, nothing runs
  const before = reachOf(stored);
  return before === undefined || reachKey(before) !== reachKey(next);
}

/**
 * `raw` with its placeholders replaced by the secrets of `stored` (the monitor's stored input;
 * `undefined` for a new monitor). Throws a 400 naming each field whose placeholder has no
 * secret behind it, or whose secret would go to a new target.
 */
export function restoreSecrets(raw: unknown, stored: Record<string, unknown> | undefined): unknown {
  const { value, unmatched, restored, retargeted } = restoreRedacted(raw, stored);
  if (unmatched.length > 0) {
    throw invalidRequest(
      `${PLACEHOLDER} stands for a secret already stored, and there is none at ${unmatched.join(', ')}; send the value itself`,
      unmatched.map((path) => ({ path, message: `is ${PLACEHOLDER} but no secret is stored here; send the value itself` })),
    );
  }
  const moved = [...new Set([...retargeted, ...(restored.length > 0 && movedElsewhere(value, stored) ? restored : [])])];
  if (moved.length > 0) {
    throw invalidRequest(
      `the monitor's target changed (scheme, host, port or TLS settings), so ${PLACEHOLDER} no longer stands for the stored secret at ${moved.join(', ')}; re-enter the secret for the new target`,
      moved.map((path) => ({ path, message: `is ${PLACEHOLDER} but the target changed; re-enter the secret for the new target` })),
    );
  }
  return value;
}
