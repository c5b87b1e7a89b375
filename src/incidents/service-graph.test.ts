import { describe, expect, it } from 'vitest';
import { buildServiceModel } from '../services/service-model.js';
import type { ServiceDefinition } from '../services/service.types.js';
import { refId, serviceGraph } from './service-graph.js';

const service = (id: string, parts: Partial<ServiceDefinition> = {}): ServiceDefinition => ({ id, name: { en: id, fr: id }, criticality: 'normal', components: [], dependsOn: [], tags: [], ...parts });

const model = buildServiceModel(
  [
    service('authentication', { redundancy: { members: ['dc-1', 'dc-2'], minHealthy: 1 } }),
    service('branch-operations', { components: ['counter'], dependsOn: [{ service: 'authentication', impact: 'outage' }] }),
    service('territory', { components: ['branch-operations'] }),
    service('website', { components: ['web'] }),
  ],
  ['dc-1', 'dc-2', 'counter', 'web', 'lonely'],
);
const graph = serviceGraph(model);

describe('serviceGraph', () => {
  it('finds the services containing a monitor, through nested services', () => {
    expect(graph.ancestors('counter')).toEqual(['branch-operations', 'territory']);
    expect(graph.ancestors('dc-1')).toEqual(['authentication']);
    expect(graph.ancestors('lonely')).toEqual([]);
  });

  it('tells monitors that belong to no service', () => {
    expect(graph.inSomeService('web')).toBe(true);
    expect(graph.inSomeService('lonely')).toBe(false);
  });

  it('connects services through dependencies and containment, in both directions, and nothing else', () => {
    expect(graph.connected('authentication', 'branch-operations')).toBe(true);
    expect(graph.connected('territory', 'authentication')).toBe(true);
    expect(graph.connected('website', 'authentication')).toBe(false);
  });
});

describe('refId', () => {
  it('reads the id of a reference of the asked kind only', () => {
    expect(refId('service:mail', 'service')).toBe('mail');
    expect(refId('monitor:mail', 'service')).toBeUndefined();
  });
});
