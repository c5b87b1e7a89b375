/** @module Tests of maintenance window queries and of the `maintenance[]` entry schema. */
import { describe, expect, it } from 'vitest';
import { maintenanceEntrySchema, maintenanceTargetIssues } from './maintenance.schema.js';
import type { MaintenanceWindow } from './maintenance.types.js';
import { activeMaintenanceTargets, isInMaintenance, nextOccurrences } from './maintenance-window.js';

const at = (iso: string) => Date.parse(iso);

function window(entry: Record<string, unknown>): MaintenanceWindow {
  return maintenanceEntrySchema.parse({ id: 'w', services: ['svc'], ...entry });
}

function issues(entry: Record<string, unknown>): [string, string][] {
  const result = maintenanceEntrySchema.safeParse({ id: 'w', services: ['svc'], ...entry });
  if (result.success) return [];
  return result.error.issues.map((i) => [i.path.join('.'), i.message]);
}

const sundayParis = window({ time_zone: 'Europe/Paris', start: '2026-03-22T02:30', rrule: 'FREQ=WEEKLY;BYDAY=SU', duration: '1h' });

describe('isInMaintenance', () => {
  it.each([
    // a weekly Sunday 02:30 Europe/Paris window of 1 h, on the spring-forward day it runs 03:30-04:30 CEST
    ['2026-03-29T01:29:59Z', false],
    ['2026-03-29T01:30:00Z', true],
    ['2026-03-29T02:29:59Z', true],
    ['2026-03-29T02:30:00Z', false],
    // the week after, 02:30-03:30 CEST
    ['2026-04-05T00:30:00Z', true],
    ['2026-04-05T01:30:00Z', false],
    // fall-back day: the first 02:30 (CEST), then an hour later the clock reads 02:30 again but the window is over
    ['2026-10-25T00:30:00Z', true],
    ['2026-10-25T01:30:00Z', false],
    // before the first occurrence
    ['2026-03-15T01:45:00Z', false],
  ])('weekly Sunday 02:30 Paris at %s: %s', (time, expected) => {
    expect(isInMaintenance(sundayParis, at(time))).toBe(expected);
  });

  it('one-off window: start included, end excluded, local times in its zone', () => {
    const w = window({ time_zone: 'Pacific/Noumea', start: '2026-02-07T06:00', end: '2026-02-07T12:00' });
    expect(w.schedule).toEqual({ kind: 'once', start: at('2026-02-06T19:00:00Z'), end: at('2026-02-07T01:00:00Z') });
    expect([at('2026-02-06T18:59:59Z'), at('2026-02-06T19:00:00Z'), at('2026-02-07T00:59:59Z'), at('2026-02-07T01:00:00Z')].map((t) => isInMaintenance(w, t))).toEqual([false, true, true, false]);
  });

  it('cron window in Zurich bounded by start and until', () => {
    const w = window({ time_zone: 'Europe/Zurich', cron: '0 22 * * *', duration: '2h', start: '2026-03-28T00:00', until: '2026-03-29T23:00' });
    expect(isInMaintenance(w, at('2026-03-27T21:30:00Z'))).toBe(false); // before start
    expect(isInMaintenance(w, at('2026-03-28T22:59:00Z'))).toBe(true); // 22:00 CET + 2 h
    expect(isInMaintenance(w, at('2026-03-29T21:30:00Z'))).toBe(true); // 22:00 CEST = 20:00Z, + 2 h
    expect(isInMaintenance(w, at('2026-03-30T20:30:00Z'))).toBe(false); // after until
  });
});

describe('nextOccurrences', () => {
  it('lists the running occurrence first, then the next ones', () => {
    expect(nextOccurrences(sundayParis, at('2026-03-29T02:00:00Z'), 2)).toEqual([
      { start: at('2026-03-29T01:30:00Z'), end: at('2026-03-29T02:30:00Z') },
      { start: at('2026-04-05T00:30:00Z'), end: at('2026-04-05T01:30:00Z') },
    ]);
  });

  it('gives nothing for a count of 0 or a one-off window that is over', () => {
    expect(nextOccurrences(sundayParis, at('2026-04-01T00:00:00Z'), 0)).toEqual([]);
    const once = window({ start: '2026-01-01T00:00', end: '2026-01-01T01:00' });
    expect(nextOccurrences(once, at('2026-01-01T01:00:00Z'), 3)).toEqual([]);
    expect(nextOccurrences(once, at('2025-12-01T00:00:00Z'), 3)).toHaveLength(1);
  });

  it('finds overlapping occurrences when the duration is longer than the period', () => {
    const w = window({ cron: '0 * * * *', duration: '90m' });
    expect(nextOccurrences(w, at('2026-01-01T10:15:00Z'), 2).map((o) => new Date(o.start).toISOString())).toEqual(['2026-01-01T09:00:00.000Z', '2026-01-01T10:00:00.000Z']);
  });
});

