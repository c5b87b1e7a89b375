/**
 * @module Expected HTTP status lists: codes (`200`), ranges (`"200-299"`) and classes (`"2xx"`).
 */

/** One accepted item as written in config. */
export type StatusItem = number | string;

/** An inclusive range of accepted status codes. */
export type StatusRange = readonly [low: number, high: number];

const RANGE = /^([1-5]\d\d)\s*-\s*([1-5]\d\d)$/;
const CLASS = /^([1-5])xx$/i;
const CODE = /^[1-5]\d\d$/;

/** The default when `expected_status` is not set: any success or redirect. */
export const DEFAULT_EXPECTED_STATUS: readonly StatusItem[] = ['200-399'];

/**
 * Parses one item into an inclusive range, or returns a readable reason it is invalid.
 * Accepts `503`, `"503"`, `"200-299"` and `"2xx"`.
 */
export function parseStatusItem(item: StatusItem): StatusRange | string {
  const text = String(item).trim();
  if (CODE.test(text)) return [Number(text), Number(text)];
  const cls = CLASS.exec(text);
  if (cls) {
    const base = Number(cls[1]) * 100;
    return [base, base + 99];
  }
  const range = RANGE.exec(text);
  if (range) {
    const low = Number(range[1]);
    const high = Number(range[2]);
    return low <= high ? [low, high] : `range "${text}" starts after it ends`;
  }
  return `${JSON.stringify(String(text))} is not a status code (100-599), a range such as "200-299" or a class such as "2xx"`;
}

/** A compiled status list: ranges to test and the label used in messages. */
export interface StatusMatcher {
  ranges: readonly StatusRange[];
  /** How the list reads in a message, e.g. `200-299, 404`. */
  label: string;
}

/** Compiles validated items into a matcher. Invalid items are skipped (the schema rejects them first). */
export function compileStatusList(items: readonly StatusItem[]): StatusMatcher {
  const ranges: StatusRange[] = [];
  const labels: string[] = [];
  for (const item of items) {
    const parsed = parseStatusItem(item);
    if (typeof parsed === 'string') continue;
    ranges.push(parsed);
    labels.push(parsed[0] === parsed[1] ? String(parsed[0]) : `${parsed[0]}-${parsed[1]}`);
  }
  return { ranges, label: labels.join(', ') };
}

/** True when the status is in one of the ranges. */
export function statusMatches(matcher: StatusMatcher, status: number): boolean {
  for (const [low, high] of matcher.ranges) {
    if (status >= low && status <= high) return true;
  }
  return false;
}
