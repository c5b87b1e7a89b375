/**
 * @module Push tokens at rest: a heartbeat or traffic monitor's `token` is only ever compared
 * with the token of an incoming push, so it is stored as `sha256:<64 hex digits>` (then
 * encrypted like every secret), the way API tokens are stored. The hashed form is also accepted
 * where a token is written (a config file, an API body), so it never needs to be known in clear.
 */
import { createHash } from 'node:crypto';

/** The stored form of a push token. */
export const PUSH_TOKEN_HASH = /^sha256:([0-9a-f]{64})$/;

/** Check types whose block holds a push `token`. */
const PUSH_TYPES = new Set(['heartbeat', 'traffic']);

/** True for check types whose block holds a push `token` (heartbeat, traffic). */
export function hasPushToken(type: string): boolean {
  return PUSH_TYPES.has(type);
}

/** The SHA-256 of a token in hex, whether it is given in clear or already in its stored form. */
export function pushTokenDigest(token: string): string {
  return PUSH_TOKEN_HASH.exec(token)?.[1] ?? createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The stored form of a token: `sha256:<hex>` (unchanged when it already is). */
export function hashPushToken(token: string): string {
  return `sha256:${pushTokenDigest(token)}`;
}

/**
 * The input of a monitor of `type` with its push token in stored form; the same object when
 * there is nothing to hash (not a push type, no token, or already hashed).
 */
export function hashPushTokens(input: Record<string, unknown>, type: string): Record<string, unknown> {
  if (!hasPushToken(type)) return input;
  const block = input[type];
  if (block === null || typeof block !== 'object' || Array.isArray(block)) return input;
  const token = (block as Record<string, unknown>).token;
  if (typeof token !== 'string' || PUSH_TOKEN_HASH.test(token)) return input;
  return { ...input, [type]: { ...block, token: hashPushToken(token) } };
}
