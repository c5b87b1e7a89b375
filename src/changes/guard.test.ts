/** @module Tests of the rollout guard's go/no-go decision. */
import { describe, expect, it } from 'vitest';
import type { GuardReasonCode, Rollout } from './changes.types.js';
import { decideGuard, ringLabel, type GuardInput } from './guard.js';

const MIN = 60_000;
/** When ring 0 (dc-1) got the patch. */
const T0 = Date.parse('2026-01-11T09:00:00Z');

const RINGS = [['dc-1'], ['dc-2', 'dc-3'], ['dc-4', 'dc-5', 'dc-6', 'dc-7', 'dc-8'], ['dc-9']];

const rollout: Rollout = {
  id: 'kb5009557-dc',
  title: 'KB5009557 on the domain controllers',
  changeKind: 'patch',
  externalRef: 'KB5009557',
  rings: [
    { name: 'first DC', monitors: ['dc-1'], services: [], tags: [], soakMs: 30 * MIN },
    { name: null, monitors: ['dc-2', 'dc-3'], services: [], tags: [], soakMs: 90 * MIN },
    { name: null, monitors: [], services: [], tags: ['dc-rest'], soakMs: 120 * MIN },
    { name: null, monitors: ['dc-9'], services: [], tags: [], soakMs: 0 },
  ],
  guard: { incidents: true, crisis: true, freezes: true, services: [] },
  status: 'active',
  author: 'ops',
  createdAt: T0 - 60 * MIN,
  updatedAt: T0 - 60 * MIN,
};

type State = { state: string; since: number; message: string | null; flapping?: boolean };
const up: State = { state: 'up', since: T0 - 24 * 60 * MIN, message: 'ok' };

/**
 * Ring 0 deployed at T0, ring 1 at T0 + 40 min, ring 2 at T0 + 3 h; every monitor up since the
 * day before; nothing open. `states` entries replace the default ones (undefined removes one).
 */
function input(over: Partial<Omit<GuardInput, 'states'>> & { states?: Record<string, State | undefined> } = {}): GuardInput {
  const states = new Map<string, State>(RINGS.flat().map((id) => [id, up]));
  for (const [id, s] of Object.entries(over.states ?? {})) {
    if (s) states.set(id, s);
    else states.delete(id);
  }
  return {
    rollout,
    ring: 1,
    now: T0 + 31 * MIN,
    ringMonitors: RINGS,
    ringChanges: [{ id: 1, at: T0, rolledBackAt: null }, { id: 2, at: T0 + 40 * MIN, rolledBackAt: null }, { id: 3, at: T0 + 180 * MIN, rolledBackAt: null }, null],
    openIncidents: [],
    activeCrises: [],
    activeFreezes: [],
    ...over,
    states,
  };
}

const codes = (i: GuardInput) => decideGuard(i).reasons.map((r) => r.code);
const texts = (i: GuardInput, lang: 'en' | 'fr') => decideGuard(i).reasons.map((r) => r.text[lang]);
const checked = (i: GuardInput, lang: 'en' | 'fr') => decideGuard(i).checked.map((c) => c[lang]);

