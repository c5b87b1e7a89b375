/** @module `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP date, read into a wait in ms. */

/** The longest wait a server may impose on us (a registry, a notification provider) (a day); longer values are capped. */
export const MAX_RETRY_AFTER_MS = 86_400_000;

/** Milliseconds to wait from `now`, or `undefined` when the header is absent or unreadable. */
export function parseRetryAfter(value: string | readonly string[] | undefined, now: number): number | undefined {
  const raw = (Array.isArray(value) ? value[0] : value) as string | undefined;
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - now), MAX_RETRY_AFTER_MS);
}
