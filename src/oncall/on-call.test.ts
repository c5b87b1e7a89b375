import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toLocal } from '../maintenance/zoned-time.js';
import { gaps, onCallAt, segments, shiftNumber, whoAt } from './on-call.js';
import type { Layer, Schedule } from './schedule.types.js';

const H = 3_600_000;
const D = 24 * H;
const local = (year: number, month: number, day: number, hour = 0, minute = 0) => ({ year, month, day, hour, minute, second: 0 });
const utc = (text: string) => Date.parse(text);

function schedule(timeZone: string, layers: Layer[], overrides: Schedule['overrides'] = []): Schedule {
  return { id: 's', timeZone, layers, overrides };
}

const daily = (members: string[], start = local(2026, 3, 20, 9), extra: Partial<Layer> = {}): Layer => ({ name: 'primary', members, start, shift: { days: 1 }, ...extra });

describe('daily rotation across daylight-saving changes', () => {
  it('hands off at 09:00 local in Europe/Paris, so the shifts around the DST changes last 23 h and 25 h', () => {
    const s = schedule('Europe/Paris', [daily(['alice', 'bob'])]);
    const spring = segments(s, utc('2026-03-27T12:00:00Z'), utc('2026-03-31T12:00:00Z'));
    expect(spring.slice(1, -1).map((seg) => toLocal(seg.start, 'Europe/Paris').hour)).toEqual([9, 9, 9]);
    expect(spring.slice(1, -1).map((seg) => (seg.end - seg.start) / H)).toEqual([23, 24, 24]);
    const autumn = segments(s, utc('2026-10-23T12:00:00Z'), utc('2026-10-27T12:00:00Z'));
    expect(autumn.slice(1, -1).map((seg) => (seg.end - seg.start) / H)).toEqual([25, 24, 24]);
    expect(autumn.slice(1, -1).every((seg) => toLocal(seg.start, 'Europe/Paris').hour === 9)).toBe(true);
  });

  it('takes turns in order, starting with the first member at the start', () => {
    const s = schedule('Europe/Paris', [daily(['alice', 'bob', 'carol'])]);
    expect(whoAt(s, utc('2026-03-20T07:59:59Z'))).toBeUndefined(); // 08:59:59 CET, before the first hand-off
    expect(whoAt(s, utc('2026-03-20T08:00:00Z'))?.person).toBe('alice');
    expect(whoAt(s, utc('2026-03-21T08:00:00Z'))?.person).toBe('bob');
    expect(whoAt(s, utc('2026-03-22T08:00:00Z'))?.person).toBe('carol');
    expect(whoAt(s, utc('2026-03-23T07:59:00Z'))?.person).toBe('carol');
    expect(whoAt(s, utc('2026-03-23T08:00:00Z'))?.person).toBe('alice');
    // After the spring change 09:00 is 07:00 UTC.
    expect(whoAt(s, utc('2026-03-30T06:59:00Z'))?.person).toBe('alice');
    expect(whoAt(s, utc('2026-03-30T07:00:00Z'))?.person).toBe('bob');
  });

  it('reads a hand-off inside the spring-forward gap as the time after it, in every answer alike', () => {
    const s = schedule('Europe/Paris', [daily(['alice', 'bob'], local(2026, 3, 28, 2, 30))]);
    const boundary = segments(s, utc('2026-03-28T12:00:00Z'), utc('2026-03-29T12:00:00Z'))[0]!.end;
    expect(toLocal(boundary, 'Europe/Paris')).toMatchObject({ hour: 3, minute: 30 });
    expect(whoAt(s, boundary - 1)?.person).toBe('alice');
    expect(whoAt(s, boundary)?.person).toBe('bob');
  });
});

