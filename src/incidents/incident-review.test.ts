import { describe, expect, it } from 'vitest';
import { buildServiceModel } from '../services/service-model.js';
import type { ServiceDefinition } from '../services/service.types.js';
import type { Transition } from '../engine/monitor-state.js';
import type { Incident } from './incident.types.js';
import type { Observation, ServiceChangeNote } from './incident-processor.js';
import { concerns } from './incident-review.js';
import { DEFAULT_TIMINGS, type IncidentContext } from './incident-settings.js';
import { serviceGraph } from './service-graph.js';

const service = (id: string, parts: Partial<ServiceDefinition> = {}): ServiceDefinition => ({ id, name: { en: id, fr: id }, criticality: 'normal', components: [], dependsOn: [], tags: [], ...parts });

const model = buildServiceModel(
  [
    service('authentication', { redundancy: { members: ['dc-1', 'dc-2'], minHealthy: 1 } }),
    service('branch-operations', { components: ['counter'], dependsOn: [{ service: 'authentication', impact: 'outage' }] }),
    service('mail', { components: ['smtp'] }),
  ],
  ['dc-1', 'dc-2', 'counter', 'smtp', 'lonely', 'other'],
);
const ctx: IncidentContext = { model, graph: serviceGraph(model), windows: [], timings: DEFAULT_TIMINGS, monitorName: (id) => id };

function incident(affected: string[]): Incident {
  return {
    id: 1, source: 'auto', status: 'open', severity: 'SEV3', title: { en: 't', fr: 't' }, summary: null, serviceId: null, rootCause: null, affected,
    commonMode: false, firstFailureAt: null, openedAt: 0, lastFailureAt: 0, recoveredAt: null, acknowledgedAt: null, mitigatedAt: null, resolvedAt: null, reopened: 0, updatedAt: 0,
  };
}

function observation(monitorId: string | null, serviceChanges: ServiceChangeNote[] = []): Observation {
  const transition: Transition | null = monitorId === null ? null : { id: 7, monitorId, at: 1000, kind: 'state', fromState: 'up', toState: 'down', eventType: null, reason: 'down', details: null };
  return { at: 1000, now: 1000, transition, statuses: new Map(), serviceChanges, monitors: new Map(), down: new Set(), maintenance: new Set() };
}

const change = (serviceId: string): ServiceChangeNote => ({ serviceId, at: 1000, from: 'operational', to: 'major_outage', why: null });

describe('concerns', () => {
  const authIncident = incident(['service:authentication', 'monitor:dc-1']);

  it('concerns every incident on a tick (maintenance windows and timers move without transitions)', () => {
    expect(concerns(incident(['monitor:lonely']), observation(null), ctx)).toBe(true);
  });

  it('concerns an incident covering the monitor that changed, directly or through its service', () => {
    expect(concerns(incident(['monitor:lonely']), observation('lonely'), ctx)).toBe(true);
    expect(concerns(authIncident, observation('dc-2'), ctx)).toBe(true);
  });

  it('concerns an incident whose service, or a service containing it, changed', () => {
    expect(concerns(incident(['service:branch-operations']), observation('other', [change('branch-operations')]), ctx)).toBe(true);
    expect(concerns(incident(['service:mail']), observation('other', [change('mail')]), ctx)).toBe(true);
  });

  it('leaves alone an incident that neither the monitor nor any changed service touches', () => {
    expect(concerns(authIncident, observation('lonely'), ctx)).toBe(false);
    expect(concerns(authIncident, observation('smtp', [change('mail')]), ctx)).toBe(false);
    expect(concerns(incident(['monitor:lonely']), observation('other'), ctx)).toBe(false);
  });
});
