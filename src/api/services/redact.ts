/**
 * @module Hides secrets (push tokens, passwords, credentials in headers) in monitor configs
 * shown through the API: any key whose name says it holds a secret has its value replaced.
 */

const SECRET_KEY = /token|password|passwd|secret|authorization|cookie|api[-_]?key/i;
export const REDACTED = '[redacted]';

/** A deep copy of `value` with the values of secret-looking keys replaced by `[redacted]`. */
export function redactSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    out[key] = SECRET_KEY.test(key) && (typeof v === 'string' || typeof v === 'number') ? REDACTED : redactSecrets(v);
  }
  return out as T;
}
