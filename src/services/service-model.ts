/**
 * @module Checks the references between services (members, components, dependencies) against
 * the known monitor and service ids, finds cycles, and builds the {@link ServiceModel} with its
 * evaluation order. Pure.
 */
import { suggest } from '../config/suggest.js';
import type { ServiceDefinition, ServiceModel } from './service.types.js';

/** A problem in `services[]`, at a path relative to the list (`[3, 'depends_on', 0]`). */
export interface ServiceIssue {
  path: (string | number)[];
  message: string;
}

/** One reference from a service to a member or a dependency, with where it is written. */
interface Edge {
  to: string;
  path: (string | number)[];
  kind: 'component' | 'member' | 'dependency';
}

function edgesOf(service: ServiceDefinition, index: number): Edge[] {
  return [
    ...service.components.map((to, j): Edge => ({ to, path: [index, 'components', j], kind: 'component' })),
    ...(service.redundancy?.members ?? []).map((to, j): Edge => ({ to, path: [index, 'redundancy', 'members', j], kind: 'member' })),
    ...service.dependsOn.map((d, j): Edge => ({ to: d.service, path: [index, 'depends_on', j], kind: 'dependency' })),
  ];
}

function unknownId(id: string, kind: Edge['kind'], monitorIds: readonly string[], serviceIds: readonly string[]): string {
  if (kind === 'dependency' && monitorIds.includes(id)) return `"${id}" is a monitor; \`depends_on\` names services (list the monitor in \`components\`)`;
  const close = suggest(id, kind === 'dependency' ? serviceIds : [...monitorIds, ...serviceIds]);
  const what = kind === 'dependency' ? 'is not a service' : 'is neither a monitor nor a service';
  return `"${id}" ${what}${close ? `; did you mean "${close}"?` : ''}`;
}

/** Duplicate ids, ids shared with monitors, unknown or repeated references, a service naming itself. */
export function referenceIssues(services: readonly ServiceDefinition[], monitorIds: readonly string[]): ServiceIssue[] {
  const issues: ServiceIssue[] = [];
  const monitors = new Set(monitorIds);
  const first = new Map<string, number>();
  services.forEach((s, i) => {
    const seen = first.get(s.id);
    if (seen !== undefined) issues.push({ path: [i, 'id'], message: `duplicate service id "${s.id}"; it is already used by services[${seen}]` });
    else first.set(s.id, i);
    if (monitors.has(s.id)) issues.push({ path: [i, 'id'], message: `"${s.id}" is already a monitor id; services and monitors share one set of ids` });
  });
  const serviceIds = [...first.keys()];
  services.forEach((s, i) => {
    const used = new Set<string>();
    for (const edge of edgesOf(s, i)) {
      const known = edge.kind === 'dependency' ? first.has(edge.to) : first.has(edge.to) || monitors.has(edge.to);
      if (edge.to === s.id) issues.push({ path: edge.path, message: `a service cannot contain or depend on itself` });
      else if (!known) issues.push({ path: edge.path, message: unknownId(edge.to, edge.kind, monitorIds, serviceIds) });
      else if (edge.kind !== 'dependency' && used.has(edge.to)) issues.push({ path: edge.path, message: `"${edge.to}" is listed twice among the components and members` });
      if (edge.kind !== 'dependency') used.add(edge.to);
    }
  });
  return issues;
}

/**
 * Cycles through components, members and dependencies between services, each reported once at the
 * reference that closes it: `dependency cycle: branch-operations → authentication → branch-operations`.
 */
export function cycleIssues(services: readonly ServiceDefinition[]): ServiceIssue[] {
  const index = new Map<string, number>();
  services.forEach((s, i) => {
    if (!index.has(s.id)) index.set(s.id, i);
  });
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const issues: ServiceIssue[] = [];
  const visit = (id: string): void => {
    state.set(id, 'visiting');
    stack.push(id);
    const i = index.get(id)!;
    for (const edge of edgesOf(services[i]!, i)) {
      if (!index.has(edge.to) || edge.to === id) continue;
      const seen = state.get(edge.to);
      if (seen === 'visiting') {
        const loop = stack.slice(stack.indexOf(edge.to));
        const names = [id, ...loop.slice(0, -1), id];
        issues.push({ path: edge.path, message: `dependency cycle: ${names.join(' → ')}` });
      } else if (seen === undefined) visit(edge.to);
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const s of services) if (!state.has(s.id)) visit(s.id);
  return issues;
}

/**
 * Builds the model of valid services (see {@link referenceIssues} and {@link cycleIssues}): the
 * evaluation order puts every service after the services it contains or depends on.
 */
export function buildServiceModel(services: readonly ServiceDefinition[], monitorIds: Iterable<string>): ServiceModel {
  const byId = new Map(services.map((s) => [s.id, s]));
  const order: string[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>(); // a cycle (only in an invalid model) stops instead of looping
  const place = (id: string): void => {
    if (placed.has(id) || visiting.has(id)) return;
    visiting.add(id);
    const s = byId.get(id)!;
    for (const next of [...s.components, ...(s.redundancy?.members ?? []), ...s.dependsOn.map((d) => d.service)]) {
      if (byId.has(next)) place(next);
    }
    visiting.delete(id);
    placed.add(id);
    order.push(id);
  };
  for (const s of services) place(s.id);
  return { services: byId, order, monitorIds: new Set(monitorIds) };
}
