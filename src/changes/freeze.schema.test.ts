/** @module Tests of the `changes.freezes[]` schema and of the freeze queries. */
import { describe, expect, it } from 'vitest';
import { activeFreezes, freezeCovers, freezeEndsAt, freezeEntrySchema, freezesSchema, type FreezeWindow } from './freeze.schema.js';

const at = (iso: string) => Date.parse(iso);

function issues(entry: Record<string, unknown>): [string, string][] {
  const result = freezeEntrySchema.safeParse({ id: 'f', ...entry });
  if (result.success) return [];
  return result.error.issues.map((i) => [i.path.join('.'), i.message]);
}

/** Every Friday 16:00 to Monday 08:00 in Paris (64 h). */
const weekend = freezeEntrySchema.parse({
  id: 'weekend',
  time_zone: 'Europe/Paris',
  start: '2026-01-02T16:00',
  rrule: 'FREQ=WEEKLY;BYDAY=FR',
  duration: '64h',
  reason: { en: 'no changes over the weekend', fr: 'pas de changement le week-end' },
});

describe('freezeEntrySchema', () => {
  it('parses a recurring freeze with no scope and a localized reason', () => {
    expect(weekend).toMatchObject({ id: 'weekend', timeZone: 'Europe/Paris', services: [], monitors: [], tags: [], reason: { en: 'no changes over the weekend', fr: 'pas de changement le week-end' } });
    expect(weekend.schedule).toMatchObject({ kind: 'rrule', durationMs: 64 * 3_600_000 });
  });

  it('takes a plain string reason for both languages and a scope', () => {
    const f = freezeEntrySchema.parse({ id: 'xmas', start: '2026-12-20T00:00', end: '2027-01-04T00:00', time_zone: 'Pacific/Noumea', reason: 'fin d’année', tags: ['dc'], services: ['ad'] });
    expect(f.reason).toEqual({ en: 'fin d’année', fr: 'fin d’année' });
    expect(f).toMatchObject({ services: ['ad'], tags: ['dc'], monitors: [] });
    // Nouméa is UTC+11 all year
    expect(f.schedule).toEqual({ kind: 'once', start: at('2026-12-19T13:00:00Z'), end: at('2027-01-03T13:00:00Z') });
  });

  it.each<[string, Record<string, unknown>, [string, string]]>([
    ['a bad time zone', { time_zone: 'Europe/Pariss', start: '2026-12-20T00:00', end: '2026-12-21T00:00' }, ['time_zone', '"Europe/Pariss" is not an IANA time zone such as Europe/Paris']],
    ['a missing end', { start: '2026-12-20T00:00' }, ['end', 'a window needs `end` (one-off), `rrule` or `cron` (recurring)']],
    ['an end before start', { start: '2026-12-20T00:00', end: '2026-12-19T00:00' }, ['end', 'must be after start']],
    ['a recurring freeze without duration', { start: '2026-01-02T16:00', rrule: 'FREQ=WEEKLY;BYDAY=FR' }, ['duration', 'a recurring window needs a `duration` (e.g. 2h)']],
    ['an unknown key', { start: '2026-12-20T00:00', end: '2026-12-21T00:00', service: ['ad'] }, ['', 'Unrecognized key: "service"']],
  ])('names the field for %s', (_, entry, expected) => {
    expect(issues(entry)).toEqual([expected]);
  });
});

describe('freezesSchema', () => {
  it('defaults to no freeze', () => {
    expect(freezesSchema.parse(undefined)).toEqual([]);
  });

  it('rejects a duplicate id at its path', () => {
    const result = freezesSchema.safeParse([
      { id: 'a', start: '2026-12-20T00:00', end: '2026-12-21T00:00' },
      { id: 'a', cron: '0 16 * * FRI', duration: '1h' },
    ]);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['1.id', 'duplicate freeze id "a"; it is already used by freezes[0]']]);
  });

  it('reports a bad entry at its index and field', () => {
    const result = freezesSchema.safeParse([{ id: 'a', time_zone: 'Mars/Olympus', start: '2026-12-20T00:00', end: '2026-12-21T00:00' }]);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['0.time_zone']);
  });
});

describe('activeFreezes', () => {
  const once = freezeEntrySchema.parse({ id: 'once', start: '2026-03-02T10:00:00Z', end: '2026-03-02T12:00:00Z', monitors: ['dc-1'] });

  it.each([
    // Friday 2026-03-06 16:00 CET = 15:00Z, until Monday 2026-03-09 08:00 CET = 07:00Z
    ['2026-03-06T14:59:59Z', []],
    ['2026-03-06T15:00:00Z', ['weekend']],
    ['2026-03-08T12:00:00Z', ['weekend']],
    ['2026-03-09T06:59:59Z', ['weekend']],
    ['2026-03-09T07:00:00Z', []],
    ['2026-03-04T12:00:00Z', []],
    // the one-off window, end excluded
    ['2026-03-02T11:00:00Z', ['once']],
    ['2026-03-02T12:00:00Z', []],
  ])('at %s: %j', (time, expected) => {
    expect(activeFreezes([weekend, once], at(time)).map((f) => f.id)).toEqual(expected);
  });

  it('gives when the running occurrence ends, null outside', () => {
    expect(freezeEndsAt(weekend, at('2026-03-07T00:00:00Z'))).toBe(at('2026-03-09T07:00:00Z'));
    expect(freezeEndsAt(weekend, at('2026-03-04T00:00:00Z'))).toBeNull();
    expect(freezeEndsAt(once, at('2026-03-02T10:00:00Z'))).toBe(at('2026-03-02T12:00:00Z'));
  });
});

describe('freezeCovers', () => {
  const reach = { services: ['ad'], monitors: ['dc-1', 'dc-2'], tags: ['windows'] };
  const scoped = (scope: Partial<Pick<FreezeWindow, 'services' | 'monitors' | 'tags'>>): FreezeWindow => ({ ...weekend, services: [], monitors: [], tags: [], ...scope });

  it.each([
    ['no scope', {}, true],
    ['a shared service', { services: ['ad', 'mail'] }, true],
    ['a shared monitor', { monitors: ['dc-2'] }, true],
    ['a shared tag', { tags: ['windows'] }, true],
    ['an unrelated scope', { services: ['mail'], monitors: ['mx-1'], tags: ['linux'] }, false],
  ])('%s: %s', (_, scope, expected) => {
    expect(freezeCovers(scoped(scope), reach)).toBe(expected);
  });
});
