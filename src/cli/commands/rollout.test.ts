import { describe, expect, it } from 'vitest';
import { rolloutDetail } from '../../api/schemas/change.schemas.js';
import type { z } from 'zod';
import { DEFAULT_SOAK, formatRolloutDetail, formatRolloutList, parseRingSoaks, parseRingSpec, rolloutBodyOf, rolloutFlagOf } from './rollout.js';

const flags = { timeoutRequest: '10s', lang: 'en' as const, ring: [], ringSoak: [], incidents: true, crisis: true, freezes: true, guardService: [] };

describe('ring specs', () => {
  it.each([
    ['dc-1', { monitors: ['dc-1'], services: [], tags: [] }],
    ['dc-3,dc-4', { monitors: ['dc-3', 'dc-4'], services: [], tags: [] }],
    [' dc-3 , dc-4 ,dc-3', { monitors: ['dc-3', 'dc-4'], services: [], tags: [] }],
    ['service:voice,tag:site-a,monitor:sip-1', { monitors: ['sip-1'], services: ['voice'], tags: ['site-a'] }],
    ['tag:zone:b', { monitors: [], services: [], tags: ['zone:b'] }],
  ])('%s', (spec, ring) => {
    expect(parseRingSpec(spec, 0)).toEqual(ring);
  });

  it.each([
    ['', 2, '--ring #3 (ring 2): empty; give monitor ids, service:<id> or tag:<t>, comma-separated'],
    [' , ', 0, '--ring #1 (ring 0): empty'],
    ['dc-1,,dc-2', 1, '--ring #2 (ring 1): "dc-1,,dc-2" has an empty item'],
    ['dc-1,', 0, 'has an empty item'],
    ['host:dc-1', 0, '--ring #1 (ring 0): "host:dc-1": items are monitor ids, service:<id> or tag:<t>'],
    ['service:', 0, '--ring #1 (ring 0): "service:" names nothing'],
  ])('refuses %j naming the ring', (spec, index, message) => {
    expect(() => parseRingSpec(spec, index)).toThrow(message);
  });
});

describe('ring soaks', () => {
  it('reads N=duration for rings that exist', () => {
    expect(parseRingSoaks(['0=2h', ' 2 = 0s '], 3)).toEqual(new Map([[0, '2h'], [2, '0s']]));
    expect(() => parseRingSoaks(['3=1h'], 3)).toThrow('--ring-soak: "3=1h": there are rings 0 to 2');
    expect(() => parseRingSoaks(['1h'], 3)).toThrow('--ring-soak: "1h" is not N=duration, such as 1=2h');
  });
});

describe('the rollout body from flags', () => {
  it('builds rings in order with their soaks and the guard conditions', () => {
    expect(rolloutBodyOf({ ...flags, id: 'kb-dc', kind: 'patch', ref: 'KB5009557', ring: ['dc-1', 'dc-2', 'dc-3,tag:dc-east'], soak: '1h', ringSoak: ['2=0s'], crisis: false, guardService: ['directory'] })).toEqual({
      id: 'kb-dc',
      kind: 'patch',
      external_ref: 'KB5009557',
      rings: [
        { monitors: ['dc-1'], services: [], tags: [], soak: '1h' },
        { monitors: ['dc-2'], services: [], tags: [], soak: '1h' },
        { monitors: ['dc-3'], services: [], tags: ['dc-east'], soak: '0s' },
      ],
      guard: { incidents: true, crisis: false, freezes: true, services: ['directory'] },
    });
    expect(rolloutBodyOf({ ...flags, id: 'x', ring: ['a'] })).toMatchObject({ rings: [{ soak: DEFAULT_SOAK }] });
  });

  it('needs an id and at least one ring', () => {
    expect(() => rolloutBodyOf({ ...flags, ring: ['a'] })).toThrow('--id is needed');
    expect(() => rolloutBodyOf({ ...flags, id: 'x' })).toThrow('--ring is needed');
  });
});

describe('body paths as flags', () => {
  it.each([
    ['rings[1]', '--ring #2 (ring 1)', new Set<number>()],
    ['rings[0].monitors[2]', '--ring #1 (ring 0)', new Set<number>()],
    ['rings[2].tags[0]', '--ring #3 (ring 2)', new Set<number>()],
    ['rings[1].soak', '--soak', new Set<number>()],
    ['rings[1].soak', '--ring-soak 1=…', new Set([1])],
    ['rings', '--ring', new Set<number>()],
    ['guard.services[0]', '--guard-service', new Set<number>()],
    ['external_ref', '--ref', new Set<number>()],
    ['id', '--id', new Set<number>()],
    ['unknown', undefined, new Set<number>()],
  ])('%s → %s', (path, flag, soaked) => {
    expect(rolloutFlagOf(path, soaked)).toBe(flag);
  });
});

describe('rollout output', () => {
  const rollout: z.output<typeof rolloutDetail> = {
    id: 'kb-dc', title: 'KB5009557', kind: 'patch', external_ref: 'KB5009557', status: 'active', author: 'ci',
    guard: { incidents: true, crisis: false, freezes: true, services: ['directory'] },
    rings: [
      { index: 0, name: 'first DC', monitors: ['dc-1'], services: [], tags: [], soak_ms: 3_600_000, reaches: ['dc-1'], change: 4, deployed_at: '2026-01-11T22:05:00.000Z' },
      { index: 1, name: null, monitors: [], services: ['directory'], tags: ['east'], soak_ms: 1_800_000, reaches: [], change: null, deployed_at: null },
    ],
    created_at: '2026-01-11T21:00:00.000Z', updated_at: '2026-01-11T22:05:00.000Z',
    timeline: [
      { id: 1, at: '2026-01-11T21:00:00.000Z', last_at: '2026-01-11T21:00:00.000Z', count: 1, kind: 'created', ring: null, verdict: null, text: { en: 'rollout created by ci', fr: 'déploiement créé par ci' }, details: null, author: 'ci' },
      { id: 2, at: '2026-01-11T22:06:00.000Z', last_at: '2026-01-11T22:26:00.000Z', count: 40, kind: 'decision', ring: 1, verdict: 'no-go', text: { en: 'guard for ring 1: no-go', fr: 'garde : feu rouge' }, details: null, author: 'ci' },
    ],
  };

  it('shows rings with targets, reach, soak and deployment, then the timeline with merged repeats', () => {
    expect(formatRolloutDetail(rollout, 'en')).toBe(
      [
        'Rollout kb-dc — active — KB5009557',
        'Change: patch KB5009557 · by ci · created 2026-01-11 21:00 UTC',
        'Guard: open incidents; active crises not checked; change freezes; guarded services: directory',
        'Rings:',
        '  RING  NAME      TARGETS                     REACHES  SOAK  DEPLOYED',
        '  0     first DC  dc-1                        dc-1     1h    2026-01-11 22:05 UTC (change #4)',
        '  1     —         service:directory,tag:east  —        30m   —',
        'Timeline:',
        '  2026-01-11 21:00 UTC  rollout created by ci',
        '  2026-01-11 22:06 UTC → 2026-01-11 22:26 UTC ×40  guard for ring 1: no-go',
        '',
      ].join('\n'),
    );
    expect(formatRolloutDetail(rollout, 'fr')).toContain('Déploiement kb-dc — actif — KB5009557');
  });

  it('lists rollouts with what each ring reaches', () => {
    expect(formatRolloutList([rollout], 'en').split('\n')[1]).toBe('kb-dc  active  patch  KB5009557  dc-1 | —  2026-01-11 21:00 UTC  KB5009557');
    expect(formatRolloutList([], 'en')).toBe('no rollout\n');
  });
});
