/** @module Tests of 5-field cron expressions: parsing and occurrences in time zones. */
import { describe, expect, it } from 'vitest';
import { cronStarts, parseCron } from './cron.js';

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function starts(expression: string, zone: string, from: string, limit: number): string[] {
  const parsed = parseCron(expression);
  if (!parsed.ok) throw new Error(parsed.message);
  return cronStarts(parsed.cron, zone, Date.parse(from), limit).map(iso);
}

describe('parseCron', () => {
  it('reads lists, ranges, steps and names; 7 is Sunday', () => {
    const parsed = parseCron('*/20 1-5/2 1,15 JAN-MAR sun,7');
    expect(parsed).toEqual({
      ok: true,
      cron: { minutes: [0, 20, 40], hours: [1, 3, 5], daysOfMonth: [1, 15], months: [1, 2, 3], daysOfWeek: [0], domRestricted: true, dowRestricted: true },
    });
  });

  it.each([
    ['* * * *', 'a cron expression has 5 fields (minute hour day-of-month month day-of-week); got 4'],
    ['60 * * * *', 'minute: "60" is outside 0-59'],
    ['* 5-1 * * *', 'hour: "5-1" is outside 0-23'],
    ['* * 0 * *', 'day of month: "0" is outside 1-31'],
    ['* * * FOO *', 'month: "FOO" is outside 1-12'],
    ['*/0 * * * *', 'minute: the step must be at least 1'],
    ['1,,2 * * * *', 'minute: "" is not a value, range or step'],
  ])('refuses %s', (text, message) => {
    expect(parseCron(text)).toEqual({ ok: false, message });
  });
});

describe('cronStarts', () => {
  it('Sunday 02:30 in Paris: moved to 03:30 on the spring-forward day, once on the fall-back day', () => {
    expect(starts('30 2 * * SUN', 'Europe/Paris', '2026-03-22T00:00:00Z', 2)).toEqual(['2026-03-22T01:30:00Z', '2026-03-29T01:30:00Z']);
    expect(starts('30 2 * * *', 'Europe/Paris', '2026-10-24T12:00:00Z', 2)).toEqual(['2026-10-25T00:30:00Z', '2026-10-26T01:30:00Z']);
  });

  it('02:00 and 02:30 in the gap meet 03:00 and 03:30: each instant comes once, in order', () => {
    expect(starts('0,30 2,3 29 3 *', 'Europe/Zurich', '2026-03-29T00:00:00Z', 2)).toEqual(['2026-03-29T01:00:00Z', '2026-03-29T01:30:00Z']);
  });

  it('22:00 every day in Noumea', () => {
    expect(starts('0 22 * * *', 'Pacific/Noumea', '2026-03-28T12:00:00Z', 2)).toEqual(['2026-03-29T11:00:00Z', '2026-03-30T11:00:00Z']);
  });

  it('ORs day of month and day of week when both are restricted', () => {
    expect(starts('0 12 1 * MON', 'UTC', '2026-01-01T00:00:00Z', 3)).toEqual(['2026-01-01T12:00:00Z', '2026-01-05T12:00:00Z', '2026-01-12T12:00:00Z']);
  });

  it('starts at the query time, not before', () => {
    expect(starts('0 * * * *', 'UTC', '2026-01-01T10:00:00Z', 2)).toEqual(['2026-01-01T10:00:00Z', '2026-01-01T11:00:00Z']);
    expect(starts('0 * * * *', 'UTC', '2026-01-01T10:00:01Z', 1)).toEqual(['2026-01-01T11:00:00Z']);
  });

  it('finds nothing for a date that never comes (30 February), within its bound', () => {
    expect(starts('0 0 30 2 *', 'UTC', '2026-01-01T00:00:00Z', 1)).toEqual([]);
  });
});
