/**
 * @module From evaluated services and monitor states to the failures the incident engine acts
 * on: one group per root cause (the deepest failing service, with the services failing because
 * of it folded in), and one per failing monitor that belongs to no service. Pure.
 */
import type { ServiceStatus } from '../services/service.types.js';
import type { MonitorStateName } from '../core/states.js';
import type { RootCause } from './incident.types.js';
import { ref, type ServiceGraph } from './service-graph.js';

/** A monitor's state as the incident engine tracks it. */
export interface TrackedMonitor {
  state: MonitorStateName;
  since: number;
}

/** One root cause and what fails because of it. */
export interface FailureGroup {
  root: RootCause;
  /** References (`service:<id>`, `monitor:<id>`) of everything in the group, root first. */
  refs: string[];
  /** The failing services of the group. */
  services: string[];
}

/** True when a service's state counts as a failure that may open an incident. */
export function isFailing(status: ServiceStatus): boolean {
  return status.state !== 'operational' && status.state !== 'under_maintenance' && !status.plannedOnly;
}

/**
 * The failure groups now. `down` holds the monitors whose state is down: the engine keeps that
 * set as transitions arrive, so that 10,000 healthy monitors cost nothing here.
 */
export function failureGroups(statuses: ReadonlyMap<string, ServiceStatus>, down: Iterable<string>, graph: ServiceGraph, maintenance: ReadonlySet<string>): FailureGroup[] {
  const groups = new Map<string, { root: RootCause; refs: Set<string>; services: Set<string> }>();
  const groupOf = (root: RootCause) => {
    const key = `${root.kind}:${root.id}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { root, refs: new Set([key]), services: new Set() }));
    return group;
  };
  for (const status of statuses.values()) {
    if (!isFailing(status)) continue;
    const roots = status.rootCauses.length > 0 ? status.rootCauses : [{ service: status.id, monitors: [] }];
    for (const cause of roots) {
      const group = groupOf({ kind: 'service', id: cause.service });
      group.refs.add(ref.service(status.id));
      group.services.add(status.id);
      if (statuses.get(cause.service) && isFailing(statuses.get(cause.service)!)) group.services.add(cause.service);
      for (const monitor of cause.monitors) group.refs.add(ref.monitor(monitor));
    }
  }
  for (const monitorId of down) {
    if (graph.inSomeService(monitorId) || maintenance.has(monitorId)) continue;
    groupOf({ kind: 'monitor', id: monitorId });
  }
  return [...groups.values()]
    .map((g) => ({ root: g.root, refs: [...g.refs], services: [...g.services].sort() }))
    .sort((a, b) => a.refs[0]!.localeCompare(b.refs[0]!));
}

/** True when everything an incident covers is working again (or in planned maintenance). */
export function isRecovered(affected: readonly string[], statuses: ReadonlyMap<string, ServiceStatus>, monitors: ReadonlyMap<string, TrackedMonitor>): boolean {
  return affected.every((reference) => {
    if (reference.startsWith('service:')) {
      const status = statuses.get(reference.slice('service:'.length));
      return status === undefined || !isFailing(status);
    }
    const monitor = monitors.get(reference.slice('monitor:'.length));
    return monitor === undefined || (monitor.state !== 'down' && monitor.state !== 'degraded');
  });
}
