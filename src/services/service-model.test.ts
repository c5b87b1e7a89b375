/** @module Tests of service references, cycles and evaluation order. */
import { describe, expect, it } from 'vitest';
import { buildServiceModel, cycleIssues, referenceIssues } from './service-model.js';
import type { ServiceDefinition } from './service.types.js';

function service(id: string, rest: Partial<ServiceDefinition> = {}): ServiceDefinition {
  return { id, name: { en: id, fr: id }, criticality: 'normal', components: [], dependsOn: [], tags: [], ...rest };
}
const dep = (name: string) => ({ service: name, impact: 'outage' as const });

describe('cycleIssues', () => {
  it.each([
    [
      'two services depending on each other',
      [service('branch-operations', { dependsOn: [dep('authentication')] }), service('authentication', { dependsOn: [dep('branch-operations')] })],
      [{ path: [1, 'depends_on', 0], message: 'dependency cycle: authentication → branch-operations → authentication' }],
    ],
    [
      'a cycle through a component and a redundancy member',
      [service('a', { components: ['b'] }), service('b', { redundancy: { members: ['m1', 'c'], minHealthy: 1 } }), service('c', { dependsOn: [dep('a')] })],
      [{ path: [2, 'depends_on', 0], message: 'dependency cycle: c → a → b → c' }],
    ],
    ['no cycle in a diamond', [service('top', { dependsOn: [dep('left'), dep('right')] }), service('left', { dependsOn: [dep('base')] }), service('right', { dependsOn: [dep('base')] }), service('base', { components: ['m'] })], []],
    [
      'two separate cycles, each reported once',
      [service('a', { dependsOn: [dep('b')] }), service('b', { dependsOn: [dep('a')] }), service('c', { components: ['d'] }), service('d', { components: ['c'] })],
      [
        { path: [1, 'depends_on', 0], message: 'dependency cycle: b → a → b' },
        { path: [3, 'components', 0], message: 'dependency cycle: d → c → d' },
      ],
    ],
  ])('%s', (_name, services, expected) => {
    expect(cycleIssues(services)).toEqual(expected);
  });
});

describe('referenceIssues', () => {
  it('names unknown, duplicate and misplaced references, with suggestions', () => {
    const services = [
      service('emergency-calls', { redundancy: { members: ['call-1', 'cal-2', 'call-1'], minHealthy: 1 } }),
      service('branch-operations', { components: ['branch-app'], dependsOn: [dep('authentcation'), dep('dc1'), dep('branch-operations')] }),
      service('authentication', { components: ['dc1'] }),
      service('branch-app', { components: ['branch-app'] }),
      service('authentication', { components: ['dc1'] }),
    ];
    expect(referenceIssues(services, ['call-1', 'call-2', 'branch-app', 'dc1'])).toEqual([
      { path: [3, 'id'], message: '"branch-app" is already a monitor id; services and monitors share one set of ids' },
      { path: [4, 'id'], message: 'duplicate service id "authentication"; it is already used by services[2]' },
      { path: [0, 'redundancy', 'members', 1], message: '"cal-2" is neither a monitor nor a service; did you mean "call-2"?' },
      { path: [0, 'redundancy', 'members', 2], message: '"call-1" is listed twice among the components and members' },
      { path: [1, 'depends_on', 0], message: '"authentcation" is not a service; did you mean "authentication"?' },
      { path: [1, 'depends_on', 1], message: '"dc1" is a monitor; `depends_on` names services (list the monitor in `components`)' },
      { path: [1, 'depends_on', 2], message: 'a service cannot contain or depend on itself' },
      { path: [3, 'components', 0], message: 'a service cannot contain or depend on itself' },
    ]);
  });
});

describe('buildServiceModel', () => {
  it('orders every service after what it contains and depends on', () => {
    const model = buildServiceModel(
      [service('website', { components: ['web'], dependsOn: [dep('domain')] }), service('mail', { components: ['smtp'], dependsOn: [dep('domain')] }), service('domain', { components: ['domain-ge-ch'] })],
      ['web', 'smtp', 'domain-ge-ch'],
    );
    expect(model.order).toEqual(['domain', 'website', 'mail']);
    expect([...model.monitorIds]).toEqual(['web', 'smtp', 'domain-ge-ch']);
  });

  it('stops on a cycle instead of looping (an invalid model)', () => {
    const model = buildServiceModel([service('a', { dependsOn: [dep('b')] }), service('b', { dependsOn: [dep('a')] })], []);
    expect(model.order).toEqual(['b', 'a']);
  });
});