describe('weekly rotation', () => {
  it('hands off every Monday at 08:00 in Europe/Zurich, through the autumn change', () => {
    const s = schedule('Europe/Zurich', [{ name: 'ops', members: ['anna', 'beat', 'chantal'], start: local(2026, 10, 12, 8), shift: { days: 7 } }]);
    const parts = segments(s, utc('2026-10-12T06:00:00Z'), utc('2026-11-02T07:00:00Z'));
    expect(parts.map((p) => p.person)).toEqual(['anna', 'beat', 'chantal']);
    expect(parts.map((p) => toLocal(p.start, 'Europe/Zurich'))).toEqual([local(2026, 10, 12, 8), local(2026, 10, 19, 8), local(2026, 10, 26, 8)].map((t) => ({ ...t, second: 0 })));
    expect((parts[1]!.end - parts[1]!.start) / H).toBe(7 * 24 + 1);
    expect(shiftNumber(s.layers[0]!, utc('2027-01-04T07:00:00Z'), 'Europe/Zurich')).toBe(12);
  });

  it('hands off at 07:00 in Pacific/Noumea (UTC+11, no daylight saving), the evening before in UTC', () => {
    const s = schedule('Pacific/Noumea', [{ name: 'opt', members: ['kalena', 'marc'], start: local(2022, 2, 7, 7), shift: { days: 7 } }]);
    expect(whoAt(s, utc('2022-02-06T19:59:59Z'))).toBeUndefined();
    expect(whoAt(s, utc('2022-02-06T20:00:00Z'))?.person).toBe('kalena');
    expect(whoAt(s, utc('2022-02-13T20:00:00Z'))?.person).toBe('marc');
  });

  it('counts a custom length that is not whole days in elapsed time', () => {
    const s = schedule('Europe/Paris', [{ name: 'twelve', members: ['a', 'b'], start: local(2026, 3, 28, 20), shift: { ms: 12 * H } }]);
    const parts = segments(s, utc('2026-03-28T19:00:00Z'), utc('2026-03-30T19:00:00Z'));
    expect(parts.every((p, i) => i === parts.length - 1 || p.end - p.start === 12 * H)).toBe(true);
    expect(toLocal(parts[2]!.start, 'Europe/Paris').hour).toBe(21); // 24 h after 20:00 CET is 21:00 CEST: elapsed time, not wall-clock
  });
});

describe('layers and active windows', () => {
  const week: Layer = { name: 'week', members: ['night-owl'], start: local(2026, 1, 5, 0), shift: { days: 7 } };
  const office: Layer = { name: 'office', members: ['desk'], start: local(2026, 1, 5, 0), shift: { days: 7 }, active: [{ days: [1, 2, 3, 4, 5], from: 8 * 60, to: 18 * 60 }] };

  it('lets the higher layer win while it is active and falls back to the lower one outside', () => {
    const s = schedule('Europe/Paris', [week, office]);
    expect(whoAt(s, utc('2026-06-01T08:00:00Z'))).toMatchObject({ person: 'desk', source: { kind: 'layer', name: 'office' } }); // Monday 10:00
    expect(whoAt(s, utc('2026-06-01T16:00:00Z'))?.person).toBe('night-owl'); // Monday 18:00
    expect(whoAt(s, utc('2026-06-06T08:00:00Z'))?.person).toBe('night-owl'); // Saturday
  });

  it('handles a window that runs past midnight', () => {
    const nights: Layer = { ...office, name: 'nights', members: ['owl'], active: [{ days: [5], from: 22 * 60, to: 6 * 60 }] };
    const s = schedule('UTC', [nights]);
    expect(whoAt(s, utc('2026-06-05T21:59:00Z'))).toBeUndefined(); // Friday 21:59
    expect(whoAt(s, utc('2026-06-05T22:00:00Z'))?.person).toBe('owl');
    expect(whoAt(s, utc('2026-06-06T05:59:00Z'))?.person).toBe('owl'); // Saturday morning
    expect(whoAt(s, utc('2026-06-06T06:00:00Z'))).toBeUndefined();
    expect(gaps(s, utc('2026-06-05T00:00:00Z'), utc('2026-06-07T00:00:00Z'))).toEqual([
      { start: utc('2026-06-05T00:00:00Z'), end: utc('2026-06-05T22:00:00Z') },
      { start: utc('2026-06-06T06:00:00Z'), end: utc('2026-06-07T00:00:00Z') },
    ]);
  });

  it('finds the gaps a restricted layer leaves alone', () => {
    const s = schedule('Europe/Paris', [office]);
    const found = gaps(s, utc('2026-06-01T00:00:00Z'), utc('2026-06-02T00:00:00Z'));
    expect(found).toEqual([
      { start: utc('2026-06-01T00:00:00Z'), end: utc('2026-06-01T06:00:00Z') },
      { start: utc('2026-06-01T16:00:00Z'), end: utc('2026-06-02T00:00:00Z') },
    ]);
  });
});

