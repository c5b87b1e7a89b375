/** @module Tests of the suspect changes of an incident: time window, topology links, score, ties, likely cause, texts. */
import { describe, expect, it } from 'vitest';
import type { ServiceDefinition } from '../services/service.types.js';
import type { Change, ChangeTargets } from './changes.types.js';
import { rankSuspects, type CorrelationInput } from './correlation.js';
import type { MonitorFacts } from './targets.js';

const T = Date.parse('2022-01-11T10:00:00Z'); // the first failure
const MIN = 60_000;
const HOUR = 60 * MIN;

const service = (id: string, parts: Partial<ServiceDefinition> = {}): ServiceDefinition => ({
  id,
  name: { en: id, fr: id },
  criticality: 'normal',
  components: [],
  dependsOn: [],
  tags: [],
  ...parts,
});
const SIPS = ['sip-1', 'sip-2', 'sip-3', 'sip-4', 'sip-5', 'sip-6'];
// sip: 6 call servers, 3 needed, inside telephony; web → api → db; ad: two domain controllers.
const SERVICES = new Map(
  [
    service('sip', { redundancy: { members: SIPS, minHealthy: 3 }, tags: ['voice'] }),
    service('telephony', { components: ['sip', 'pbx-web'] }),
    service('ad', { redundancy: { members: ['dc-1', 'dc-2'], minHealthy: 1 } }),
    service('web', { components: ['web-1'], dependsOn: [{ service: 'api', impact: 'outage' }], tags: ['public'] }),
    service('api', { components: ['api-1'], dependsOn: [{ service: 'db', impact: 'outage' }] }),
    service('db', { components: ['db-1'] }),
  ].map((s) => [s.id, s]),
);
const MONITORS = new Map<string, MonitorFacts>(
  [
    ...SIPS.map((id, i) => ({ id, tags: ['voice'], host: `10.0.1.${i + 1}:5060` })),
    { id: 'pbx-web', tags: [], host: 'pbx.corp:443' },
    { id: 'dc-1', tags: ['windows'], host: 'dc-1.corp:389' },
    { id: 'dc-2', tags: ['windows'], host: 'dc-2.corp:389' },
    { id: 'web-1', tags: ['web'], host: 'web-1.corp:443' },
    { id: 'api-1', tags: [], host: 'api-1.corp' },
    { id: 'db-1', tags: [], host: '[2001:db8::5]:5432' },
  ].map((m) => [m.id, m]),
);

type TargetsPart = { readonly [K in keyof ChangeTargets]?: readonly string[] };
const change = (id: number, parts: Partial<Omit<Change, 'targets'>> & { targets?: TargetsPart } = {}): Change => ({
  id,
  summary: `change ${id}`,
  source: null,
  kind: 'other',
  externalRef: null,
  at: T - 5 * MIN,
  links: [],
  details: {},
  origin: 'api',
  transitionId: null,
  rolloutId: null,
  ring: null,
  author: 'ops',
  rolledBackAt: null,
  rolledBackBy: null,
  rollbackNote: null,
  createdAt: T - HOUR,
  ...parts,
  targets: { monitors: [...(parts.targets?.monitors ?? [])], services: [...(parts.targets?.services ?? [])], tags: [...(parts.targets?.tags ?? [])], hosts: [...(parts.targets?.hosts ?? [])] },
});

const rank = (changes: Change[], failedMonitors: string[], failedServices: string[] = [], more: Partial<CorrelationInput> = {}) =>
  rankSuspects({
    incident: { firstFailureAt: T, failedMonitors, failedServices, commonMode: false },
    changes,
    monitors: MONITORS,
    services: SERVICES,
    windowMs: 24 * HOUR,
    likelyWithinMs: 2 * HOUR,
    ...more,
  });

