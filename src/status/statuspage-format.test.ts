/** @module Tests of the Statuspage value formats: times with the page's offset, ids, descriptions. */
import { describe, expect, it } from 'vitest';
import { isoTime, isoTimeOrNull, statuspageId } from './statuspage-format.js';

describe('isoTime', () => {
  it.each([
    ['2014-05-14T20:22:39.441Z', 'America/Denver', '2014-05-14T14:22:39.441-06:00'],
    ['2022-02-15T21:37:37.407Z', 'America/Tijuana', '2022-02-15T13:37:37.407-08:00'],
    ['2026-09-21T21:09:33.128Z', 'America/Sao_Paulo', '2026-09-21T18:09:33.128-03:00'],
    ['2026-03-29T00:59:59.999Z', 'Europe/Paris', '2026-03-29T01:59:59.999+01:00'],
    ['2026-03-29T01:00:00.000Z', 'Europe/Paris', '2026-03-29T03:00:00.000+02:00'],
    ['2026-01-01T00:00:00.000Z', 'Asia/Kolkata', '2026-01-01T05:30:00.000+05:30'],
    ['2026-01-01T00:00:00.000Z', 'Europe/London', '2026-01-01T00:00:00.000+00:00'],
    ['2020-02-11T03:15:01.913Z', 'Etc/UTC', '2020-02-11T03:15:01.913Z'],
    ['2020-02-11T03:15:01.913Z', 'UTC', '2020-02-11T03:15:01.913Z'],
  ])('%s in %s: %s', (instant, zone, expected) => {
    expect(isoTime(Date.parse(instant), zone)).toBe(expected);
    expect(Date.parse(expected)).toBe(Date.parse(instant));
  });

  it('writes null as null, and refuses what is not an instant', () => {
    expect(isoTimeOrNull(null, 'UTC')).toBeNull();
    expect(() => isoTime(Number.NaN, 'UTC')).toThrow('Statuspage time: expected epoch milliseconds, got NaN');
  });
});

describe('statuspageId', () => {
  it('is 12 characters of [0-9a-z], the same for the same parts, different otherwise', () => {
    const ids = ['page:a', 'page:b', 'component:a:x', 'component:b:x'].map((k) => statuspageId(...k.split(':')));
    for (const id of ids) expect(id).toMatch(/^[0-9a-z]{12}$/);
    expect(new Set(ids).size).toBe(4);
    expect(statuspageId('page', 'a')).toBe(ids[0]);
    // Parts are separated, so ("ab", "c") and ("a", "bc") differ.
    expect(statuspageId('ab', 'c')).not.toBe(statuspageId('a', 'bc'));
  });
});