describe('activeMaintenanceTargets', () => {
  it('maps each covered monitor and service to its active windows', () => {
    const a = window({ id: 'a', services: ['auth'], monitors: ['dc1'], start: '2026-01-01T00:00', end: '2026-01-02T00:00' });
    const b = window({ id: 'b', services: ['auth'], start: '2026-01-01T12:00', end: '2026-01-01T13:00' });
    const c = window({ id: 'c', monitors: ['dc2'], services: [], start: '2026-02-01T00:00', end: '2026-02-02T00:00' });
    expect(activeMaintenanceTargets([a, b, c], at('2026-01-01T12:30:00Z'))).toEqual(new Map([['auth', ['a', 'b']], ['dc1', ['a']]]));
  });
});

describe('maintenanceEntrySchema errors', () => {
  it.each([
    ['no schedule', { start: '2026-01-01T00:00' }, [['end', 'a window needs `end` (one-off), `rrule` or `cron` (recurring)']]],
    ['two schedules', { start: '2026-01-01T00:00', end: '2026-01-02T00:00', cron: '0 0 * * *' }, [['cron', 'set only one of end, rrule, cron; got end, cron']]],
    ['end before start', { start: '2026-01-02T00:00', end: '2026-01-01T00:00' }, [['end', 'must be after start']]],
    ['bad date', { start: '2026-02-30T00:00', end: '2026-03-01T00:00' }, [['start', 'must be a date-time such as 2026-03-29T02:30 (local) or 2026-03-29T00:30:00Z; got "2026-02-30T00:00"']]],
    ['unknown zone', { time_zone: 'Europe/Pariss', start: '2026-01-01T00:00', end: '2026-01-02T00:00' }, [['time_zone', '"Europe/Pariss" is not an IANA time zone such as Europe/Paris']]],
    ['rrule without start', { rrule: 'FREQ=DAILY', duration: '1h' }, [['start', 'an `rrule` window needs `start`: the local time of its first occurrence, e.g. 2026-01-04T02:30']]],
    ['recurring without duration', { cron: '0 0 * * *' }, [['duration', 'a recurring window needs a `duration` (e.g. 2h)']]],
    ['bad rrule', { start: '2026-01-01T00:00', rrule: 'FREQ=HOURLY', duration: '1h' }, [['rrule', 'FREQ must be DAILY, WEEKLY or MONTHLY']]],
    ['bad cron', { cron: '0 0 * *', duration: '1h' }, [['cron', 'a cron expression has 5 fields (minute hour day-of-month month day-of-week); got 4']]],
    ['no target', { services: [], start: '2026-01-01T00:00', end: '2026-01-02T00:00' }, [['services', 'a window needs at least one service or monitor']]],
  ])('%s', (_name, entry, expected) => {
    expect(issues(entry)).toEqual(expected);
  });

  it('names unknown targets and duplicate ids, with a suggestion', () => {
    const a = window({ id: 'a', services: ['authentcation'], monitors: ['dc9'], start: '2026-01-01T00:00', end: '2026-01-02T00:00' });
    expect(maintenanceTargetIssues([a, a], ['dc1'], ['authentication'])).toEqual([
      { path: [0, 'services', 0], message: '"authentcation" is not a service; did you mean "authentication"?' },
      { path: [0, 'monitors', 0], message: '"dc9" is not a monitor; did you mean "dc1"?' },
      { path: [1, 'id'], message: 'duplicate maintenance id "a"; it is already used by maintenance[0]' },
      { path: [1, 'services', 0], message: '"authentcation" is not a service; did you mean "authentication"?' },
      { path: [1, 'monitors', 0], message: '"dc9" is not a monitor; did you mean "dc1"?' },
    ]);
  });
});