describe('rankSuspects: the time window', () => {
  it.each([
    // name, made at, rolled back at, beforeMs of the suspect (undefined: not a suspect)
    ['before the window', T - 24 * HOUR - 1, null, undefined],
    ['at the start of the window', T - 24 * HOUR, null, 24 * HOUR],
    ['inside the window', T - 10 * MIN, null, 10 * MIN],
    ['at the first failure', T, null, 0],
    ['after the first failure, within the 60 s clock skew', T + 60_000, null, 0],
    ['after the first failure, beyond the skew', T + 60_001, null, undefined],
    ['rolled back before the first failure', T - 10 * MIN, T - 1, undefined],
    ['rolled back at the first failure', T - 10 * MIN, T, 10 * MIN],
    ['rolled back after the first failure', T - 10 * MIN, T + 5 * MIN, 10 * MIN],
  ] as const)('%s', (_name, at, rolledBackAt, beforeMs) => {
    const list = rank([change(1, { at, rolledBackAt, targets: { monitors: ['dc-1'] } })], ['dc-1']);
    expect(list.suspects.map((s) => s.beforeMs)).toEqual(beforeMs === undefined ? [] : [beforeMs]);
  });

  it('honours a shorter window', () => {
    const changes = [change(1, { at: T - 2 * HOUR, targets: { monitors: ['dc-1'] } }), change(2, { at: T - 30 * MIN, targets: { monitors: ['dc-1'] } })];
    expect(rank(changes, ['dc-1'], [], { windowMs: HOUR }).suspects.map((s) => s.changeId)).toEqual([2]);
  });
});

describe('rankSuspects: topology', () => {
  it.each([
    // name, targets, failed monitors, failed services, [link, touched] (null: not a suspect)
    ['names the failed monitor', { monitors: ['web-1'] }, ['web-1'], ['web'], ['same_monitor', ['monitor:web-1', 'service:web']]],
    ['a host glob matches the failed monitor', { hosts: ['WEB-*.corp'] }, ['web-1'], [], ['same_host', ['monitor:web-1']]],
    ['an IPv6 host', { hosts: ['2001:db8::*'] }, ['db-1'], [], ['same_host', ['monitor:db-1']]],
    ['names the failed service', { services: ['web'] }, ['web-1'], ['web'], ['same_service', ['monitor:web-1', 'service:web']]],
    ['names a service containing the failed monitor', { services: ['telephony'] }, ['sip-1'], [], ['same_service', ['monitor:sip-1']]],
    ['reaches a healthy component of the failed service', { hosts: ['pbx.corp'] }, ['sip-1'], ['telephony'], ['same_service', ['service:telephony']]],
    ['reaches a healthy member of the failed redundancy group', { monitors: ['sip-4'] }, ['sip-1', 'sip-2'], ['sip'], ['redundancy_member', ['service:sip']]],
    ['reaches a failed member: the group link beats the host', { hosts: ['10.0.1.1'] }, ['sip-1'], ['sip'], ['redundancy_member', ['monitor:sip-1', 'service:sip']]],
    ['the failed service depends on the service it names', { services: ['api'] }, ['web-1'], ['web'], ['dependency', ['service:web']]],
    ['the dependency is transitive and reached through its monitor', { monitors: ['db-1'] }, ['web-1'], ['web'], ['dependency', ['service:web']]],
    ['shares a tag with the failed monitor', { tags: ['web'] }, ['web-1'], [], ['shared_tag', ['monitor:web-1']]],
    ['shares a tag with the failed service', { tags: ['public'] }, ['web-1'], ['web'], ['shared_tag', ['service:web']]],
    ['the strongest link wins', { monitors: ['web-1'], hosts: ['web-1.corp'], services: ['api'], tags: ['web'] }, ['web-1'], ['web'], ['same_monitor', ['monitor:web-1', 'service:web']]],
    ['an unrelated change', { hosts: ['dc-*.corp'], tags: ['windows'] }, ['web-1'], ['web'], null],
    ['a service that depends on the failed one is no cause of it', { monitors: ['web-1'] }, ['db-1'], ['db'], null],
    ['a redundancy partner of a failed monitor whose service did not fail', { monitors: ['dc-2'] }, ['dc-1'], [], null],
  ] as const)('%s', (_name, targets, failedMonitors, failedServices, expected) => {
    const [suspect] = rank([change(1, { targets })], [...failedMonitors], [...failedServices]).suspects;
    expect(suspect ? [suspect.link, suspect.touched] : null).toEqual(expected);
  });
});