describe('decideGuard: go', () => {
  it.each<[string, GuardInput, string[]]>([
    ['ring 0 with nothing open', input({ ring: 0, now: T0 - MIN }), ['ring 0 is the first ring: no earlier ring to wait for', 'no open incident on guarded services', 'no active crisis', 'no freeze in force']],
    ['ring 0 whatever its own monitors say', input({ ring: 0, now: T0 - MIN, ringChanges: [null, null, null, null], states: { 'dc-1': { state: 'down', since: T0 - 2 * MIN, message: 'timeout' } } }), ['ring 0 is the first ring: no earlier ring to wait for', 'no open incident on guarded services', 'no active crisis', 'no freeze in force']],
    ['ring 1 once ring 0 soaked', input(), ['ring 0 (dc-1) healthy for 31 min since its change (soak 30 min)', 'no open incident on guarded services', 'no active crisis', 'no freeze in force']],
    ['ring 1 although its own monitors are down', input({ states: { 'dc-2': { state: 'down', since: T0, message: 'refused' } } }), ['ring 0 (dc-1) healthy for 31 min since its change (soak 30 min)', 'no open incident on guarded services', 'no active crisis', 'no freeze in force']],
    [
      'ring 2: ring 0 up, ring 1 soaked',
      input({ ring: 2, now: T0 + 130 * MIN }),
      ['ring 0 (dc-1): every monitor up', 'ring 1 (dc-2, dc-3) healthy for 1 h 30 min since its change (soak 1 h 30 min)', 'no open incident on guarded services', 'no active crisis', 'no freeze in force'],
    ],
    [
      'ring 1 with conditions turned off',
      input({
        rollout: { ...rollout, guard: { incidents: false, crisis: false, freezes: false, services: [] } },
        openIncidents: [{ id: 7, title: { en: 'AD slow', fr: 'AD lent' } }],
        activeCrises: [{ id: 2, title: { en: 'flood', fr: 'inondation' } }],
        activeFreezes: [{ id: 'xmas', reason: null, endsAt: null }],
      }),
      ['ring 0 (dc-1) healthy for 31 min since its change (soak 30 min)', 'open incidents not checked (turned off for this rollout)', 'crises not checked (turned off for this rollout)', 'change freezes not checked (turned off for this rollout)'],
    ],
  ])('%s', (_, i, expected) => {
    const decision = decideGuard(i);
    expect(decision).toMatchObject({ rolloutId: 'kb5009557-dc', ring: i.ring, verdict: 'go', reasons: [], at: i.now });
    expect(decision.checked.map((c) => c.en)).toEqual(expected);
  });
});

describe('decideGuard: each no-go reason', () => {
  it.each<[string, GuardInput, GuardReasonCode, string, Record<string, unknown>]>([
    ['a completed rollout', input({ ring: 0, rollout: { ...rollout, status: 'completed' } }), 'rollout_closed', 'rollout kb5009557-dc is completed: no ring may be deployed', {}],
    ['an aborted rollout', input({ rollout: { ...rollout, status: 'aborted' } }), 'rollout_closed', 'rollout kb5009557-dc is aborted: no ring may be deployed', {}],
    ['ring 0 not deployed', input({ ringChanges: [null, null, null, null] }), 'ring_not_deployed', 'ring 0 (dc-1) has not been deployed yet: deploy it before ring 1 (dc-2, dc-3)', {}],
    ['ring 2 not deployed (labels cut after three ids)', input({ ring: 3, now: T0 + 600 * MIN, ringChanges: [{ id: 1, at: T0, rolledBackAt: null }, { id: 2, at: T0 + 40 * MIN, rolledBackAt: null }, null, null] }), 'ring_not_deployed', 'ring 2 (dc-4, dc-5, dc-6 +2) has not been deployed yet: deploy it before ring 3 (dc-9)', {}],
    ['a reboot loop', input({ states: { 'dc-1': { state: 'down', since: T0 + 5 * MIN, message: 'reboot loop: 4 boots in 6 min' } } }), 'reboot_loop', 'dc-1 (ring 0) is in a reboot loop: "reboot loop: 4 boots in 6 min"', { subject: 'dc-1' }],
    ['a reboot loop told in French, while up', input({ states: { 'dc-1': { state: 'up', since: T0 - MIN, message: 'Boucle de redémarrage : 4 démarrages en 6 min' } } }), 'reboot_loop', 'dc-1 (ring 0) is in a reboot loop: "Boucle de redémarrage : 4 démarrages en 6 min"', { subject: 'dc-1' }],
    ['a monitor down', input({ states: { 'dc-1': { state: 'down', since: T0 + 2 * MIN, message: 'LDAP bind: connection refused' } } }), 'ring_unhealthy', 'dc-1 (ring 0) is down: "LDAP bind: connection refused"', { subject: 'dc-1' }],
    ['a monitor degraded without message', input({ states: { 'dc-1': { state: 'degraded', since: T0 + 2 * MIN, message: null } } }), 'ring_unhealthy', 'dc-1 (ring 0) is degraded', { subject: 'dc-1' }],
    ['a monitor under maintenance', input({ states: { 'dc-1': { state: 'maintenance', since: T0 - MIN, message: null } } }), 'ring_unhealthy', 'dc-1 (ring 0) is under maintenance', { subject: 'dc-1' }],
    ['a monitor paused', input({ states: { 'dc-1': { state: 'paused', since: T0 - MIN, message: null } } }), 'ring_unhealthy', 'dc-1 (ring 0) is paused', { subject: 'dc-1' }],
    ['a monitor up but flapping', input({ states: { 'dc-1': { state: 'up', since: T0 + MIN, message: 'ok', flapping: true } } }), 'ring_unhealthy', 'dc-1 (ring 0) is flapping: "ok"', { subject: 'dc-1' }],
    ['a monitor with no state', input({ states: { 'dc-1': undefined } }), 'ring_unhealthy', 'dc-1 (ring 0) has no state yet', { subject: 'dc-1' }],
    ['ring 0 still soaking', input({ now: T0 + 12 * MIN }), 'ring_soaking', 'ring 0 (dc-1) healthy for 12 min of its 30 min soak; 18 min to go', { remainingMs: 18 * MIN }],
    ['an open incident', input({ openIncidents: [{ id: 41, title: { en: 'Active Directory: major outage', fr: 'Active Directory : panne majeure' } }] }), 'incident_open', 'incident #41 is open: Active Directory: major outage', { subject: '41' }],
    ['an active crisis', input({ activeCrises: [{ id: 3, title: { en: 'Cyclone Alfred', fr: 'Cyclone Alfred' } }] }), 'crisis_active', 'crisis #3 is active: Cyclone Alfred', { subject: '3' }],
    ['a freeze', input({ activeFreezes: [{ id: 'year-end', reason: { en: 'year-end closing', fr: 'clôture annuelle' }, endsAt: T0 + 31 * MIN + 125 * MIN }] }), 'freeze', 'freeze year-end in force (ends in 2 h 05 min): year-end closing', { subject: 'year-end' }],
    ['a freeze without reason or end', input({ activeFreezes: [{ id: 'year-end', reason: null, endsAt: null }] }), 'freeze', 'freeze year-end in force', { subject: 'year-end' }],
  ])('%s', (_, i, code, text, extra) => {
    const decision = decideGuard(i);
    expect(decision.verdict).toBe('no-go');
    expect(decision.reasons).toEqual([{ code, text: { en: text, fr: expect.any(String) }, ...extra }]);
    expect(decision.reasons[0]!.text.fr).not.toBe(text);
  });
});

