import { describe, expect, it } from 'vitest';
import { dayEnd, dayStarts, monitorDayFigures, overallUptime, serviceDayFigures, startOfDay, toUptimeDay, type CountBucket } from './uptime-days.js';

const H = 3_600_000;
const PARIS = 'Europe/Paris';

function bucket(at: number, counts: Partial<CountBucket>): CountBucket {
  return { at, ms: H, count: 0, up: 0, degraded: 0, down: 0, unknown: 0, ...counts };
}

describe('days in the page time zone', () => {
  it('starts days at local midnight, oldest first, the last being today', () => {
    const now = Date.parse('2026-06-15T10:00:00Z'); // 12:00 in Paris (CEST)
    const starts = dayStarts(now, PARIS, 3);
    expect(starts.map((s) => new Date(s).toISOString())).toEqual(['2026-06-12T22:00:00.000Z', '2026-06-13T22:00:00.000Z', '2026-06-14T22:00:00.000Z']);
    expect(startOfDay(now, PARIS)).toBe(starts[2]);
    expect(new Date(dayEnd(starts, 2, PARIS)).toISOString()).toBe('2026-06-15T22:00:00.000Z');
  });

  it('has a 23-hour day when clocks go forward', () => {
    const now = Date.parse('2026-03-29T12:00:00Z');
    const starts = dayStarts(now, PARIS, 2);
    expect(dayEnd(starts, 1, PARIS) - starts[1]!).toBe(23 * H);
    expect(starts[1]! - starts[0]!).toBe(24 * H);
  });

  it('uses the date of the zone, not of UTC (Nouméa is a day ahead in the evening UTC)', () => {
    const now = Date.parse('2026-06-15T20:00:00Z'); // 07:00 on the 16th in Nouméa (UTC+11)
    expect(new Date(dayStarts(now, 'Pacific/Noumea', 1)[0]!).toISOString()).toBe('2026-06-15T13:00:00.000Z');
  });
});

describe('serviceDayFigures', () => {
  const starts = [0, 24 * H, 48 * H];

  it('gives each day its share of available time, null before the first known state', () => {
    const changes = [
      { at: 30 * H, toState: 'operational' },
      { at: 54 * H, toState: 'major_outage' },
      { at: 60 * H, toState: 'operational' },
    ];
    const days = serviceDayFigures(changes, starts, [0, 1, 2], 72 * H, 'UTC').map(toUptimeDay);
    expect(days[0]).toEqual({ day: 0, ratio: null, partialMinutes: 0, majorMinutes: 0 });
    expect(days[1]!.ratio).toBe(1);
    expect(days[2]).toEqual({ day: 48 * H, ratio: 0.75, partialMinutes: 0, majorMinutes: 360 });
  });

  it('counts today only up to now, leaves maintenance out, and weighs the overall by observed time', () => {
    const changes = [
      { at: -H, toState: 'operational' },
      { at: 30 * H, toState: 'under_maintenance' },
      { at: 36 * H, toState: 'partial_outage' },
      { at: 42 * H, toState: 'operational' },
    ];
    const figures = serviceDayFigures(changes, starts, [0, 1, 2], 54 * H, 'UTC');
    expect(figures[1]).toMatchObject({ observed: 18 * H, good: 12 * H, partialMinutes: 360 });
    expect(figures[2]).toMatchObject({ observed: 6 * H, good: 6 * H });
    expect(overallUptime(figures)).toBeCloseTo((24 + 12 + 6) / (24 + 18 + 6));
  });
});

describe('monitorDayFigures', () => {
  it('counts up and degraded results as good, leaves unknown ones out, and turns down results into minutes', () => {
    const buckets = [
      bucket(1 * H, { count: 60, up: 60 }),
      bucket(2 * H, { count: 60, up: 20, degraded: 10, down: 30 }),
      bucket(3 * H, { count: 10, unknown: 10 }),
      bucket(25 * H, { count: 60, up: 60 }),
    ];
    const figures = monitorDayFigures(buckets, [0, 24 * H], [0, 1], 'UTC');
    expect(figures[0]).toEqual({ day: 0, good: 90, observed: 120, partialMinutes: 0, majorMinutes: 30 });
    expect(toUptimeDay(figures[0]!).ratio).toBe(0.75);
    expect(figures[1]).toMatchObject({ good: 60, observed: 60 });
  });

  it('has no ratio for a day with no results', () => {
    expect(toUptimeDay(monitorDayFigures([], [0], [0], 'UTC')[0]!).ratio).toBeNull();
    expect(overallUptime(monitorDayFigures([], [0], [0], 'UTC'))).toBeNull();
  });
});