describe('rankSuspects: ranking and ties', () => {
  it('ranks by score: a stronger link beats a nearer weak one', () => {
    const list = rank([change(1, { at: T - MIN, targets: { tags: ['web'] } }), change(2, { at: T - 30 * MIN, targets: { monitors: ['web-1'] } })], ['web-1']);
    expect(list.suspects.map((s) => [s.rank, s.changeId, s.link])).toEqual([
      [1, 2, 'same_monitor'],
      [2, 1, 'shared_tag'],
    ]);
    expect(list.suspects[0]!.score).toBeGreaterThan(list.suspects[1]!.score);
  });

  it('ranks the same link nearer in time first, and the time factor halves at one hour', () => {
    const list = rank([change(1, { at: T - HOUR, targets: { monitors: ['dc-1'] } }), change(2, { at: T, targets: { monitors: ['dc-1'] } })], ['dc-1']);
    expect(list.suspects.map((s) => [s.changeId, s.score])).toEqual([
      [2, 1],
      [1, 0.5],
    ]);
  });

  it('breaks an equal score by time: the nearer change first', () => {
    // 1 of 2 failed monitors at the first failure: 1 × 1 × 2/3; both of them 30 min before: 1 × 2/3 × 1.
    // The nearer change has the older id, so the id is not what orders them.
    const list = rank([change(2, { at: T - 30 * MIN, targets: { monitors: ['sip-1', 'sip-2'] } }), change(1, { at: T, targets: { monitors: ['sip-1'] } })], ['sip-1', 'sip-2']);
    expect(list.suspects.map((s) => [s.changeId, s.score])).toEqual([
      [1, 0.666667],
      [2, 0.666667],
    ]);
  });

  it('breaks an equal score and time by id, newest first, whatever the input order', () => {
    const changes = [3, 7, 5].map((id) => change(id, { targets: { monitors: ['dc-1'] } }));
    expect(rank(changes, ['dc-1']).suspects.map((s) => [s.rank, s.changeId])).toEqual([
      [1, 7],
      [2, 5],
      [3, 3],
    ]);
    expect(rank([...changes].reverse(), ['dc-1']).suspects.map((s) => s.changeId)).toEqual([7, 5, 3]);
  });

  it('coverage: a change touching 6 of 6 failed servers beats a nearer one with a stronger link on 1 of 6', () => {
    const list = rank([change(1, { at: T - 10 * MIN, targets: { hosts: ['10.0.1.*'] } }), change(2, { at: T - MIN, targets: { monitors: ['sip-3'] } })], SIPS, ['sip']);
    expect(list.suspects.map((s) => [s.changeId, s.link, s.touched.length])).toEqual([
      [1, 'redundancy_member', 7],
      [2, 'same_monitor', 2],
    ]);
  });
});

