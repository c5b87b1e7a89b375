/**
 * @module Calendar arithmetic in a named IANA time zone for the on-call page: the local date and
 * time of an instant, the instant of a local wall-clock time (through `Intl`, so daylight-saving
 * changes are right), and the days of a week or a month.
 */

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(zone: string): Intl.DateTimeFormat {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formats.set(zone, format);
  }
  return format;
}

/** The local date and time of `ms` in `zone`. */
export function localParts(ms: number, zone: string): LocalParts & { second: number } {
  const out: Record<string, number> = {};
  for (const p of partsFormat(zone).formatToParts(new Date(ms))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return { year: out.year!, month: out.month!, day: out.day!, hour: out.hour! % 24, minute: out.minute!, second: out.second! };
}

function offsetAt(ms: number, zone: string): number {
  const p = localParts(ms, zone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

/** The instant of the local time `t` in `zone` (in a spring-forward gap, the time after it). */
export function instantOf(t: LocalParts, zone: string): number {
  const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
  const first = wall - offsetAt(wall, zone);
  return wall - offsetAt(first, zone);
}

/** `2026-12-03T18:00` (the value of an `<input type="datetime-local">`) → local parts; undefined when malformed. */
export function parseLocalInput(value: string): LocalParts | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  return m ? { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]! } : undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `ms` as the value of an `<input type="datetime-local">` in `zone`. */
export function toLocalInput(ms: number, zone: string): string {
  const p = localParts(ms, zone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** A civil date moved by `days` (calendar arithmetic, zone-free). */
export function addDays(t: { year: number; month: number; day: number }, days: number): { year: number; month: number; day: number } {
  const d = new Date(Date.UTC(t.year, t.month - 1, t.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export type Span = 'week' | 'month';

/** The local days shown for `span` around the date `anchor` (weeks start on Monday), each with its start and end instants in `zone`. */
export function daysOf(span: Span, anchor: { year: number; month: number; day: number }, zone: string): Array<{ date: { year: number; month: number; day: number }; start: number; end: number }> {
  let first: { year: number; month: number; day: number };
  let count: number;
  if (span === 'week') {
    const weekday = new Date(Date.UTC(anchor.year, anchor.month - 1, anchor.day)).getUTCDay();
    first = addDays(anchor, -((weekday + 6) % 7));
    count = 7;
  } else {
    first = { year: anchor.year, month: anchor.month, day: 1 };
    count = new Date(Date.UTC(anchor.year, anchor.month, 0)).getUTCDate();
  }
  return Array.from({ length: count }, (_, i) => {
    const date = addDays(first, i);
    const next = addDays(first, i + 1);
    return { date, start: instantOf({ ...date, hour: 0, minute: 0 }, zone), end: instantOf({ ...next, hour: 0, minute: 0 }, zone) };
  });
}

/** The anchor date moved one `span` back (-1) or forward (+1). */
export function step(span: Span, anchor: { year: number; month: number; day: number }, direction: -1 | 1): { year: number; month: number; day: number } {
  if (span === 'week') return addDays(anchor, 7 * direction);
  const d = new Date(Date.UTC(anchor.year, anchor.month - 1 + direction, 1));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: 1 };
}
