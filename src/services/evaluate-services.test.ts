/** @module Table-driven tests of service evaluation: k-of-n edges, components, nesting, dependencies, maintenance. */
import { describe, expect, it } from 'vitest';
import type { MonitorStateName } from '../core/states.js';
import { evaluateServices } from './evaluate-services.js';
import { causeText } from './reasons.js';
import { buildServiceModel } from './service-model.js';
import type { ServiceDefinition, ServiceStatus } from './service.types.js';

function service(id: string, rest: Partial<ServiceDefinition>): ServiceDefinition {
  return { id, name: { en: id, fr: id }, criticality: 'normal', components: [], dependsOn: [], tags: [], ...rest };
}

const CALL_SERVERS = ['call-1', 'call-2', 'call-3', 'call-4', 'call-5', 'call-6'];

function emergency(minHealthy: number): ServiceDefinition {
  return service('emergency-calls', {
    name: { en: 'Emergency calls', fr: 'Appels d’urgence' },
    criticality: 'vital',
    redundancy: { members: CALL_SERVERS, minHealthy, memberLabel: { en: 'call servers', fr: 'serveurs d’appel' } },
  });
}

/** `down: 2` puts the first two call servers down, the rest up. */
function calls(down: number, extra: Record<string, MonitorStateName> = {}): Map<string, MonitorStateName> {
  return new Map([...CALL_SERVERS.map((id, i): [string, MonitorStateName] => [id, i < down ? 'down' : 'up']), ...Object.entries(extra)]);
}

function evaluate(services: ServiceDefinition[], states: Map<string, MonitorStateName>, maintenance: string[] = []): Map<string, ServiceStatus> {
  const monitorIds = [...states.keys()];
  return evaluateServices(buildServiceModel(services, monitorIds), states, new Set(maintenance));
}

describe('redundancy (k of n)', () => {
  it.each([
    // k, monitors down, state, healthy
    [4, 0, 'operational', 6],
    [4, 1, 'degraded_performance', 5],
    [4, 2, 'degraded_performance', 4], // exactly k: still working, redundancy reduced
    [4, 3, 'partial_outage', 3], // one below k
    [4, 5, 'partial_outage', 1],
    [4, 6, 'major_outage', 0],
    [6, 1, 'partial_outage', 5], // k = n: no redundancy left to lose
    [1, 5, 'degraded_performance', 1],
    [1, 6, 'major_outage', 0],
  ] as const)('k=%i with %i of 6 down: %s', (k, down, state, healthy) => {
    const status = evaluate([emergency(k)], calls(down)).get('emergency-calls')!;
    expect(status.state).toBe(state);
    expect(status.redundancy).toEqual({ healthy, total: 6, minHealthy: k, failing: CALL_SERVERS.slice(0, down) });
    expect(status.rootCauses).toEqual(down === 0 ? [] : [{ service: 'emergency-calls', monitors: CALL_SERVERS.slice(0, down) }]);
  });

  it('says "redundancy reduced" in both languages, then "below the minimum"', () => {
    const reduced = evaluate([emergency(4)], calls(2)).get('emergency-calls')!;
    expect(reduced.reasons[0]).toEqual({
      code: 'redundancy_reduced',
      en: 'redundancy reduced: 4 of 6 call servers healthy (at least 4 needed)',
      fr: 'redondance réduite : 4 serveurs d’appel sur 6 en service (au moins 4 nécessaires)',
    });
    expect(reduced.reasons.slice(1).map((r) => [r.code, r.subject, r.en, r.fr])).toEqual([
      ['member_down', 'call-1', 'call-1 is down', 'call-1 est en panne'],
      ['member_down', 'call-2', 'call-2 is down', 'call-2 est en panne'],
    ]);
    const lost = evaluate([emergency(4)], calls(3)).get('emergency-calls')!;
    expect(lost.reasons[0]!.en).toBe('below the minimum: 3 of 6 call servers healthy, at least 4 needed');
  });

  it.each([
    ['no data yet (pending) is not a failure', { 'call-1': 'pending' }, 'operational', []],
    ['a paused member is not a failure', { 'call-1': 'paused' }, 'operational', []],
    ['unknown is named but not counted as failed', { 'call-1': 'unknown' }, 'operational', ['member_unknown']],
    ['a degraded member keeps capacity but degrades the service', { 'call-1': 'degraded' }, 'degraded_performance', ['member_degraded']],
  ] as const)('%s', (_name, extra, state, codes) => {
    const status = evaluate([emergency(4)], calls(0, extra)).get('emergency-calls')!;
    expect(status.state).toBe(state);
    expect(status.reasons.map((r) => r.code)).toEqual(codes);
  });

  it('a member under maintenance reduces capacity, planned only; with an unplanned failure it is not', () => {
    const planned = evaluate([emergency(4)], calls(0), ['call-6']).get('emergency-calls')!;
    expect([planned.state, planned.plannedOnly, planned.redundancy!.healthy]).toEqual(['degraded_performance', true, 5]);
    expect(planned.reasons.map((r) => r.code)).toEqual(['redundancy_reduced', 'member_maintenance']);
    const mixed = evaluate([emergency(4)], calls(1), ['call-6']).get('emergency-calls')!;
    expect([mixed.state, mixed.plannedOnly]).toEqual(['degraded_performance', false]);
  });
});