describe('rankSuspects: the likely cause', () => {
  it('the common-mode case: a procedure on all six SIP servers 2 min before they all failed', () => {
    const procedure = change(41, { kind: 'procedure', summary: 'SIP registrar migration', externalRef: 'CHG-4411', at: T - 2 * MIN, targets: { hosts: ['10.0.1.*'] } });
    const others = [
      change(40, { kind: 'patch', externalRef: 'KB5009557', at: T - 3 * MIN, targets: { hosts: ['dc-*.corp'] } }),
      change(39, { kind: 'config', at: T - 20 * HOUR, targets: { tags: ['voice'] } }),
    ];
    const list = rankSuspects({
      incident: { firstFailureAt: T, failedMonitors: SIPS, failedServices: ['sip', 'telephony'], commonMode: true },
      changes: [...others, procedure],
      monitors: MONITORS,
      services: SERVICES,
      windowMs: 24 * HOUR,
      likelyWithinMs: 2 * HOUR,
    });
    expect(list.suspects.map((s) => [s.changeId, s.link])).toEqual([
      [41, 'redundancy_member'],
      [39, 'shared_tag'],
    ]);
    expect(list.suspects[0]!.touched).toEqual([...SIPS.map((m) => `monitor:${m}`), 'service:sip', 'service:telephony']);
    expect(list.likelyCause).toEqual({
      changeId: 41,
      text: {
        en: 'likely cause: CHG-4411 (procedure) on sip-1, sip-2, sip-3, sip-4, sip-5, sip-6, 2 min before the first failure',
        fr: 'cause probable : CHG-4411 (procédure) sur sip-1, sip-2, sip-3, sip-4, sip-5, sip-6, 2 min avant la première panne',
      },
    });
  });

  it('a single monitor: a patch on dc-1, then dc-1 in a reboot loop', () => {
    const list = rank([change(7, { kind: 'patch', summary: 'January cumulative update', externalRef: 'KB5009557', at: T - 4 * MIN, targets: { hosts: ['dc-1.corp'] } })], ['dc-1']);
    expect(list.suspects.map((s) => [s.link, s.text])).toEqual([
      ['same_host', { en: 'KB5009557 (patch) on dc-1, 4 min before the first failure', fr: 'KB5009557 (correctif) sur dc-1, 4 min avant la première panne' }],
    ]);
    expect(list.likelyCause?.changeId).toBe(7);
  });

  it('both domain controllers patched by one glob 3 min before they failed', () => {
    const list = rank([change(8, { kind: 'patch', externalRef: 'KB5009557', at: T - 3 * MIN, targets: { hosts: ['dc-?.corp'] } })], ['dc-1', 'dc-2'], ['ad']);
    expect(list.likelyCause).toEqual({
      changeId: 8,
      text: { en: 'likely cause: KB5009557 (patch) on dc-1, dc-2, 3 min before the first failure', fr: 'cause probable : KB5009557 (correctif) sur dc-1, dc-2, 3 min avant la première panne' },
    });
  });

  const all = { hosts: ['10.0.1.*'] };
  it.each([
    // name, changes, failed monitors, likely cause
    ['one change touching every failed monitor', [change(1, { targets: all })], SIPS, 1],
    ['a service containing every failed monitor counts as touching them', [change(1, { targets: { services: ['telephony'] } })], SIPS, 1],
    ['two changes both touching every failed monitor: no likely cause', [change(1, { at: T - 2 * MIN, targets: all }), change(2, { at: T - 10 * MIN, targets: { services: ['sip'] } })], SIPS, null],
    ['the other covering change is older than likely_within: no tie', [change(1, { at: T - 2 * MIN, targets: all }), change(2, { at: T - 3 * HOUR, targets: all })], SIPS, 1],
    ['the only covering change is older than likely_within', [change(1, { at: T - 3 * HOUR, targets: all })], SIPS, null],
    ['the top suspect misses a failed monitor', [change(1, { targets: { monitors: SIPS.slice(0, 5) } })], SIPS, null],
    ['touching by tag is not touching directly', [change(1, { targets: { tags: ['voice'] } })], SIPS, null],
    ['a dependency is not touching directly', [change(1, { targets: { services: ['db'] } })], ['web-1'], null],
    ['the covering change is not the top suspect', [change(1, { at: T - 90 * MIN, targets: { services: ['telephony'] } }), change(2, { at: T, targets: { monitors: ['sip-1', 'sip-2', 'sip-3', 'sip-4', 'sip-5'] } })], SIPS, null],
    ['no suspects at all', [], SIPS, null],
  ] as const)('%s', (_name, changes, failedMonitors, likely) => {
    expect(rank([...changes], [...failedMonitors]).likelyCause?.changeId ?? null).toBe(likely);
  });

  it.each([
    ['names the failed service', { services: ['web'] }, 1],
    ['touches a component only', { monitors: ['web-1'] }, null],
  ] as const)('an incident with failed services only: the change %s', (_name, targets, likely) => {
    expect(rank([change(1, { targets })], [], ['web']).likelyCause?.changeId ?? null).toBe(likely);
  });
});

