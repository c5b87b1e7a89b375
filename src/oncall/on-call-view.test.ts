import { describe, expect, it } from 'vitest';
import { formatOnCall, localIso, onCallView } from './on-call-view.js';
import type { PersonDefinition } from './people.schema.js';
import type { ScheduleDefinition } from './schedule.schema.js';

const people = new Map([['alice', { id: 'alice', name: 'Alice Martin' } as PersonDefinition], ['bob', { id: 'bob', name: 'Bob Durand' } as PersonDefinition]]);
const weekly = (timeZone: string): ScheduleDefinition => ({
  id: 'primary', name: 'Primary', timeZone, overrides: [],
  layers: [{ name: 'weekly', members: ['bob', 'alice'], start: { year: 2026, month: 3, day: 2, hour: 9, minute: 0, second: 0 }, shift: { days: 7 } }],
});

describe('localIso', () => {
  it('writes the local time with the offset in force, on both sides of a change', () => {
    expect(localIso(Date.parse('2026-03-29T00:59:59Z'), 'Europe/Paris')).toBe('2026-03-29T01:59:59+01:00');
    expect(localIso(Date.parse('2026-03-29T01:00:00Z'), 'Europe/Paris')).toBe('2026-03-29T03:00:00+02:00');
    expect(localIso(Date.parse('2026-03-29T01:00:00Z'), 'Pacific/Noumea')).toBe('2026-03-29T12:00:00+11:00');
    expect(localIso(Date.parse('2026-03-29T01:00:00Z'), 'America/St_Johns')).toBe('2026-03-28T22:30:00-02:30');
  });
});

describe('onCallView and formatOnCall', () => {
  it('names the person, the layer and the shift with the zone, across the spring-forward week', () => {
    const view = onCallView(weekly('Europe/Paris'), people, Date.parse('2026-03-29T12:00:00Z'));
    expect(view.onCall).toMatchObject({ person: { id: 'alice', name: 'Alice Martin' }, source: { kind: 'layer', layer: 'weekly' }, sinceLocal: '2026-03-23T09:00:00+01:00', untilLocal: '2026-03-30T09:00:00+02:00' });
    expect(view.onCall?.open).toEqual({ before: false, after: false });
    expect(formatOnCall(view)).toBe('primary "Primary": Alice Martin (alice), layer "weekly", 2026-03-23 09:00 → 2026-03-30 09:00 Europe/Paris');
  });

  it('marks a stretch longer than the horizon looked at as open', () => {
    const one = { ...weekly('Europe/Paris'), layers: [{ ...weekly('Europe/Paris').layers[0]!, members: ['alice'] }] };
    const view = onCallView(one, people, Date.parse('2026-03-29T12:00:00Z'));
    expect(view.onCall?.open).toEqual({ before: false, after: true });
    expect(formatOnCall(view)).toBe('primary "Primary": Alice Martin (alice), layer "weekly", 2026-03-02 09:00 → after 2026-05-03 14:00 Europe/Paris');
  });

  it('says when nobody is on call, in local time', () => {
    const view = onCallView(weekly('Europe/Paris'), people, Date.parse('2026-03-01T12:00:00Z'));
    expect(view.onCall).toBeNull();
    expect(formatOnCall(view)).toBe('primary "Primary": nobody on call at 2026-03-01 13:00 Europe/Paris (a gap in the schedule)');
  });
});
