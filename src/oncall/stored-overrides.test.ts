import { describe, expect, it } from 'vitest';
import { whoAt } from './on-call.js';
import type { StoredOverride } from './override.types.js';
import type { ScheduleDefinition } from './schedule.schema.js';
import { withStoredOverrides } from './stored-overrides.js';

const T0 = Date.UTC(2026, 11, 3, 0, 0);
const HOUR = 3_600_000;

const schedule: ScheduleDefinition = {
  id: 'primary', name: 'Primary', timeZone: 'Europe/Paris',
  layers: [{ name: 'daily', members: ['ana', 'ben'], start: { year: 2026, month: 1, day: 5, hour: 9, minute: 0, second: 0 }, shift: { days: 1 } }],
  overrides: [{ person: 'carla', start: T0, end: T0 + 10 * HOUR, note: 'from the file' }],
};

const stored = (id: number, person: string, start: number, end: number, note: string | null = null): StoredOverride =>
  ({ id, scheduleId: 'primary', person, start, end, note, author: 'rita', createdAt: T0 });

describe('withStoredOverrides', () => {
  it('leaves a schedule without API overrides as it is', () => {
    expect(withStoredOverrides(schedule, [])).toBe(schedule);
  });

  it('puts API overrides after the file’s, so they win, and the last created wins where they overlap', () => {
    const merged = withStoredOverrides(schedule, [stored(1, 'dora', T0 + HOUR, T0 + 5 * HOUR, 'night cover'), stored(2, 'ben', T0 + 2 * HOUR, T0 + 3 * HOUR)]);
    expect(schedule.overrides).toHaveLength(1);
    expect(whoAt(merged, T0 + 30 * 60_000)?.person).toBe('carla');
    expect(whoAt(merged, T0 + 90 * 60_000)).toEqual({ person: 'dora', source: { kind: 'override', index: 1, note: 'night cover' } });
    expect(whoAt(merged, T0 + 150 * 60_000)?.person).toBe('ben');
    expect(whoAt(merged, T0 + 4 * HOUR)?.person).toBe('dora');
    expect(whoAt(merged, T0 + 6 * HOUR)?.person).toBe('carla');
    expect(whoAt(merged, T0 + 11 * HOUR)?.source.kind).toBe('layer');
  });
});