describe('components (all needed)', () => {
  const web = service('web', { components: ['web-http', 'web-tls'] });
  it.each([
    [{ 'web-http': 'up', 'web-tls': 'up' }, 'operational'],
    [{ 'web-http': 'down', 'web-tls': 'up' }, 'partial_outage'],
    [{ 'web-http': 'down', 'web-tls': 'down' }, 'major_outage'],
    [{ 'web-http': 'degraded', 'web-tls': 'up' }, 'degraded_performance'],
    [{ 'web-http': 'down', 'web-tls': 'degraded' }, 'partial_outage'],
    [{ 'web-http': 'pending', 'web-tls': 'unknown' }, 'operational'],
  ] as const)('%j → %s', (states, state) => {
    expect(evaluate([web], new Map(Object.entries(states))).get('web')!.state).toBe(state);
  });

  it('one component down of one is a major outage', () => {
    expect(evaluate([service('solo', { components: ['m'] })], new Map([['m', 'down']])).get('solo')!.state).toBe('major_outage');
  });
});

describe('nested services', () => {
  const site = (n: number) => service(`site-${n}`, { components: [`sbc-${n}`, `call-${n}`] });
  const sites = [1, 2, 3].map(site);
  const national = service('national', { redundancy: { members: ['site-1', 'site-2', 'site-3'], minHealthy: 2 } });
  const states = (down: string[]) => new Map(['sbc-1', 'call-1', 'sbc-2', 'call-2', 'sbc-3', 'call-3'].map((id): [string, MonitorStateName] => [id, down.includes(id) ? 'down' : 'up']));

  it.each([
    [[], 'operational', 3],
    [['call-1'], 'degraded_performance', 3], // site-1 in partial outage still serves: counted healthy, passes "degraded" up
    [['call-1', 'sbc-1'], 'degraded_performance', 2], // site-1 in major outage: redundancy reduced
    [['call-1', 'sbc-1', 'call-2', 'sbc-2'], 'partial_outage', 1],
  ] as const)('monitors %j down → %s with %i healthy sites', (down, state, healthy) => {
    const status = evaluate([national, ...sites], states([...down])).get('national')!;
    expect([status.state, status.redundancy!.healthy]).toEqual([state, healthy]);
  });

  it('gives the nested service as root cause, not the parent', () => {
    const status = evaluate([national, ...sites], states(['call-1', 'sbc-1'])).get('national')!;
    expect(status.rootCauses).toEqual([{ service: 'site-1', monitors: ['call-1', 'sbc-1'] }]);
  });

  it('a nested component in partial outage puts its parent in partial outage', () => {
    const parent = service('parent', { components: ['site-1', 'extra'] });
    const status = evaluate([parent, site(1)], new Map([['sbc-1', 'down'], ['call-1', 'up'], ['extra', 'up']])).get('parent')!;
    expect(status.state).toBe('partial_outage');
    expect(status.reasons.map((r) => [r.code, r.en])).toEqual([['component_degraded', 'site-1 is degraded (partial outage)']]);
  });
});

