/**
 * @module Hides secrets (push tokens, passwords, credentials in headers) in monitor configs
 * shown through the API: any key whose name says it holds a secret has its value replaced. A
 * client that reads a monitor, edits it and sends it back keeps the stored secrets: every
 * `[redacted]` it sends stands for the value stored at the same place.
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

/** The outcome of {@link restoreRedacted}: the body with secrets put back, and the placeholders that had nothing to stand for. */
export interface Restored {
  value: unknown;
  /** Field paths (`http.headers.Authorization`) where `[redacted]` was sent but no secret is stored. */
  unmatched: string[];
}

/**
 * `sent` with every `[redacted]` under a secret-looking key replaced by the value `stored` holds
 * at the same path. Placeholders with no stored secret behind them are listed, not kept, so a
 * literal "[redacted]" never becomes a password.
 */
export function restoreRedacted(sent: unknown, stored: unknown): Restored {
  const unmatched: string[] = [];
  const walk = (value: unknown, before: unknown, path: string): unknown => {
    if (Array.isArray(value)) return value.map((v, i) => walk(v, Array.isArray(before) ? before[i] : undefined, `${path}[${i}]`));
    if (value === null || typeof value !== 'object') return value;
    const previous = before !== null && typeof before === 'object' && !Array.isArray(before) ? (before as Record<string, unknown>) : {};
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const at = path === '' ? key : `${path}.${key}`;
      if (v === REDACTED && SECRET_KEY.test(key)) {
        const kept = Object.hasOwn(previous, key) ? previous[key] : undefined;
        if (typeof kept === 'string' || typeof kept === 'number') out[key] = kept;
        else unmatched.push(at);
        continue;
      }
      out[key] = walk(v, previous[key], at);
    }
    return out;
  };
  return { value: walk(sent, stored, ''), unmatched };
}