describe('decideGuard: several reasons', () => {
  it('collects every reason, ordered by kind', () => {
    const i = input({
      ring: 2,
      now: T0 + 60 * MIN,
      rollout: { ...rollout, status: 'aborted' },
      ringChanges: [{ id: 1, at: T0, rolledBackAt: null }, null, null, null],
      states: {
        'dc-2': { state: 'down', since: T0 + 50 * MIN, message: 'timeout' },
        'dc-3': { state: 'down', since: T0 + 50 * MIN, message: 'reboot loop: 3 boots in 5 min' },
        'dc-1': { state: 'unknown', since: T0 + 55 * MIN, message: 'WinRM: access denied' },
      },
      openIncidents: [{ id: 9, title: { en: 'AD down', fr: 'AD en panne' } }, { id: 10, title: { en: 'DNS down', fr: 'DNS en panne' } }],
      activeCrises: [{ id: 1, title: { en: 'storm', fr: 'tempête' } }],
      activeFreezes: [{ id: 'weekend', reason: null, endsAt: null }],
    });
    expect(decideGuard(i).reasons.map((r) => [r.code, r.subject])).toEqual([
      ['rollout_closed', undefined],
      ['ring_not_deployed', undefined],
      ['reboot_loop', 'dc-3'],
      ['ring_unhealthy', 'dc-1'],
      ['ring_unhealthy', 'dc-2'],
      ['incident_open', '9'],
      ['incident_open', '10'],
      ['crisis_active', '1'],
      ['freeze', 'weekend'],
    ]);
    // nothing passed, nothing listed
    expect(decideGuard(i).checked).toEqual([]);
  });

  it('reports an unhealthy earlier ring and the previous ring soaking together, and lists what passed', () => {
    const i = input({ ring: 2, now: T0 + 60 * MIN, states: { 'dc-1': { state: 'degraded', since: T0 + 50 * MIN, message: 'replication lag 20 min' } } });
    expect(codes(i)).toEqual(['ring_unhealthy', 'ring_soaking']);
    expect(decideGuard(i).reasons[1]).toMatchObject({ remainingMs: 70 * MIN });
    expect(checked(i, 'en')).toEqual(['no open incident on guarded services', 'no active crisis', 'no freeze in force']);
  });

  it('does not measure the soak of a ring that is unhealthy', () => {
    expect(codes(input({ now: T0 + 5 * MIN, states: { 'dc-1': { state: 'down', since: T0 + 2 * MIN, message: 'timeout' } } }))).toEqual(['ring_unhealthy']);
  });

  it('names a monitor reached by two rings once', () => {
    const i = input({ ring: 2, now: T0 + 300 * MIN, ringMonitors: [['dc-1'], ['dc-1', 'dc-2'], ['dc-4']], states: { 'dc-1': { state: 'down', since: T0, message: null } } });
    expect(texts(i, 'en')).toEqual(['dc-1 (ring 0) is down']);
  });
});

