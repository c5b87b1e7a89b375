/**
 * @module Does a change touch a monitor? A change (or a rollout ring) names monitors and services
 * by id, tags, and hosts by glob (`dc-*.corp`); a monitor is touched when it is named, when its
 * check's host matches a glob, when it belongs (transitively) to a named service, or when it
 * shares a tag. Pure.
 */
import { membersOf } from '../incidents/service-graph.js';
import type { ServiceDefinition } from '../services/service.types.js';
import type { ChangeTargets } from './changes.types.js';

/** What a change can be matched against, for one monitor. */
export interface MonitorFacts {
  id: string;
  tags: string[];
  /** The check's target: `host` or `host:port`, maybe an IPv6 `[::1]:443`; null when it has none. */
  host: string | null;
}

/** What selects monitors: a change's targets, or a rollout ring's (rings name no hosts). */
export type TargetSelector = Pick<ChangeTargets, 'monitors' | 'services' | 'tags'> & { hosts?: readonly string[] };

/** The direct links of a change to a monitor, strongest first. */
export type MonitorLink = 'same_monitor' | 'same_host' | 'same_service' | 'shared_tag';

/**
 * The host part of `host`, `host:port`, `[v6]`, `[v6]:port` or a bare IPv6 address, lowercased
 * and without a trailing dot (`DC-1.corp.:389` → `dc-1.corp`).
 */
export function hostPart(host: string): string {
  let h = host.trim().toLowerCase();
  const bracketed = /^\[([^\]]*)\](?::\d+)?$/.exec(h);
  if (bracketed) return bracketed[1]!;
  const colon = h.lastIndexOf(':');
  // A single colon followed by digits is a port; several colons are an IPv6 address.
  if (colon > 0 && h.indexOf(':') === colon && /^\d+$/.test(h.slice(colon + 1))) h = h.slice(0, colon);
  return h.endsWith('.') ? h.slice(0, -1) : h;
}

const compiled = new Map<string, RegExp>();
const MAX_COMPILED = 1000;

/** `**` → any run, `*` → any run without '.', `?` → one character; everything else literal. */
function globRegExp(glob: string): RegExp {
  let known = compiled.get(glob);
  if (known) return known;
  let source = '';
  const text = hostPart(glob);
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '*' && text[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (c === '*') source += '[^.]*';
    else if (c === '?') source += '.';
    else source += c.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  }
  known = new RegExp(`^${source}$`, 'isu');
  if (compiled.size >= MAX_COMPILED) compiled.clear();
  compiled.set(glob, known);
  return known;
}

/**
 * True when `host` (its port stripped) matches `glob`, case-insensitively: `*` matches any run of
 * characters except '.', `**` any run including '.', `?` one character.
 */
export function hostGlobMatches(glob: string, host: string): boolean {
  const h = hostPart(host);
  return h !== '' && globRegExp(glob).test(h);
}

/**
 * The strongest direct link of a change to a monitor, or null: the monitor is named
 * (`same_monitor`), its host matches a host glob (`same_host`), a named service contains it
 * (`same_service`; `servicesOfMonitor` = every service containing it, see {@link servicesContaining}),
 * or it shares a tag (`shared_tag`).
 */
export function changeTouchesMonitor(targets: TargetSelector, monitor: MonitorFacts, servicesOfMonitor: ReadonlySet<string>): MonitorLink | null {
  if (targets.monitors.includes(monitor.id)) return 'same_monitor';
  const host = monitor.host;
  if (host !== null && (targets.hosts ?? []).some((glob) => hostGlobMatches(glob, host))) return 'same_host';
  if (targets.services.some((s) => servicesOfMonitor.has(s))) return 'same_service';
  if (targets.tags.some((t) => monitor.tags.includes(t))) return 'shared_tag';
  return null;
}

/**
 * Monitor id → every service that contains it, as a component or a redundancy member, directly or
 * through services that contain services. Ids that are services themselves are not keys.
 */
export function servicesContaining(services: ReadonlyMap<string, ServiceDefinition>): Map<string, Set<string>> {
  const parents = new Map<string, Set<string>>();
  for (const service of services.values()) {
    for (const member of membersOf(service)) {
      if (!parents.has(member)) parents.set(member, new Set());
      parents.get(member)!.add(service.id);
    }
  }
  const result = new Map<string, Set<string>>();
  for (const id of parents.keys()) {
    if (services.has(id)) continue;
    const seen = new Set<string>();
    const queue = [...parents.get(id)!];
    while (queue.length > 0) {
      const next = queue.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(...(parents.get(next) ?? []));
    }
    result.set(id, seen);
  }
  return result;
}

const NO_SERVICES: ReadonlySet<string> = new Set();

/** Every monitor among `monitors` that a change or a rollout ring reaches (any link), sorted by id. */
export function monitorsOfTargets(targets: TargetSelector, monitors: readonly MonitorFacts[], services: ReadonlyMap<string, ServiceDefinition>): string[] {
  const containing = servicesContaining(services);
  return monitors
    .filter((m) => changeTouchesMonitor(targets, m, containing.get(m.id) ?? NO_SERVICES) !== null)
    .map((m) => m.id)
    .sort();
}
