import { describe, expect, it } from 'vitest';
import { daysOf, instantOf, localParts, parseLocalInput, step, toLocalInput } from './oncall-time.js';

describe('on-call calendar time arithmetic', () => {
  it('reads and writes local wall-clock times in a named zone, across daylight-saving changes', () => {
    // Paris: 2026-03-29 02:00 → 03:00 (spring forward); 2026-10-25 03:00 → 02:00 (fall back).
    expect(new Date(instantOf({ year: 2026, month: 3, day: 28, hour: 9, minute: 0 }, 'Europe/Paris')).toISOString()).toBe('2026-03-28T08:00:00.000Z');
    expect(new Date(instantOf({ year: 2026, month: 3, day: 29, hour: 9, minute: 0 }, 'Europe/Paris')).toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(new Date(instantOf({ year: 2026, month: 12, day: 3, hour: 13, minute: 30 }, 'America/New_York')).toISOString()).toBe('2026-12-03T18:30:00.000Z');
    expect(new Date(instantOf({ year: 2026, month: 6, day: 1, hour: 8, minute: 0 }, 'Pacific/Noumea')).toISOString()).toBe('2026-05-31T21:00:00.000Z');
    expect(localParts(Date.UTC(2026, 2, 29, 7, 0), 'Europe/Paris')).toEqual({ year: 2026, month: 3, day: 29, hour: 9, minute: 0, second: 0 });
    expect(toLocalInput(Date.UTC(2026, 11, 3, 18, 30), 'America/New_York')).toBe('2026-12-03T13:30');
    expect(parseLocalInput('2026-12-03T13:30')).toEqual({ year: 2026, month: 12, day: 3, hour: 13, minute: 30 });
    expect(parseLocalInput('tomorrow')).toBeUndefined();
  });

  it('lists the days of a week (from Monday) and of a month as local days, 23 or 25 hours long around a change', () => {
    const week = daysOf('week', { year: 2026, month: 3, day: 29 }, 'Europe/Paris');
    expect(week.map((d) => d.date.day)).toEqual([23, 24, 25, 26, 27, 28, 29]);
    expect((week[6]!.end - week[6]!.start) / 3_600_000).toBe(23);
    const october = daysOf('month', { year: 2026, month: 10, day: 14 }, 'Europe/Paris');
    expect(october).toHaveLength(31);
    expect((october[24]!.end - october[24]!.start) / 3_600_000).toBe(25);
    expect(step('week', { year: 2026, month: 12, day: 31 }, 1)).toEqual({ year: 2027, month: 1, day: 7 });
    expect(step('month', { year: 2026, month: 1, day: 31 }, -1)).toEqual({ year: 2025, month: 12, day: 1 });
  });
});