describe('decideGuard: the soak', () => {
  it.each<[string, number, GuardReasonCode[], number | undefined]>([
    ['one ms short', T0 + 30 * MIN - 1, ['ring_soaking'], 1],
    ['exactly the soak', T0 + 30 * MIN, [], undefined],
    ['past it', T0 + 30 * MIN + 1, [], undefined],
  ])('%s', (_, now, expected, remainingMs) => {
    const decision = decideGuard(input({ now }));
    expect(decision.reasons.map((r) => r.code)).toEqual(expected);
    expect(decision.reasons[0]?.remainingMs).toBe(remainingMs);
  });

  it('counts from the change when the monitors were up before it', () => {
    const i = input({ now: T0 + 20 * MIN, states: { 'dc-1': { state: 'up', since: T0 - MIN, message: 'ok' } } });
    expect(decideGuard(i).reasons).toMatchObject([{ code: 'ring_soaking', remainingMs: 10 * MIN }]);
  });

  // KB5009557: dc-1 patched at T0, falls into a reboot loop, the patch is rolled back at T0 + 10 min,
  // dc-1 boots stably and is up again at T0 + 25 min: the soak of ring 0 counts from then.
  const patched = { id: 1, at: T0, rolledBackAt: T0 + 10 * MIN };
  const story = (now: number, dc1: State) => input({ now, ringChanges: [patched, null, null, null], states: { 'dc-1': dc1 } });
  const recovered: State = { state: 'up', since: T0 + 25 * MIN, message: 'ok' };

  it.each<[string, GuardInput, GuardReasonCode[], string[]]>([
    ['in the reboot loop', story(T0 + 8 * MIN, { state: 'down', since: T0 + 6 * MIN, message: 'reboot loop: 4 boots in 6 min' }), ['reboot_loop'], ['dc-1 (ring 0) is in a reboot loop: "reboot loop: 4 boots in 6 min"']],
    ['rolled back, still booting', story(T0 + 20 * MIN, { state: 'pending', since: T0 + 12 * MIN, message: null }), ['ring_unhealthy'], ['dc-1 (ring 0) is pending']],
    ['up again for 15 min, although the change is 40 min old', story(T0 + 40 * MIN, recovered), ['ring_soaking'], ['ring 0 (dc-1) healthy for 15 min of its 30 min soak (since dc-1 came back up); 15 min to go']],
    ['one second before the soak ends', story(T0 + 55 * MIN - 1000, recovered), ['ring_soaking'], ['ring 0 (dc-1) healthy for 29 min 59 s of its 30 min soak (since dc-1 came back up); 1 s to go']],
  ])('%s: no-go', (_, i, expected, en) => {
    expect(codes(i)).toEqual(expected);
    expect(texts(i, 'en')).toEqual(en);
  });

  it('goes once the soak has passed since dc-1 came back up, saying the change was rolled back', () => {
    const i = story(T0 + 55 * MIN, recovered);
    expect(decideGuard(i).verdict).toBe('go');
    expect(checked(i, 'en')[0]).toBe('ring 0 (dc-1) healthy for 30 min since dc-1 came back up (soak 30 min); its change #1 was rolled back');
    expect(checked(i, 'fr')[0]).toBe('anneau 0 (dc-1) sain depuis 30 min, compté depuis le retour de dc-1 (observation : 30 min) ; son changement n° 1 a été annulé');
  });

  it('takes the latest recovery among the ring’s monitors', () => {
    const i = input({ ring: 2, now: T0 + 200 * MIN, states: { 'dc-2': { state: 'up', since: T0 + 100 * MIN, message: 'ok' }, 'dc-3': { state: 'up', since: T0 + 150 * MIN, message: 'ok' } } });
    expect(decideGuard(i).reasons).toMatchObject([{ code: 'ring_soaking', remainingMs: 40 * MIN }]);
    expect(texts(i, 'en')).toEqual(['ring 1 (dc-2, dc-3) healthy for 50 min of its 1 h 30 min soak (since dc-3 came back up); 40 min to go']);
  });
});

