/**
 * @module 5-field cron expressions (`minute hour day-of-month month day-of-week`) for recurring
 * maintenance windows: `*`, lists, ranges, steps (`*\/15`, `1-5/2`), month and day names
 * (`JAN`, `SUN`), 0 or 7 for Sunday. As in Vixie cron, when both day fields are restricted a day
 * matching either one matches. Times are local to the window's zone; a time in the DST gap is
 * moved forward by the gap (RFC 5545 reading), a time in the overlap happens once, the first time.
 */
import type { CronSchedule } from './maintenance.types.js';
import { civilDay, fromCivilDay, toInstant, toLocal, weekdayOf } from './zoned-time.js';

/** Days looked at per query at most (a little over 8 years). */
const MAX_DAYS = 3000;
const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
  /** Value of the first name (months are 1-based). */
  nameBase?: number;
}

const FIELDS: FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES, nameBase: 1 },
  { name: 'day of week', min: 0, max: 7, names: DAY_NAMES, nameBase: 0 },
];

/** A parsed expression, or the reason it cannot be used. */
export type CronParse = { ok: true; cron: CronSchedule } | { ok: false; message: string };

function value(text: string, spec: FieldSpec): number | undefined {
  const index = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (index >= 0) return index + (spec.nameBase ?? 0);
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= spec.min && n <= spec.max ? n : undefined;
}

function parseField(text: string, spec: FieldSpec): number[] | string {
  const out = new Set<number>();
  for (const item of text.split(',')) {
    const m = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(item);
    if (!m) return `${spec.name}: "${item}" is not a value, range or step`;
    const step = m[2] === undefined ? 1 : Number(m[2]);
    if (step < 1) return `${spec.name}: the step must be at least 1`;
    let from = spec.min;
    let to = spec.max;
    if (m[1] !== '*') {
      const [a, b] = m[1]!.split('-');
      const lo = value(a!, spec);
      const hi = b === undefined ? (m[2] === undefined ? lo : spec.max) : value(b, spec);
      if (lo === undefined || hi === undefined || lo > hi) return `${spec.name}: "${item}" is outside ${spec.min}-${spec.max}`;
      from = lo;
      to = hi;
    }
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

/** Parses a 5-field cron expression such as `30 2 * * SUN`. */
export function parseCron(text: string): CronParse {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 5) return { ok: false, message: `a cron expression has 5 fields (minute hour day-of-month month day-of-week); got ${parts.length}` };
  const fields: number[][] = [];
  for (let i = 0; i < 5; i++) {
    const parsed = parseField(parts[i]!, FIELDS[i]!);
    if (typeof parsed === 'string') return { ok: false, message: parsed };
    fields.push(parsed);
  }
  const daysOfWeek = [...new Set(fields[4]!.map((d) => d % 7))].sort((a, b) => a - b);
  return {
    ok: true,
    cron: {
      minutes: fields[0]!,
      hours: fields[1]!,
      daysOfMonth: fields[2]!,
      months: fields[3]!,
      daysOfWeek,
      domRestricted: !parts[2]!.startsWith('*'),
      dowRestricted: !parts[4]!.startsWith('*'),
    },
  };
}

function dayMatches(cron: CronSchedule, day: number): boolean {
  const { month, day: dom } = fromCivilDay(day);
  if (!cron.months.includes(month)) return false;
  const domOk = cron.daysOfMonth.includes(dom);
  const dowOk = cron.daysOfWeek.includes(weekdayOf(day));
  if (cron.domRestricted && cron.dowRestricted) return domOk || dowOk;
  return domOk && dowOk;
}

/**
 * Occurrence starts (epoch ms) of `cron` in `timeZone`, in order, from the first at or after
 * `fromMs`, at most `limit` of them.
 */
export function cronStarts(cron: CronSchedule, timeZone: string, fromMs: number, limit: number): number[] {
  const out: number[] = [];
  const local = toLocal(fromMs, timeZone);
  const firstDay = civilDay(local.year, local.month, local.day) - 1; // the day before: offsets can move a start across midnight
  for (let day = firstDay; day < firstDay + MAX_DAYS && out.length < limit; day++) {
    if (!dayMatches(cron, day)) continue;
    const date = fromCivilDay(day);
    const instants = cron.hours.flatMap((hour) => cron.minutes.map((minute) => toInstant({ ...date, hour, minute, second: 0 }, timeZone)));
    for (const at of [...new Set(instants)].sort((a, b) => a - b)) {
      if (at < fromMs || (out.length > 0 && at <= out.at(-1)!)) continue;
      out.push(at);
      if (out.length >= limit) break;
    }
  }
  return out;
}