describe('dependencies', () => {
  const authentication = service('authentication', { name: { en: 'Authentication', fr: 'Authentification' }, redundancy: { members: ['dc1', 'dc2'], minHealthy: 1 } });
  const branch = service('branch-operations', { components: ['branch-app'], dependsOn: [{ service: 'authentication', impact: 'outage' }] });
  const phone = service('phone-line', { components: ['ivr'], dependsOn: [{ service: 'authentication', impact: 'degraded' }] });
  const all = [branch, phone, authentication];
  const states = (down: string[]) => new Map(['dc1', 'dc2', 'branch-app', 'ivr'].map((id): [string, MonitorStateName] => [id, down.includes(id) ? 'down' : 'up']));

  it.each([
    [[], 'operational', 'operational', 'operational'],
    [['dc1'], 'degraded_performance', 'operational', 'operational'], // a degraded dependency does not spread
    [['dc1', 'dc2'], 'major_outage', 'major_outage', 'degraded_performance'],
    [['branch-app'], 'operational', 'major_outage', 'operational'],
  ] as const)('%j down → authentication %s, branch operations %s, phone line %s', (down, auth, branchState, phoneState) => {
    const statuses = evaluate(all, states([...down]));
    expect(['authentication', 'branch-operations', 'phone-line'].map((id) => statuses.get(id)!.state)).toEqual([auth, branchState, phoneState]);
  });

  it('folds dependants under the root cause: the failing dependency and its monitors', () => {
    const statuses = evaluate(all, states(['dc1', 'dc2']));
    const rootCause = [{ service: 'authentication', monitors: ['dc1', 'dc2'] }];
    expect(statuses.get('branch-operations')!.rootCauses).toEqual(rootCause);
    expect(statuses.get('phone-line')!.rootCauses).toEqual(rootCause);
    expect(statuses.get('branch-operations')!.reasons).toEqual([
      { code: 'dependency_failed', subject: 'authentication', en: 'depends on Authentication, which is in major outage', fr: 'dépend de Authentification, en panne majeure' },
    ]);
  });

  it('keeps both root causes when the service fails on its own too', () => {
    const status = evaluate(all, states(['dc1', 'dc2', 'branch-app'])).get('branch-operations')!;
    expect(status.rootCauses).toEqual([
      { service: 'authentication', monitors: ['dc1', 'dc2'] },
      { service: 'branch-operations', monitors: ['branch-app'] },
    ]);
  });

  it('a dependency under maintenance reads under_maintenance; its dependants fail, planned only', () => {
    const statuses = evaluate(all, states(['dc1', 'dc2']), ['authentication']);
    const auth = statuses.get('authentication')!;
    expect([auth.state, auth.actualState, auth.plannedOnly, auth.reasons[0]!.code]).toEqual(['under_maintenance', 'major_outage', true, 'under_maintenance']);
    const branchStatus = statuses.get('branch-operations')!;
    expect([branchStatus.state, branchStatus.plannedOnly]).toEqual(['major_outage', true]);
    expect(branchStatus.reasons[0]!.en).toBe('depends on Authentication, which is in major outage, during its maintenance');
  });

  it('the service itself under maintenance reads under_maintenance even when operational', () => {
    const status = evaluate(all, states([]), ['branch-operations']).get('branch-operations')!;
    expect([status.state, status.actualState, status.plannedOnly, status.rootCauses]).toEqual(['under_maintenance', 'operational', true, []]);
  });
});

describe('the cause of a state', () => {
  const withTraffic = service('emergency-calls', {
    name: { en: 'Emergency calls', fr: 'Appels d’urgence' },
    criticality: 'high',
    components: ['calls-traffic'],
    redundancy: { members: CALL_SERVERS, minHealthy: 4, memberLabel: { en: 'call servers', fr: 'serveurs d’appel' } },
  });

  it('names every cause that holds, the worst first: the traffic component and the redundancy below its minimum', () => {
    const status = evaluate([withTraffic], calls(4, { 'calls-traffic': 'down' })).get('emergency-calls')!;
    expect(status.state).toBe('major_outage');
    expect(causeText(status)).toEqual({
      en: 'calls-traffic is down; below the minimum: 2 of 6 call servers healthy, at least 4 needed',
      fr: 'calls-traffic est en panne ; sous le minimum : 2 serveurs d’appel sur 6 en service, au moins 4 nécessaires',
    });
  });

  it('names the one cause when one holds, and leaves out what does not explain the state', () => {
    const redundancyOnly = evaluate([withTraffic], calls(4, { 'calls-traffic': 'up', 'call-6': 'unknown' })).get('emergency-calls')!;
    expect(causeText(redundancyOnly)?.en).toBe('below the minimum: 2 of 6 call servers healthy, at least 4 needed');
    const trafficOnly = evaluate([withTraffic], calls(0, { 'calls-traffic': 'down' })).get('emergency-calls')!;
    expect(causeText(trafficOnly)?.en).toBe('calls-traffic is down');
    expect(causeText(evaluate([withTraffic], calls(0, { 'calls-traffic': 'up' })).get('emergency-calls')!)).toBeNull();
  });

  it('names a failing dependency with the service\'s own failure, and maintenance first', () => {
    const authentication = service('authentication', { name: { en: 'Authentication', fr: 'Authentification' }, redundancy: { members: ['dc1', 'dc2'], minHealthy: 1 } });
    const branch = service('branch-operations', { components: ['branch-app'], dependsOn: [{ service: 'authentication', impact: 'degraded' }] });
    const states = new Map<string, MonitorStateName>([['dc1', 'down'], ['dc2', 'down'], ['branch-app', 'down']]);
    const status = evaluate([branch, authentication], states, ['branch-operations']).get('branch-operations')!;
    expect(causeText(status)?.en).toBe('in a maintenance window; branch-app is down; depends on Authentication, which is in major outage');
  });
});