describe('decideGuard: ring out of range', () => {
  it.each([-1, 4, 1.5])('ring %s throws a RangeError', (ring) => {
    expect(() => decideGuard(input({ ring }))).toThrow(RangeError);
    expect(() => decideGuard(input({ ring }))).toThrow(`ring ${ring} does not exist: rollout "kb5009557-dc" has rings 0 to 3`);
  });

  it('a rollout with no rings', () => {
    expect(() => decideGuard(input({ ring: 0, rollout: { ...rollout, rings: [] } }))).toThrow('rollout "kb5009557-dc" has no rings; ring 0 does not exist');
  });
});

describe('decideGuard: French', () => {
  it.each<[string, GuardInput, string[]]>([
    ['closed', input({ ring: 0, rollout: { ...rollout, status: 'completed' } }), ['déploiement kb5009557-dc terminé : plus aucun anneau ne peut être déployé']],
    ['not deployed', input({ ringChanges: [null, null, null, null] }), ['anneau 0 (dc-1) pas encore déployé : à déployer avant l’anneau 1 (dc-2, dc-3)']],
    ['reboot loop', input({ states: { 'dc-1': { state: 'down', since: T0, message: 'boucle de redémarrage : 4 démarrages en 6 min' } } }), ['dc-1 (anneau 0) en boucle de redémarrage : « boucle de redémarrage : 4 démarrages en 6 min »']],
    ['down', input({ states: { 'dc-1': { state: 'down', since: T0, message: 'délai dépassé' } } }), ['dc-1 (anneau 0) en panne : « délai dépassé »']],
    ['down and flapping', input({ states: { 'dc-1': { state: 'down', since: T0, message: null, flapping: true } } }), ['dc-1 (anneau 0) en panne et instable']],
    ['maintenance', input({ states: { 'dc-1': { state: 'maintenance', since: T0, message: null } } }), ['dc-1 (anneau 0) en maintenance']],
    ['soaking', input({ now: T0 + 12 * MIN }), ['anneau 0 (dc-1) sain depuis 12 min sur 30 min d’observation ; encore 18 min']],
    ['incident', input({ openIncidents: [{ id: 41, title: { en: 'AD down', fr: 'AD en panne' } }] }), ['incident n° 41 ouvert : AD en panne']],
    ['crisis', input({ activeCrises: [{ id: 3, title: { en: 'storm', fr: 'tempête' } }] }), ['crise n° 3 en cours : tempête']],
    ['freeze', input({ activeFreezes: [{ id: 'year-end', reason: { en: 'closing', fr: 'clôture annuelle' }, endsAt: T0 + 31 * MIN + 45 * MIN }] }), ['gel des changements year-end en vigueur (fin dans 45 min) : clôture annuelle']],
  ])('%s', (_, i, expected) => {
    expect(texts(i, 'fr')).toEqual(expected);
  });

  it('lists what was checked for a go', () => {
    expect(checked(input(), 'fr')).toEqual(['anneau 0 (dc-1) sain depuis 31 min, compté depuis son changement (observation : 30 min)', 'aucun incident ouvert sur les services concernés', 'aucune crise en cours', 'aucun gel des changements en vigueur']);
    expect(checked(input({ ring: 0, rollout: { ...rollout, guard: { ...rollout.guard, crisis: false } } }), 'fr')).toEqual([
      'anneau 0 : premier anneau, aucun anneau précédent à attendre',
      'aucun incident ouvert sur les services concernés',
      'crises non vérifiées (contrôle désactivé pour ce déploiement)',
      'aucun gel des changements en vigueur',
    ]);
  });
});

describe('ringLabel', () => {
  it.each<[number, string[], 'en' | 'fr', string]>([
    [0, ['dc-1'], 'en', 'ring 0 (dc-1)'],
    [2, ['a', 'b', 'c'], 'fr', 'anneau 2 (a, b, c)'],
    [1, ['a', 'b', 'c', 'd', 'e'], 'en', 'ring 1 (a, b, c +2)'],
    [3, [], 'en', 'ring 3'],
  ])('%s %j %s', (index, monitors, lang, expected) => {
    expect(ringLabel(index, monitors, lang)).toBe(expected);
  });
});
