/** @module Tests of wall-clock conversion in IANA zones, across DST gaps and overlaps. */
import { describe, expect, it } from 'vitest';
import { civilDay, isValidTimeZone, offsetAt, parseDateTimeIn, parseLocalDateTime, toInstant, toLocal, weekdayOf } from './zoned-time.js';

const at = (iso: string) => Date.parse(iso);
const local = (text: string) => parseLocalDateTime(text)!;

describe('toInstant', () => {
  it.each([
    // zone, local time, instant: ordinary times in winter and summer
    ['Europe/Paris', '2026-01-15T10:00', '2026-01-15T09:00:00Z'],
    ['Europe/Paris', '2026-07-15T10:00', '2026-07-15T08:00:00Z'],
    ['Europe/Zurich', '2026-01-15T10:00', '2026-01-15T09:00:00Z'],
    ['Europe/Zurich', '2026-07-15T10:00', '2026-07-15T08:00:00Z'],
    ['Pacific/Noumea', '2026-01-15T10:00', '2026-01-14T23:00:00Z'],
    ['Pacific/Noumea', '2026-07-15T10:00', '2026-07-14T23:00:00Z'],
    ['UTC', '2026-07-15T10:00', '2026-07-15T10:00:00Z'],
    // spring forward (29 March 2026, 02:00 → 03:00): a time in the gap moves forward by the gap
    ['Europe/Paris', '2026-03-29T01:59', '2026-03-29T00:59:00Z'],
    ['Europe/Paris', '2026-03-29T02:30', '2026-03-29T01:30:00Z'],
    ['Europe/Paris', '2026-03-29T03:00', '2026-03-29T01:00:00Z'],
    ['Europe/Zurich', '2026-03-29T02:00', '2026-03-29T01:00:00Z'],
    // fall back (25 October 2026, 03:00 → 02:00): an ambiguous time is its first occurrence
    ['Europe/Paris', '2026-10-25T02:30', '2026-10-25T00:30:00Z'],
    ['Europe/Paris', '2026-10-25T03:00', '2026-10-25T02:00:00Z'],
    ['Europe/Zurich', '2026-10-25T02:00', '2026-10-25T00:00:00Z'],
  ])('%s %s is %s', (zone, text, iso) => {
    expect(new Date(toInstant(local(text), zone)).toISOString()).toBe(new Date(at(iso)).toISOString());
  });
});

describe('toLocal and offsetAt', () => {
  it('reads both sides of the Paris fall-back hour as 02:xx with different offsets', () => {
    expect(toLocal(at('2026-10-25T00:30:00Z'), 'Europe/Paris')).toMatchObject({ hour: 2, minute: 30 });
    expect(toLocal(at('2026-10-25T01:30:00Z'), 'Europe/Paris')).toMatchObject({ hour: 2, minute: 30 });
    expect(offsetAt(at('2026-10-25T00:30:00Z'), 'Europe/Paris')).toBe(7_200_000);
    expect(offsetAt(at('2026-10-25T01:30:00Z'), 'Europe/Paris')).toBe(3_600_000);
  });

  it('gives Noumea +11:00 all year and midnight as hour 0', () => {
    expect(offsetAt(at('2026-03-29T12:00:00Z'), 'Pacific/Noumea')).toBe(11 * 3_600_000);
    expect(toLocal(at('2026-06-30T13:00:00Z'), 'Pacific/Noumea')).toEqual({ year: 2026, month: 7, day: 1, hour: 0, minute: 0, second: 0 });
  });
});

describe('parsing', () => {
  it.each(['2026-02-30T10:00', '2026-13-01', '2026-01-01T24:00', 'tomorrow', '2026-1-1'])('refuses %s', (text) => {
    expect(parseLocalDateTime(text)).toBeUndefined();
  });

  it('reads a date alone as midnight, and a time with an offset as that instant', () => {
    expect(parseLocalDateTime('2026-03-29')).toEqual({ year: 2026, month: 3, day: 29, hour: 0, minute: 0, second: 0 });
    expect(parseDateTimeIn('2026-06-01T08:00:00+02:00', 'Pacific/Noumea')).toBe(at('2026-06-01T06:00:00Z'));
    expect(parseDateTimeIn('2026-06-01T08:00', 'Pacific/Noumea')).toBe(at('2026-05-31T21:00:00Z'));
  });

  it('knows IANA zones', () => {
    expect(isValidTimeZone('Europe/Zurich')).toBe(true);
    expect(isValidTimeZone('Europe/Pariss')).toBe(false);
  });

  it('numbers weekdays from Sunday', () => {
    expect(weekdayOf(civilDay(2026, 3, 29))).toBe(0);
    expect(weekdayOf(civilDay(1970, 1, 1))).toBe(4);
  });
});

describe('years before 100 (Date.UTC reads years 0-99 as 1900-1999)', () => {
  it('counts civil days, local times and instants from year 1 in the proleptic Gregorian calendar', () => {
    expect(civilDay(1, 1, 1)).toBe(-719_162);
    expect(civilDay(99, 12, 31)).toBe(civilDay(100, 1, 1) - 1);
    expect(new Date(toInstant(local('0001-01-01T00:00'), 'UTC')).toISOString()).toBe('0001-01-01T00:00:00.000Z');
    expect(toLocal(Date.parse('0001-03-01T12:00:00Z'), 'UTC')).toEqual({ year: 1, month: 3, day: 1, hour: 12, minute: 0, second: 0 });
    // year 0 (1 BC) is a leap year; 1900 is not
    expect(parseLocalDateTime('0000-02-29')).toEqual({ year: 0, month: 2, day: 29, hour: 0, minute: 0, second: 0 });
    expect(toLocal(Date.parse('0000-06-01T00:00:00Z'), 'UTC').year).toBe(0);
    expect(parseDateTimeIn('0001-01-01T00:00', 'UTC')).toBe(Date.parse('0001-01-01T00:00:00Z'));
  });
});

