/** @module Tests of the RRULE subset: parsing, and occurrences across DST in three zones. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseRRule, ruleStarts } from './rrule.js';
import { parseLocalDateTime } from './zoned-time.js';

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function starts(rrule: string, start: string, zone: string, from: string, limit: number): string[] {
  const parsed = parseRRule(rrule);
  if (!parsed.ok) throw new Error(parsed.message);
  return ruleStarts(parsed.rule, parseLocalDateTime(start)!, zone, Date.parse(from), limit).map(iso);
}

describe('parseRRule', () => {
  it('reads every supported part', () => {
    expect(parseRRule('RRULE:FREQ=MONTHLY;INTERVAL=2;BYDAY=1TU,-1FR;BYMONTHDAY=1,-1;BYHOUR=22,2;BYMINUTE=0,30;COUNT=5')).toEqual({
      ok: true,
      rule: {
        freq: 'MONTHLY',
        interval: 2,
        byDay: [{ weekday: 2, ordinal: 1 }, { weekday: 5, ordinal: -1 }],
        byMonthDay: [-1, 1],
        byHour: [2, 22],
        byMinute: [0, 30],
        count: 5,
      },
    });
    expect(parseRRule('FREQ=DAILY;UNTIL=20261231T235959Z')).toEqual({ ok: true, rule: { freq: 'DAILY', interval: 1, until: Date.parse('2026-12-31T23:59:59Z') } });
  });

  it.each([
    ['FREQ=YEARLY', 'FREQ must be DAILY, WEEKLY or MONTHLY'],
    ['BYDAY=MO', 'FREQ must be DAILY, WEEKLY or MONTHLY'],
    ['FREQ=WEEKLY;BYSETPOS=1', 'BYSETPOS is not supported; use FREQ, INTERVAL, BYDAY, BYMONTHDAY, BYHOUR, BYMINUTE, COUNT or UNTIL'],
    ['FREQ=WEEKLY;BYDAY=XX', 'BYDAY must list days such as MO,TU or 1SU,-1FR; got "XX"'],
    ['FREQ=WEEKLY;BYDAY=1SU', 'BYDAY ordinals (1SU, -1FR) need FREQ=MONTHLY'],
    ['FREQ=DAILY;BYHOUR=24', 'BYHOUR must list values 0 to 23'],
    ['FREQ=MONTHLY;BYMONTHDAY=0', 'BYMONTHDAY must list days 1 to 31 or -31 to -1'],
    ['FREQ=DAILY;INTERVAL=0', 'INTERVAL must be a whole number from 1 to 1000'],
    ['FREQ=DAILY;COUNT=3;UNTIL=20260101', 'COUNT and UNTIL cannot be used together'],
    ['FREQ=DAILY;FREQ=WEEKLY', 'FREQ is given twice'],
    ['FREQ=DAILY;UNTIL=tomorrow', 'UNTIL must be a date such as 20261231 or 20261231T235959Z'],
  ])('refuses %s', (text, message) => {
    expect(parseRRule(text)).toEqual({ ok: false, message });
  });
});

describe('ruleStarts across DST', () => {
  it('weekly Sunday 02:30 in Paris: 03:30 CEST on the spring-forward day, the first 02:30 on the fall-back day', () => {
    expect(starts('FREQ=WEEKLY;BYDAY=SU', '2026-03-22T02:30', 'Europe/Paris', '2026-03-01T00:00:00Z', 3)).toEqual([
      '2026-03-22T01:30:00Z', // 02:30 CET
      '2026-03-29T01:30:00Z', // 02:30 does not exist: 03:30 CEST
      '2026-04-05T00:30:00Z', // 02:30 CEST
    ]);
    expect(starts('FREQ=WEEKLY;BYDAY=SU', '2026-03-22T02:30', 'Europe/Paris', '2026-10-17T00:00:00Z', 3)).toEqual([
      '2026-10-18T00:30:00Z', // 02:30 CEST
      '2026-10-25T00:30:00Z', // 02:30 happens twice: the first, CEST
      '2026-11-01T01:30:00Z', // 02:30 CET
    ]);
  });

  it('daily 22:00 in Zurich keeps 22:00 local on both sides of the change', () => {
    expect(starts('FREQ=DAILY', '2026-03-27T22:00', 'Europe/Zurich', '2026-03-27T00:00:00Z', 3)).toEqual([
      '2026-03-27T21:00:00Z',
      '2026-03-28T21:00:00Z',
      '2026-03-29T20:00:00Z',
    ]);
  });

  it('first Tuesday of the month at 22:00 in Noumea (+11:00, no DST)', () => {
    expect(starts('FREQ=MONTHLY;BYDAY=1TU', '2026-01-06T22:00', 'Pacific/Noumea', '2026-01-01T00:00:00Z', 3)).toEqual([
      '2026-01-06T11:00:00Z',
      '2026-02-03T11:00:00Z',
      '2026-03-03T11:00:00Z',
    ]);
  });
});

describe('ruleStarts rule parts', () => {
  it.each([
    ['every other week, Tuesday and Thursday', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH', '2026-01-06T06:00', '2026-01-01T00:00:00Z', 4, ['2026-01-06T06:00:00Z', '2026-01-08T06:00:00Z', '2026-01-20T06:00:00Z', '2026-01-22T06:00:00Z']],
    ['the 31st skips shorter months', 'FREQ=MONTHLY;BYMONTHDAY=31', '2026-01-31T01:00', '2026-01-01T00:00:00Z', 3, ['2026-01-31T01:00:00Z', '2026-03-31T01:00:00Z', '2026-05-31T01:00:00Z']],
    ['the last day of each month', 'FREQ=MONTHLY;BYMONTHDAY=-1', '2026-01-31T23:00', '2026-01-01T00:00:00Z', 3, ['2026-01-31T23:00:00Z', '2026-02-28T23:00:00Z', '2026-03-31T23:00:00Z']],
    ['the last Friday of each month', 'FREQ=MONTHLY;BYDAY=-1FR', '2026-01-30T20:00', '2026-01-01T00:00:00Z', 3, ['2026-01-30T20:00:00Z', '2026-02-27T20:00:00Z', '2026-03-27T20:00:00Z']],
    ['several hours and minutes a day', 'FREQ=DAILY;BYHOUR=6,18;BYMINUTE=0,30', '2026-01-01T00:00', '2026-01-01T00:00:00Z', 5, ['2026-01-01T06:00:00Z', '2026-01-01T06:30:00Z', '2026-01-01T18:00:00Z', '2026-01-01T18:30:00Z', '2026-01-02T06:00:00Z']],
    ['weekdays only with DAILY and BYDAY', 'FREQ=DAILY;BYDAY=MO,FR', '2026-01-01T12:00', '2026-01-01T00:00:00Z', 3, ['2026-01-02T12:00:00Z', '2026-01-05T12:00:00Z', '2026-01-09T12:00:00Z']],
    ['COUNT stops the series', 'FREQ=DAILY;COUNT=2', '2026-01-01T12:00', '2026-01-01T00:00:00Z', 5, ['2026-01-01T12:00:00Z', '2026-01-02T12:00:00Z']],
    ['COUNT counts from the start, not from the query', 'FREQ=DAILY;COUNT=3', '2026-01-01T12:00', '2026-01-02T13:00:00Z', 5, ['2026-01-03T12:00:00Z']],
    ['UNTIL is inclusive', 'FREQ=DAILY;UNTIL=20260103T120000Z', '2026-01-01T12:00', '2026-01-01T00:00:00Z', 5, ['2026-01-01T12:00:00Z', '2026-01-02T12:00:00Z', '2026-01-03T12:00:00Z']],
    ['nothing before the start', 'FREQ=DAILY', '2026-06-01T12:00', '2026-01-01T00:00:00Z', 1, ['2026-06-01T12:00:00Z']],
  ])('%s', (_name, rule, start, from, limit, expected) => {
    expect(starts(rule, start, 'UTC', from, limit)).toEqual(expected);
  });

  it('jumps to a query decades after the start (a spring-forward day in Paris)', () => {
    expect(starts('FREQ=DAILY;BYHOUR=3', '2000-01-01T03:00', 'Europe/Paris', '2040-03-25T00:00:00Z', 2)).toEqual(['2040-03-25T01:00:00Z', '2040-03-26T01:00:00Z']);
  });
});

describe('ruleStarts on a window that starts in year 1', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('jumps to the query: the next first-of-the-month from 0001-01-01 is found, not lost', () => {
    expect(starts('FREQ=MONTHLY', '0001-01-01T00:00', 'UTC', '2026-12-03T08:00:00Z', 2)).toEqual(['2027-01-01T00:00:00Z', '2027-02-01T00:00:00Z']);
    expect(starts('FREQ=MONTHLY;BYMONTHDAY=31', '0001-01-31T02:00', 'Europe/Paris', '2026-12-03T08:00:00Z', 1)).toEqual(['2026-12-31T01:00:00Z']);
    expect(starts('FREQ=WEEKLY;BYDAY=SU;UNTIL=00011231', '0001-01-01T00:00', 'UTC', '2026-12-03T08:00:00Z', 1)).toEqual([]);
  });

  it('counts the occurrences of COUNT before the query without converting each one to an instant', () => {
    // Converting a local time to an instant formats dates in the zone: count those calls, not time.
    const formats = vi.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    expect(starts('FREQ=DAILY;COUNT=10000', '0001-01-01T00:00', 'Europe/Paris', '2026-12-03T08:00:00Z', 1)).toEqual([]);
    expect(starts('FREQ=DAILY;COUNT=10000', '2000-01-01T12:00', 'UTC', '2027-05-18T00:00:00Z', 3)).toEqual(['2027-05-18T12:00:00Z']);
    expect(formats.mock.calls.length).toBeLessThan(100);
  });

  it('gives the same end of a COUNT series whether the periods before the query are counted or converted', () => {
    const rule = 'FREQ=WEEKLY;BYDAY=MO,WE;BYHOUR=6,18;COUNT=1000';
    const all = starts(rule, '2000-01-05T18:00', 'Europe/Paris', '2000-01-01T00:00:00Z', 1000);
    expect(all).toHaveLength(1000);
    const late = starts(rule, '2000-01-05T18:00', 'Europe/Paris', all[990]!, 1000);
    expect(late).toEqual(all.slice(990));
  });
});