describe('overrides', () => {
  it('win over the rotation, and a later override wins over an earlier one (an override of an override)', () => {
    const s = schedule('UTC', [daily(['alice', 'bob'], local(2026, 6, 1, 9))], [
      { start: utc('2026-06-01T12:00:00Z'), end: utc('2026-06-01T20:00:00Z'), person: 'carol', note: 'swap' },
      { start: utc('2026-06-01T14:00:00Z'), end: utc('2026-06-01T16:00:00Z'), person: 'dave', note: 'carol at the dentist' },
    ]);
    const parts = segments(s, utc('2026-06-01T09:00:00Z'), utc('2026-06-01T21:00:00Z'));
    expect(parts.map((p) => [p.person, new Date(p.start).toISOString().slice(11, 16), new Date(p.end).toISOString().slice(11, 16)])).toEqual([
      ['alice', '09:00', '12:00'],
      ['carol', '12:00', '14:00'],
      ['dave', '14:00', '16:00'],
      ['carol', '16:00', '20:00'],
      ['alice', '20:00', '21:00'],
    ]);
    expect(onCallAt(s, utc('2026-06-01T15:00:00Z'))).toMatchObject({ person: 'dave', source: { kind: 'override', index: 1, note: 'carol at the dentist' }, start: utc('2026-06-01T14:00:00Z'), end: utc('2026-06-01T16:00:00Z') });
  });

  it('fill a gap too', () => {
    const s = schedule('UTC', [], [{ start: 0, end: 10 * D, person: 'solo' }]);
    expect(whoAt(s, 5 * D)?.person).toBe('solo');
    expect(gaps(s, 0, 10 * D)).toEqual([]);
  });
});

describe('every answer agrees (property)', () => {
  const zones = ['Europe/Paris', 'Europe/Zurich', 'Pacific/Noumea', 'UTC'];
  const layerArb = fc.record({
    name: fc.constantFrom('a', 'b', 'c'),
    members: fc.array(fc.constantFrom('p1', 'p2', 'p3', 'p4'), { minLength: 1, maxLength: 4 }),
    start: fc.record({ year: fc.constant(2026), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }), hour: fc.integer({ min: 0, max: 23 }), minute: fc.constantFrom(0, 30), second: fc.constant(0) }),
    shift: fc.oneof(fc.record({ days: fc.integer({ min: 1, max: 14 }) }), fc.record({ ms: fc.integer({ min: 1, max: 72 }).map((h) => h * H) })),
    active: fc.option(fc.array(fc.record({ days: fc.subarray([0, 1, 2, 3, 4, 5, 6], { minLength: 1 }), from: fc.integer({ min: 0, max: 1439 }), to: fc.integer({ min: 1, max: 1440 }) }), { minLength: 1, maxLength: 2 }), { nil: undefined }),
  });
  const scheduleArb = fc.record({
    id: fc.constant('s'),
    timeZone: fc.constantFrom(...zones),
    layers: fc.array(layerArb, { maxLength: 3 }),
    overrides: fc.array(fc.tuple(fc.integer({ min: 0, max: 60 * 24 }), fc.integer({ min: 1, max: 72 }), fc.constantFrom('o1', 'o2')).map(([h, len, person]) => ({ start: utc('2026-01-01T00:00:00Z') + h * H, end: utc('2026-01-01T00:00:00Z') + (h + len) * H, person })), { maxLength: 3 }),
  });

  it('segments hold the person whoAt names at their start and end, are ordered, and leave out exactly the gaps', () => {
    fc.assert(
      fc.property(scheduleArb, fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 20 }), (s, startDay, days) => {
        const from = utc('2026-01-01T00:00:00Z') + startDay * D;
        const to = from + days * D;
        const parts = segments(s as Schedule, from, to);
        let covered = 0;
        for (const [i, p] of parts.entries()) {
          expect(p.start).toBeLessThan(p.end);
          if (i > 0) expect(p.start).toBeGreaterThanOrEqual(parts[i - 1]!.end);
          expect(whoAt(s as Schedule, p.start)?.person).toBe(p.person);
          expect(whoAt(s as Schedule, p.end - 1)?.person).toBe(p.person);
          covered += p.end - p.start;
        }
        const holes = gaps(s as Schedule, from, to);
        for (const g of holes) expect(whoAt(s as Schedule, g.start)).toBeUndefined();
        expect(covered + holes.reduce((sum, g) => sum + g.end - g.start, 0)).toBe(to - from);
      }),
      { numRuns: 100 },
    );
  });
});
