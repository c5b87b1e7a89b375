import { describe, expect, it } from 'vitest';
import { CliFailure, flagOfPath } from '../api-client.js';
import { CHANGE_FLAGS, atValue, changeBodyOf, describeRecorded, formatChangeList, parseDetails, sinceValue } from './change.js';

const base = { timeoutRequest: '10s', lang: 'en' as const, summary: 'Patched', monitor: [], service: [], tag: [], host: [], link: [], detail: [] };

describe('vigie change: flags to the API body', () => {
  it('sends only what was given, targets when some are named', () => {
    expect(changeBodyOf(base)).toEqual({ summary: 'Patched', links: [] });
    expect(
      changeBodyOf({ ...base, kind: 'patch', ref: 'KB5009557', source: 'wsus', at: '1767225600000', monitor: ['dc-1'], host: ['dc-*.corp'], link: ['https://kb.example/1'], detail: ['ticket=CHG-1', 'by=ops=team'] }),
    ).toEqual({
      summary: 'Patched',
      kind: 'patch',
      external_ref: 'KB5009557',
      source: 'wsus',
      timestamp: 1767225600000,
      links: [{ href: 'https://kb.example/1' }],
      custom_details: { ticket: 'CHG-1', by: 'ops=team' },
      targets: { monitors: ['dc-1'], services: [], tags: [], hosts: ['dc-*.corp'] },
    });
    expect(changeBodyOf({ ...base, rollout: 'kb-dc', ring: '2' })).toMatchObject({ rollout: 'kb-dc', ring: 2 });
  });

  it('refuses a rollout without a ring, a ring that is not a number and a detail without "="', () => {
    expect(() => changeBodyOf({ ...base, rollout: 'kb-dc' })).toThrow(/--rollout and --ring go together/);
    expect(() => changeBodyOf({ ...base, ring: '1' })).toThrow(CliFailure);
    expect(() => changeBodyOf({ ...base, rollout: 'kb-dc', ring: 'one' })).toThrow('--ring: "one" is not a whole number of 0 or more');
    expect(() => parseDetails(['ticket'])).toThrow('--detail: "ticket" is not key=value');
    expect(() => parseDetails(['=x'])).toThrow(CliFailure);
  });

  it('passes --at on: epoch milliseconds as a number, other text as it is', () => {
    expect(atValue('1767225600000')).toBe(1767225600000);
    expect(atValue('2026-01-11T22:05:00+01:00')).toBe('2026-01-11T22:05:00+01:00');
  });

  it('turns --since into a time: a duration back from now, or a time as given', () => {
    expect(sinceValue('24h', 100_000_000)).toBe(String(100_000_000 - 86_400_000));
    expect(sinceValue('2026-01-01T00:00:00Z', 5)).toBe('2026-01-01T00:00:00Z');
  });

  it.each([
    ['targets.monitors[0]', '--monitor'],
    ['targets.services[1]', '--service'],
    ['targets.tags[0]', '--tag'],
    ['targets.hosts[0]', '--host'],
    ['targets', '--monitor, --service, --tag or --host'],
    ['timestamp', '--at'],
    ['external_ref', '--ref'],
    ['links[0].href', '--link'],
    ['custom_details', '--detail'],
    ['ring', '--ring'],
    ['from', '--since'],
  ])('names %s as %s', (path, flag) => {
    expect(flagOfPath(path, CHANGE_FLAGS)).toBe(flag);
  });
});

describe('vigie change: output', () => {
  const change = {
    id: 12, summary: 'KB5009557 on dc-1', source: null, kind: 'patch' as const, external_ref: 'KB5009557', timestamp: '2026-01-11T22:05:00.000Z', links: [], custom_details: {},
    targets: { monitors: [], services: [], tags: [], hosts: [] }, reaches: ['dc-1'], origin: 'api' as const, rollout: 'kb-dc', ring: 0, author: 'ci',
    rolled_back_at: null, rolled_back_by: null, rollback_note: null, created_at: '2026-01-11T22:05:01.000Z',
  };

  it('says what a recorded change reaches, in English and French', () => {
    expect(describeRecorded(change, 'en')).toBe('change #12 recorded (patch KB5009557), deployment of ring 0 of rollout kb-dc: reaches dc-1');
    expect(describeRecorded({ ...change, rollout: null, ring: null, external_ref: null, reaches: [] }, 'fr')).toBe('changement n° 12 enregistré (patch) : ne touche aucune sonde actuellement');
  });

  it('lists changes in columns, rolled back ones marked', () => {
    const text = formatChangeList([{ ...change, rolled_back_at: '2026-01-12T08:00:00.000Z', rolled_back_by: 'alice' }], 'en');
    expect(text.split('\n')[0]).toMatch(/^ID +AT +KIND +REF +ROLLOUT +REACHES +SUMMARY$/);
    expect(text.split('\n')[1]).toBe('12  2026-01-11 22:05 UTC  patch  KB5009557  kb-dc#0  dc-1     KB5009557 on dc-1 [rolled back 2026-01-12 08:00 UTC by alice]');
    expect(formatChangeList([], 'fr')).toBe('aucun changement\n');
  });
});
