/**
 * @module Wall-clock times in an IANA time zone, converted with `Intl.DateTimeFormat` (no
 * dependency). Calendar arithmetic is done on "civil days" (days since 1970-01-01).
 *
 * Dates follow the proleptic Gregorian calendar for every year from 0 (1 BC) to 9999: `Date.UTC`
 * reads years 0-99 as 1900-1999, so those are computed 400 years later (one Gregorian cycle) and
 * moved back.
 *
 * Local times that do not exist (the spring-forward gap) and that exist twice (the fall-back
 * overlap) follow RFC 5545 §3.3.5: a time in a gap is read with the offset before the gap (02:30
 * in Paris on the spring-forward day is 03:30 CEST), an ambiguous time is its first occurrence.
 */
import type { LocalDateTime } from './maintenance.types.js';

const DAY_MS = 86_400_000;
/** 400 Gregorian years: the calendar repeats exactly (146,097 days). */
const CYCLE_MS = 146_097 * DAY_MS;

/** `Date.UTC` (month 0-11) for every year: years 0-99 are those years, not 1900-1999. */
export function utc(year: number, month0: number, day: number, hour = 0, minute = 0, second = 0): number {
  if (year >= 0 && year < 100) return Date.UTC(year + 400, month0, day, hour, minute, second) - CYCLE_MS;
  return Date.UTC(year, month0, day, hour, minute, second);
}
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA zone this runtime knows (`Europe/Paris`, `UTC`). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time at instant `ms` in `timeZone` (seconds kept, milliseconds dropped). */
export function toLocal(ms: number, timeZone: string): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(ms))) {
    if (part.type === 'era') parts['bc'] = part.value === 'BC' ? 1 : 0;
    else if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  // Years before 1 are written "1 BC", "2 BC"…: year 0 is 1 BC.
  const year = parts['bc'] ? 1 - parts['year']! : parts['year']!;
  return { year, month: parts['month']!, day: parts['day']!, hour: parts['hour']! % 24, minute: parts['minute']!, second: parts['second']! };
}

/** A local time read as if it were UTC: the "floating" number used for comparisons and arithmetic. */
export function floating(t: LocalDateTime): number {
  return utc(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
}

/** The zone's offset from UTC at instant `ms`, in milliseconds (Paris in summer: +7,200,000). */
export function offsetAt(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return floating(toLocal(whole, timeZone)) - whole;
}

/** The instant of local time `t` in `timeZone` (gaps and overlaps as in RFC 5545, see the module). */
export function toInstant(t: LocalDateTime, timeZone: string): number {
  const wall = floating(t);
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const valid = [wall - before, wall - after].filter((u) => offsetAt(u, timeZone) === wall - u);
  if (valid.length > 0) return Math.min(...valid);
  return wall - before; // in a gap: the offset before the gap moves the time forward by the gap
}

/** Civil day number (days since 1970-01-01) of a calendar date. */
export function civilDay(year: number, month: number, day: number): number {
  return Math.floor(utc(year, month - 1, day) / DAY_MS);
}

/** The calendar date of a civil day number. */
export function fromCivilDay(n: number): { year: number; month: number; day: number } {
  const d = new Date(n * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Weekday of a civil day: 0 = Sunday … 6 = Saturday. */
export function weekdayOf(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

/** Days in a month (month 1-12). */
export function daysInMonth(year: number, month: number): number {
  return new Date(utc(year, month, 0)).getUTCDate();
}

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const OFFSET_PATTERN = /(Z|[+-]\d{2}:?\d{2})$/i;

/** Parses `2026-03-29T02:30` (or a date alone: midnight) into a local time; `undefined` when malformed or impossible. */
export function parseLocalDateTime(text: string): LocalDateTime | undefined {
  const m = LOCAL_PATTERN.exec(text.trim());
  if (!m) return undefined;
  const t: LocalDateTime = { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +(m[4] ?? 0), minute: +(m[5] ?? 0), second: +(m[6] ?? 0) };
  if (t.month < 1 || t.month > 12 || t.day < 1 || t.day > daysInMonth(t.year, t.month)) return undefined;
  if (t.hour > 23 || t.minute > 59 || t.second > 59) return undefined;
  return t;
}

/**
 * Parses a date-time written in config: with an offset (`2026-06-01T08:00:00+02:00`, `…Z`) it is
 * that instant; without one it is a local time in `timeZone`. `undefined` when malformed.
 */
export function parseDateTimeIn(text: string, timeZone: string): number | undefined {
  const trimmed = text.trim();
  if (OFFSET_PATTERN.test(trimmed) && /T|\s/.test(trimmed)) {
    const ms = Date.parse(trimmed);
    return Number.isNaN(ms) ? undefined : ms;
  }
  const local = parseLocalDateTime(trimmed);
  return local ? toInstant(local, timeZone) : undefined;
}
