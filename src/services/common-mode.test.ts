/** @module Tests of common-mode failure detection. */
import { describe, expect, it } from 'vitest';
import { commonModeGrowth, detectCommonMode, shortDuration, type GroupMemberDown } from './common-mode.js';

const T = Date.parse('2021-06-02T16:45:00Z');
const group = (downOffsetsS: (number | null)[]): GroupMemberDown[] => downOffsetsS.map((s, i) => ({ id: `call-${i + 1}`, downSince: s === null ? null : T + s * 1000 }));
const CALL_SERVERS = { en: 'call servers', fr: 'serveurs d’appel' };

describe('detectCommonMode', () => {
  it('names 4 of 6 call servers failing within 90 s, in plain words', () => {
    expect(detectCommonMode(group([0, 30, 60, 90, null, null]), { memberLabel: CALL_SERVERS })).toEqual({
      commonMode: true,
      failed: 4,
      total: 6,
      members: ['call-1', 'call-2', 'call-3', 'call-4'],
      spanMs: 90_000,
      summary: {
        en: '4 of 6 call servers failed within 90 s — a common cause is likely; redundancy is not protecting the service',
        fr: '4 serveurs d’appel sur 6 sont tombés en panne en 90 s — une cause commune est probable ; la redondance ne protège pas le service',
      },
    });
  });

  it.each([
    // down offsets in seconds (null: up), common mode, failed together
    ['2 of 6 is below the default 50 %', [0, 10, null, null, null, null], false, 2],
    ['3 of 6 is exactly 50 %', [0, 10, 20, null, null, null], true, 3],
    ['exactly 5 min apart is within the window', [0, 300, 150, null, null, null], true, 3],
    ['5 min and 1 s apart is not', [0, 301, null, null, null, null], false, 1],
    ['failures spread over an hour are not common mode', [0, 1200, 2400, 3600, null, null], false, 1],
    ['the largest cluster counts, not every down member', [0, 1000, 1010, 1020, null, null], true, 3],
    ['one member of one is not a common mode', [0], false, 1],
    ['nothing down', [null, null], false, 0],
  ] as const)('%s', (_name, offsets, commonMode, failed) => {
    const verdict = detectCommonMode(group([...offsets]));
    expect([verdict.commonMode, verdict.failed]).toEqual([commonMode, failed]);
    expect(verdict.summary === undefined).toBe(!commonMode);
  });

  it('takes a custom window and share', () => {
    expect(detectCommonMode(group([0, 50, null, null]), { windowMs: 30_000 }).commonMode).toBe(false);
    expect(detectCommonMode(group([0, 20, null, null]), { windowMs: 30_000 }).commonMode).toBe(true);
    expect(detectCommonMode(group([0, 20, null, null]), { share: 0.75 }).commonMode).toBe(false);
  });

  it('uses "members" without a label, and never says "within 0 s"', () => {
    expect(detectCommonMode(group([0, 0])).summary!.en).toBe('2 of 2 members failed within 1 s — a common cause is likely; redundancy is not protecting the service');
  });
});

describe('shortDuration', () => {
  it.each([
    [90_000, '90 s'],
    [120_000, '2 min'],
    [270_000, '4 min 30 s'],
  ])('%i ms → %s', (ms, text) => expect(shortDuration(ms)).toBe(text));
});

describe('commonModeGrowth', () => {
  it('says the failure grew when more members joined it: 3 of 6 within 33 s, then 6 of 6 within 2 min', () => {
    const first = detectCommonMode(group([0, 10, 33, null, null, null]), { memberLabel: CALL_SERVERS });
    expect(first.summary!.en).toMatch(/^3 of 6 call servers failed within 33 s — /);
    const all = detectCommonMode(group([0, 10, 33, 60, 90, 120]), { memberLabel: CALL_SERVERS });
    expect(all.summary!.en).toMatch(/^6 of 6 call servers failed within 2 min — /);
    expect(commonModeGrowth(first.failed, all, CALL_SERVERS)).toEqual({
      en: 'common-mode failure grew: 6 of 6 call servers failed within 2 min',
      fr: 'la défaillance de mode commun s’étend : 6 serveurs d’appel sur 6 sont tombés en panne en 2 min',
    });
  });

  it('stays silent when the group did not grow: same members, some recovered, or no common mode left', () => {
    const three = detectCommonMode(group([0, 10, 33, null, null, null]));
    expect(commonModeGrowth(3, three)).toBeUndefined();
    expect(commonModeGrowth(6, three)).toBeUndefined();
    expect(commonModeGrowth(0, detectCommonMode(group([0, null, null, null])))).toBeUndefined();
  });
});
