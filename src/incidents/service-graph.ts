/**
 * @module Questions the incident engine asks of the service model: which services contain a
 * monitor (directly or through nested services), which monitors belong to no service, and
 * whether two services are connected (containment or dependency) so that their failures are
 * related. Pure.
 */
import type { ServiceDefinition, ServiceModel } from '../services/service.types.js';

/** The direct members of a service: components and redundancy members. */
export function membersOf(service: ServiceDefinition): string[] {
  return [...service.components, ...(service.redundancy?.members ?? [])];
}

/** Precomputed lookups over one model. */
export interface ServiceGraph {
  /** Services that contain this monitor or service, transitively (not including itself). */
  ancestors(id: string): readonly string[];
  /** True when the monitor is a member of some service. */
  inSomeService(monitorId: string): boolean;
  /** True when a and b are linked by containment or dependency, in either direction. */
  connected(a: string, b: string): boolean;
}

/** Builds the lookups for a model. */
export function serviceGraph(model: ServiceModel): ServiceGraph {
  const parents = new Map<string, Set<string>>();
  const links = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (!links.has(a)) links.set(a, new Set());
    if (!links.has(b)) links.set(b, new Set());
    links.get(a)!.add(b);
    links.get(b)!.add(a);
  };
  for (const service of model.services.values()) {
    for (const member of membersOf(service)) {
      if (!parents.has(member)) parents.set(member, new Set());
      parents.get(member)!.add(service.id);
      if (model.services.has(member)) link(service.id, member);
    }
    for (const dep of service.dependsOn) link(service.id, dep.service);
  }
  // The graph never changes (a new config builds a new one): each answer is computed once.
  const ancestorsOf = new Map<string, readonly string[]>();
  const ancestors = (id: string): readonly string[] => {
    let known = ancestorsOf.get(id);
    if (!known) ancestorsOf.set(id, (known = Object.freeze(walkUp(id))));
    return known;
  };
  const walkUp = (id: string): string[] => {
    const seen = new Set<string>();
    const queue = [...(parents.get(id) ?? [])];
    while (queue.length > 0) {
      const next = queue.shift()!;
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(...(parents.get(next) ?? []));
    }
    return [...seen].sort();
  };
  const connected = (a: string, b: string): boolean => {
    if (a === b) return true;
    const seen = new Set([a]);
    const queue = [a];
    while (queue.length > 0) {
      for (const next of links.get(queue.shift()!) ?? []) {
        if (next === b) return true;
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    return false;
  };
  return { ancestors, inSomeService: (monitorId) => parents.has(monitorId), connected };
}

/** `service:<id>` / `monitor:<id>` references, as kept in an incident's `affected` list. */
export const ref = {
  service: (id: string) => `service:${id}`,
  monitor: (id: string) => `monitor:${id}`,
};

/** The id behind a reference, when it is of that kind. */
export function refId(reference: string, kind: 'service' | 'monitor'): string | undefined {
  return reference.startsWith(`${kind}:`) ? reference.slice(kind.length + 1) : undefined;
}
