/**
 * @module The RFC 5545 RRULE subset of maintenance windows: FREQ=DAILY|WEEKLY|MONTHLY, INTERVAL,
 * BYDAY (with ordinals for MONTHLY: `1SU`, `-1FR`), BYMONTHDAY, BYHOUR, BYMINUTE, COUNT, UNTIL.
 *
 * Occurrences are built on local wall-clock times from DTSTART (weeks start on Monday) and only
 * then turned into instants in the window's zone, so "every Sunday at 02:30" stays at 02:30 local
 * across DST changes (and at 03:30 on the day 02:30 does not exist).
 */
import type { LocalDateTime, RecurrenceRule } from './maintenance.types.js';
import { civilDay, daysInMonth, floating, fromCivilDay, toInstant, utc, weekdayOf } from './zoned-time.js';

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;
const KNOWN = new Set(['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'BYHOUR', 'BYMINUTE', 'COUNT', 'UNTIL', 'WKST']);
/** Periods looked at per query at most, so that a rule that rarely matches cannot loop for long. */
const MAX_PERIODS = 20_000;

/** A parsed rule, or the reason it cannot be used. */
export type RuleParse = { ok: true; rule: RecurrenceRule } | { ok: false; message: string };

function intList(text: string, min: number, max: number, name: string, allowNegative = false): number[] | string {
  const values = text.split(',').map((v) => Number(v.trim()));
  const bad = values.find((v) => !Number.isInteger(v) || (allowNegative ? v === 0 || Math.abs(v) > max : v < min || v > max));
  if (bad !== undefined) return `${name} must list ${allowNegative ? `days 1 to ${max} or -${max} to -1` : `values ${min} to ${max}`}`;
  return [...new Set(values)].sort((a, b) => a - b);
}

function parseByDay(text: string): RecurrenceRule['byDay'] | string {
  const out: NonNullable<RecurrenceRule['byDay']> = [];
  for (const item of text.split(',')) {
    const m = /^([+-]?\d{1,2})?(SU|MO|TU|WE|TH|FR|SA)$/i.exec(item.trim());
    if (!m) return `BYDAY must list days such as MO,TU or 1SU,-1FR; got "${item}"`;
    const ordinal = m[1] === undefined ? undefined : Number(m[1]);
    if (ordinal !== undefined && (ordinal === 0 || Math.abs(ordinal) > 5)) return `BYDAY ordinals go from -5 to 5 (not 0); got "${item}"`;
    out.push({ weekday: WEEKDAYS.indexOf(m[2]!.toUpperCase() as (typeof WEEKDAYS)[number]), ...(ordinal === undefined ? {} : { ordinal }) });
  }
  return out;
}

function parseUntil(text: string): number | string {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$/i.exec(text.trim());
  if (!m) return 'UNTIL must be a date such as 20261231 or 20261231T235959Z';
  return utc(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 23), +(m[5] ?? 59), +(m[6] ?? 59));
}

/** Parses `FREQ=WEEKLY;BYDAY=SU;BYHOUR=2` (an `RRULE:` prefix is allowed). */
export function parseRRule(text: string): RuleParse {
  const fields = new Map<string, string>();
  for (const part of text.trim().replace(/^RRULE:/i, '').split(';').filter(Boolean)) {
    const [key, value, ...rest] = part.split('=');
    const name = key!.trim().toUpperCase();
    if (value === undefined || rest.length > 0) return { ok: false, message: `"${part}" is not NAME=VALUE` };
    if (!KNOWN.has(name)) return { ok: false, message: `${name} is not supported; use FREQ, INTERVAL, BYDAY, BYMONTHDAY, BYHOUR, BYMINUTE, COUNT or UNTIL` };
    if (fields.has(name)) return { ok: false, message: `${name} is given twice` };
    fields.set(name, value.trim());
  }
  const freq = fields.get('FREQ')?.toUpperCase();
  if (freq !== 'DAILY' && freq !== 'WEEKLY' && freq !== 'MONTHLY') return { ok: false, message: 'FREQ must be DAILY, WEEKLY or MONTHLY' };
  const rule: RecurrenceRule = { freq, interval: 1 };
  const steps: [string, (v: string) => string | undefined][] = [
    ['INTERVAL', (v) => (/^\d+$/.test(v) && +v >= 1 && +v <= 1000 ? void (rule.interval = +v) : 'INTERVAL must be a whole number from 1 to 1000')],
    ['COUNT', (v) => (/^\d+$/.test(v) && +v >= 1 && +v <= 10_000 ? void (rule.count = +v) : 'COUNT must be a whole number from 1 to 10000')],
    ['BYDAY', (v) => { const r = parseByDay(v); return typeof r === 'string' ? r : void (rule.byDay = r); }],
    ['BYMONTHDAY', (v) => { const r = intList(v, 1, 31, 'BYMONTHDAY', true); return typeof r === 'string' ? r : void (rule.byMonthDay = r); }],
    ['BYHOUR', (v) => { const r = intList(v, 0, 23, 'BYHOUR'); return typeof r === 'string' ? r : void (rule.byHour = r); }],
    ['BYMINUTE', (v) => { const r = intList(v, 0, 59, 'BYMINUTE'); return typeof r === 'string' ? r : void (rule.byMinute = r); }],
    ['UNTIL', (v) => { const r = parseUntil(v); return typeof r === 'string' ? r : void (rule.until = r); }],
  ];
  for (const [name, apply] of steps) {
    const value = fields.get(name);
    const message = value === undefined ? undefined : apply(value);
    if (message) return { ok: false, message };
  }
  if (rule.count !== undefined && rule.until !== undefined) return { ok: false, message: 'COUNT and UNTIL cannot be used together' };
  if (rule.freq !== 'MONTHLY' && rule.byDay?.some((d) => d.ordinal !== undefined)) return { ok: false, message: 'BYDAY ordinals (1SU, -1FR) need FREQ=MONTHLY' };
  return { ok: true, rule };
}

/** The days (civil day numbers) of one period that the rule selects, sorted. */
function daysOfPeriod(rule: RecurrenceRule, start: LocalDateTime, period: number): number[] {
  const first = civilDay(start.year, start.month, start.day);
  let days: number[];
  if (rule.freq === 'DAILY') days = [first + period * rule.interval];
  else if (rule.freq === 'WEEKLY') {
    const monday = first - ((weekdayOf(first) + 6) % 7) + period * rule.interval * 7;
    const wanted = rule.byDay?.map((d) => d.weekday) ?? [weekdayOf(first)];
    days = Array.from({ length: 7 }, (_, i) => monday + i).filter((d) => wanted.includes(weekdayOf(d)));
  } else days = monthDays(rule, start, period);
  if (rule.freq !== 'MONTHLY') days = days.filter((d) => matchesDayFilters(rule, d));
  return days;
}

function matchesDayFilters(rule: RecurrenceRule, day: number): boolean {
  if (rule.byDay && !rule.byDay.some((d) => d.weekday === weekdayOf(day))) return false;
  if (rule.byMonthDay) {
    const { year, month, day: dom } = fromCivilDay(day);
    const length = daysInMonth(year, month);
    if (!rule.byMonthDay.some((n) => (n > 0 ? n : length + 1 + n) === dom)) return false;
  }
  return true;
}

function monthDays(rule: RecurrenceRule, start: LocalDateTime, period: number): number[] {
  const index = start.year * 12 + (start.month - 1) + period * rule.interval;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const length = daysInMonth(year, month);
  const firstDay = civilDay(year, month, 1);
  const all = Array.from({ length }, (_, i) => firstDay + i);
  const byMonthDay = rule.byMonthDay ?? (rule.byDay ? undefined : [start.day]);
  return all.filter((day) => {
    const dom = day - firstDay + 1;
    if (byMonthDay && !byMonthDay.some((n) => (n > 0 ? n : length + 1 + n) === dom)) return false;
    if (!rule.byDay) return true;
    const nth = Math.floor((dom - 1) / 7) + 1;
    const nthFromEnd = -(Math.floor((length - dom) / 7) + 1);
    return rule.byDay.some((d) => d.weekday === weekdayOf(day) && (d.ordinal === undefined || d.ordinal === nth || d.ordinal === nthFromEnd));
  });
}

/** The local start times of one period, sorted. */
function localTimesOfPeriod(rule: RecurrenceRule, start: LocalDateTime, period: number): LocalDateTime[] {
  const hours = rule.byHour ?? [start.hour];
  const minutes = rule.byMinute ?? [start.minute];
  return daysOfPeriod(rule, start, period).flatMap((day) => {
    const date = fromCivilDay(day);
    return hours.flatMap((hour) => minutes.map((minute) => ({ ...date, hour, minute, second: start.second })));
  });
}

/** The first period that can hold an occurrence at or after local floating time `wall`. */
function firstUsefulPeriod(rule: RecurrenceRule, start: LocalDateTime, wall: number): number {
  const elapsedDays = Math.floor((wall - floating(start)) / DAY_MS);
  const longestPeriod = rule.freq === 'DAILY' ? 1 : rule.freq === 'WEEKLY' ? 7 : 31;
  return Math.max(0, Math.floor(elapsedDays / (longestPeriod * rule.interval)) - 2);
}

const DAY_MS = 86_400_000;

/** How far a zone's offset can move a local time from the instant (UTC-12 to UTC+14, and old local mean times). */
const MAX_OFFSET_MS = 16 * 3_600_000;

/**
 * Occurrence starts (epoch ms) of `rule` from `start` in `timeZone`, in order, beginning with the
 * first one at or after `fromMs` (`fromMs` is a lower bound only: pass it earlier to include
 * occurrences that are still running). Stops after `limit` starts, at COUNT or UNTIL.
 *
 * Without COUNT, the first periods looked at are those just before `fromMs`, however old the
 * start. COUNT counts the local times the rule gives from the start (two that meet in a DST gap
 * count twice but give one instant), so the periods before `fromMs` are counted on local times,
 * without converting them to instants. Either way at most {@link MAX_PERIODS} periods are looked at.
 */
export function ruleStarts(rule: RecurrenceRule, start: LocalDateTime, timeZone: string, fromMs: number, limit: number): number[] {
  const out: number[] = [];
  const startMs = toInstant(start, timeZone);
  const startWall = floating(start);
  const startDay = civilDay(start.year, start.month, start.day);
  const perDay = (rule.byHour?.length ?? 1) * (rule.byMinute?.length ?? 1);
  let produced = 0;
  const firstPeriod = rule.count === undefined ? firstUsefulPeriod(rule, start, fromMs - MAX_OFFSET_MS) : 0; // COUNT counts from the start
  for (let period = firstPeriod; period < firstPeriod + MAX_PERIODS; period++) {
    if (rule.count !== undefined) {
      if (produced >= rule.count) return out;
      // A period after the start day and over before the query is only counted: days times local times a day.
      const days = daysOfPeriod(rule, start, period);
      if (days.length === 0) continue;
      if (days[0]! > startDay && (days.at(-1)! + 1) * DAY_MS + MAX_OFFSET_MS < fromMs) {
        produced += days.length * perDay;
        continue;
      }
    }
    let locals = localTimesOfPeriod(rule, start, period).filter((local) => floating(local) >= startWall);
    if (rule.count !== undefined) {
      locals = locals.slice(0, rule.count - produced);
      produced += locals.length;
    }
    const last = locals.at(-1);
    if (last === undefined) continue;
    if (rule.until !== undefined && floating(locals[0]!) - MAX_OFFSET_MS > rule.until) return out;
    if (floating(last) + MAX_OFFSET_MS < fromMs) continue; // the whole period is over before the query
    const instants = [...new Set(locals.map((local) => toInstant(local, timeZone)))].filter((at) => at >= startMs).sort((a, b) => a - b);
    for (const at of instants) {
      if (rule.until !== undefined && at > rule.until) return out;
      if (at >= fromMs) out.push(at);
      if (out.length >= limit) return out;
    }
  }
  return out;
}
