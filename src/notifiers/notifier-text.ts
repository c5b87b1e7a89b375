/** @module Small text helpers shared by channels: cutting to a provider's limit, escaping for HTML. */

/** `text` cut to at most `max` characters (code points), ending with `…` when cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

export { escapeHtml } from '../core/html.js';

/** The string value of `"field": "…"` in a (possibly cut) JSON answer, for a receipt's provider id. */
export function answerField(answer: string | undefined, field: string): string | undefined {
  const match = new RegExp(`"${field}"\\s*:\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|(-?\\d+))`).exec(answer ?? '');
  return match ? (match[1] ?? match[2]) : undefined;
}

/** The JSON object of an answer, or `undefined` when it is not one. */
export function answerJson(answer: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(answer);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