describe('rankSuspects: texts', () => {
  it.each([
    // kind, external ref, summary, before, English, French
    ['patch', 'KB5009557', 'January update', 4 * MIN, 'KB5009557 (patch) on dc-1, 4 min before the first failure', 'KB5009557 (correctif) sur dc-1, 4 min avant la première panne'],
    ['deploy', null, 'api v2.3.1', 90 * 1000, 'api v2.3.1 (deployment) on dc-1, 1 min 30 s before the first failure', 'api v2.3.1 (déploiement) sur dc-1, 1 min 30 s avant la première panne'],
    ['config', '  ', 'raise LDAP timeouts', 2 * HOUR + 5 * MIN, 'raise LDAP timeouts (configuration change) on dc-1, 2 h 05 min before the first failure', 'raise LDAP timeouts (changement de configuration) sur dc-1, 2 h 05 min avant la première panne'],
    ['certificate', 'CN=dc-1', 'renewed', 0, 'CN=dc-1 (certificate change) on dc-1, at the time of the first failure', 'CN=dc-1 (changement de certificat) sur dc-1, au moment de la première panne'],
    ['dns', null, 'A record changed', 45 * 1000, 'A record changed (DNS change) on dc-1, 45 s before the first failure', 'A record changed (changement DNS) sur dc-1, 45 s avant la première panne'],
    ['other', null, 'rack moved', 10 * MIN, 'rack moved (change) on dc-1, 10 min before the first failure', 'rack moved (changement) sur dc-1, 10 min avant la première panne'],
  ] as const)('%s', (kind, externalRef, summary, before, en, fr) => {
    const [suspect] = rank([change(1, { kind, externalRef, summary, at: T - before, targets: { monitors: ['dc-1'] } })], ['dc-1']).suspects;
    expect(suspect?.text).toEqual({ en, fr });
  });

  it('names what the change touched, in natural order, six at most', () => {
    const ids = Array.from({ length: 8 }, (_, i) => `node-${8 - i}`).concat('node-10');
    const [suspect] = rank([change(1, { kind: 'deploy', externalRef: 'v9', at: T - 2 * MIN, targets: { monitors: ids } })], ids).suspects;
    expect(suspect?.text).toEqual({
      en: 'v9 (deployment) on node-1, node-2, node-3, node-4, node-5, node-6 and 3 more, 2 min before the first failure',
      fr: 'v9 (déploiement) sur node-1, node-2, node-3, node-4, node-5, node-6 et 3 autres, 2 min avant la première panne',
    });
  });

  it('names the service a change was on, not each failed monitor inside it', () => {
    const [suspect] = rank([change(1, { kind: 'deploy', externalRef: 'pbx-2.4', targets: { services: ['telephony'] } })], SIPS).suspects;
    expect(suspect?.text.fr).toBe('pbx-2.4 (déploiement) sur telephony, 5 min avant la première panne');
  });

  it('names the dependency a change was on, not the failed service', () => {
    const [suspect] = rank([change(1, { kind: 'config', externalRef: 'PG-12', targets: { monitors: ['db-1'] } })], ['web-1'], ['web']).suspects;
    expect(suspect?.text.en).toBe('PG-12 (configuration change) on db-1, 5 min before the first failure');
  });
});
