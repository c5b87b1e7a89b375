import { describe, expect, it } from 'vitest';
import { evaluateServices } from '../services/evaluate-services.js';
import { buildServiceModel } from '../services/service-model.js';
import type { ServiceDefinition } from '../services/service.types.js';
import type { MonitorStateName } from '../core/states.js';
import { failureGroups, isRecovered, type TrackedMonitor } from './failure-groups.js';
import { serviceGraph } from './service-graph.js';

const service = (id: string, parts: Partial<ServiceDefinition> = {}): ServiceDefinition => ({ id, name: { en: id, fr: id }, criticality: 'normal', components: [], dependsOn: [], tags: [], ...parts });

const model = buildServiceModel(
  [
    service('authentication', { redundancy: { members: ['dc-1', 'dc-2'], minHealthy: 1 } }),
    service('branch-operations', { components: ['counter'], dependsOn: [{ service: 'authentication', impact: 'outage' }] }),
  ],
  ['dc-1', 'dc-2', 'counter', 'lonely'],
);
const graph = serviceGraph(model);

function situation(states: Record<string, MonitorStateName>, maintenance: string[] = []) {
  const monitors = new Map<string, TrackedMonitor>(Object.entries(states).map(([id, state]) => [id, { state, since: 1000 }]));
  const statuses = evaluateServices(model, new Map(Object.entries(states)), new Set(maintenance));
  const down = Object.keys(states).filter((id) => states[id] === 'down');
  return { monitors, down, statuses, maintenance: new Set(maintenance) };
}

describe('failureGroups', () => {
  it('has no group while everything works', () => {
    const s = situation({ 'dc-1': 'up', 'dc-2': 'up', counter: 'up', lonely: 'up' });
    expect(failureGroups(s.statuses, s.down, graph, s.maintenance)).toEqual([]);
  });

  it('folds a dependant into its root cause: one group rooted in authentication', () => {
    const s = situation({ 'dc-1': 'down', 'dc-2': 'down', counter: 'up' });
    const groups = failureGroups(s.statuses, s.down, graph, s.maintenance);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.root).toEqual({ kind: 'service', id: 'authentication' });
    expect(groups[0]!.refs[0]).toBe('service:authentication');
    expect(groups[0]!.refs).toEqual(expect.arrayContaining(['service:branch-operations', 'monitor:dc-1', 'monitor:dc-2']));
    expect(groups[0]!.services).toEqual(['authentication', 'branch-operations']);
  });

  it('gives a down monitor outside any service a group of its own, unless it is in maintenance', () => {
    const s = situation({ 'dc-1': 'up', 'dc-2': 'up', counter: 'up', lonely: 'down' });
    expect(failureGroups(s.statuses, s.down, graph, s.maintenance).map((g) => g.root)).toEqual([{ kind: 'monitor', id: 'lonely' }]);
    const m = situation({ 'dc-1': 'up', 'dc-2': 'up', counter: 'up', lonely: 'down' }, ['lonely']);
    expect(failureGroups(m.statuses, m.down, graph, m.maintenance)).toEqual([]);
  });

  it('opens nothing for a service in maintenance', () => {
    const s = situation({ 'dc-1': 'down', 'dc-2': 'down', counter: 'up' }, ['authentication', 'branch-operations']);
    expect(failureGroups(s.statuses, s.down, graph, s.maintenance)).toEqual([]);
  });
});

describe('isRecovered', () => {
  it('is true only when every service and monitor referenced works again', () => {
    const failing = situation({ 'dc-1': 'down', 'dc-2': 'up', counter: 'up' });
    expect(isRecovered(['service:authentication', 'monitor:dc-1'], failing.statuses, failing.monitors)).toBe(false);
    const back = situation({ 'dc-1': 'up', 'dc-2': 'up', counter: 'up' });
    expect(isRecovered(['service:authentication', 'monitor:dc-1'], back.statuses, back.monitors)).toBe(true);
  });
});
