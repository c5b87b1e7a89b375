/**
 * @module The suspect changes of an incident, ranked, and the likely cause when one stands out.
 * Pure: the incident's failed monitors and services, the changes and the topology are given.
 *
 * Rules:
 * - **Candidates**: changes made in [first failure − window, first failure + 60 s] (a change after
 *   the first failure cannot cause it; 60 s allow for the clocks of the senders), and not rolled
 *   back before the first failure. `beforeMs` = first failure − `at`, at least 0.
 * - **Link** of a change to the incident, the strongest over the failed monitors and services:
 *   `same_monitor` (names a failed monitor) > `redundancy_member` (reaches a member of a failed
 *   service's redundancy group, failed or not) > `same_host` (a host glob matches a failed
 *   monitor's host) > `same_service` (names a failed service or a service containing a failed
 *   monitor, or reaches a component of a failed service) > `dependency` (reaches a service a failed
 *   service depends on, transitively) > `shared_tag` (a tag of a failed monitor or service). To
 *   "reach" a monitor is to name it or match its host; to reach a service is to name it or a
 *   service inside it, or to reach a monitor inside it. No link: not a suspect.
 * - **Score** = link weight ({@link LINK_WEIGHTS}) × time factor 1 / (1 + beforeMs / 1 h) ×
 *   coverage (touched failed monitors + 1) / (failed monitors + 1): the share of the failed
 *   monitors the change touches itself (any monitor link), smoothed so that a change reaching the
 *   incident only through a service (a dependency, a tag of the service) still counts. Rounded to
 *   6 decimals. Ranked by score, then nearer in time, then newer id.
 * - **Likely cause**: the top suspect, when it was made at most `likelyWithinMs` before the first
 *   failure, it touches every failed monitor directly (names it, its host or a service containing
 *   it), and no other suspect within `likelyWithinMs` does too (two such changes: no likely cause).
 *   An incident that names no monitor takes its failed services instead, each named by the change.
 *   A common-mode failure needs nothing more: the change that touched every failed member of the
 *   group is the likely cause by these rules (`commonMode` does not change the ranking).
 * - **Texts** name the change by its external reference (else its summary), its kind, what of the
 *   incident it touched (monitors, members, services, dependencies; six at most) and how long
 *   before the first failure: "KB5009557 (patch) on dc-1, 4 min before the first failure".
 */
import { formatDuration } from '../incidents/incident-figures.js';
import type { Localized } from '../incidents/incident.types.js';
import { membersOf, ref } from '../incidents/service-graph.js';
import type { ServiceDefinition } from '../services/service.types.js';
import type { Change, ChangeKind, ChangeTargets, Suspect, SuspectLink, SuspectList } from './changes.types.js';
import { changeTouchesMonitor, hostGlobMatches, servicesContaining, type MonitorFacts } from './targets.js';

/** How far after the first failure a change is still a candidate (senders' clock skew). */
export const CLOCK_SKEW_MS = 60_000;

/** How much each link counts, strongest first. */
export const LINK_WEIGHTS: Readonly<Record<SuspectLink, number>> = {
  same_monitor: 1,
  redundancy_member: 0.9,
  same_host: 0.8,
  same_service: 0.6,
  dependency: 0.4,
  shared_tag: 0.2,
};

/** What each kind of change is called in texts. */
export const CHANGE_KIND_NAMES: Readonly<Record<ChangeKind, Localized>> = {
  patch: { en: 'patch', fr: 'correctif' },
  deploy: { en: 'deployment', fr: 'déploiement' },
  config: { en: 'configuration change', fr: 'changement de configuration' },
  procedure: { en: 'procedure', fr: 'procédure' },
  renewal: { en: 'renewal', fr: 'renouvellement' },
  registry: { en: 'registry change', fr: 'changement au registre' },
  certificate: { en: 'certificate change', fr: 'changement de certificat' },
  dns: { en: 'DNS change', fr: 'changement DNS' },
  other: { en: 'change', fr: 'changement' },
};

/** What {@link rankSuspects} needs. Monitors and services are ids (not `monitor:` references). */
export interface CorrelationInput {
  incident: { firstFailureAt: number; failedMonitors: string[]; failedServices: string[]; commonMode: boolean };
  changes: Change[];
  monitors: ReadonlyMap<string, MonitorFacts>;
  services: ReadonlyMap<string, ServiceDefinition>;
  windowMs: number;
  likelyWithinMs: number;
}

/** One way a change reaches the incident: a failed monitor or service (reference), by a link, through something it touched (an id). */
interface Reach {
  failed: string;
  link: SuspectLink;
  via: string;
}

const HOUR_MS = 3_600_000;
const MAX_NAMED = 6;
const NO_SERVICES: ReadonlySet<string> = new Set();

/** The topology questions, answered once per call. */
function topology(monitors: ReadonlyMap<string, MonitorFacts>, services: ReadonlyMap<string, ServiceDefinition>) {
  const containing = servicesContaining(services);
  const insideOf = new Map<string, { services: Set<string>; monitors: Set<string> }>();
  /** The service itself, the services nested in it and their monitors. */
  const inside = (id: string) => {
    let known = insideOf.get(id);
    if (known) return known;
    known = { services: new Set(), monitors: new Set() };
    const queue = [id];
    while (queue.length > 0) {
      const next = queue.pop()!;
      const def = services.get(next);
      if (!def) known.monitors.add(next);
      else if (!known.services.has(next)) {
        known.services.add(next);
        queue.push(...membersOf(def));
      }
    }
    insideOf.set(id, known);
    return known;
  };
  /** The services `id` depends on, transitively. */
  const dependencies = (id: string): string[] => {
    const seen = new Set<string>();
    const queue = (services.get(id)?.dependsOn ?? []).map((d) => d.service);
    while (queue.length > 0) {
      const next = queue.pop()!;
      if (next === id || seen.has(next)) continue;
      seen.add(next);
      queue.push(...(services.get(next)?.dependsOn ?? []).map((d) => d.service));
    }
    return [...seen];
  };
  const facts = (id: string): MonitorFacts => monitors.get(id) ?? { id, tags: [], host: null };
  /**
   * What the change touches of a monitor (it, when named or its host matches) or of a service
   * (the service and the services inside it it names, the monitors inside it it names or matches).
   */
  const reached = (targets: ChangeTargets, id: string): string[] => {
    const hits = (monitor: string) => {
      const host = facts(monitor).host;
      return targets.monitors.includes(monitor) || (host !== null && targets.hosts.some((glob) => hostGlobMatches(glob, host)));
    };
    if (!services.has(id)) return hits(id) ? [id] : [];
    const within = inside(id);
    return [...targets.services.filter((s) => within.services.has(s)), ...[...within.monitors].filter(hits)];
  };
  return { containing, dependencies, facts, reached, services };
}
type Topology = ReturnType<typeof topology>;

/** Every way the change reaches the failed monitors and services. */
function reachesOf(targets: ChangeTargets, failedMonitors: readonly string[], failedServices: readonly string[], topo: Topology): Reach[] {
  const out: Reach[] = [];
  for (const m of failedMonitors) {
    const containing = topo.containing.get(m) ?? NO_SERVICES;
    const link = changeTouchesMonitor(targets, topo.facts(m), containing);
    if (link === 'same_service') for (const s of targets.services.filter((s) => containing.has(s))) out.push({ failed: ref.monitor(m), link, via: s });
    else if (link) out.push({ failed: ref.monitor(m), link, via: m });
  }
  for (const s of failedServices) {
    const failed = ref.service(s);
    const add = (link: SuspectLink, ids: readonly string[]) => ids.forEach((via) => out.push({ failed, link, via }));
    if (targets.services.includes(s)) add('same_service', [s]);
    const def = topo.services.get(s);
    if (!def) continue;
    for (const member of def.redundancy?.members ?? []) add('redundancy_member', topo.reached(targets, member));
    for (const component of def.components) add('same_service', topo.reached(targets, component));
    for (const dependency of topo.dependencies(s)) add('dependency', topo.reached(targets, dependency));
    if (def.tags.some((t) => targets.tags.includes(t))) add('shared_tag', [s]);
  }
  return out;
}

/** True when the change touches every failed monitor directly (or, with none, names every failed service). */
function coversAll(reaches: readonly Reach[], failedMonitors: readonly string[], failedServices: readonly string[]): boolean {
  if (failedMonitors.length > 0) {
    const direct = new Set(reaches.filter((r) => r.failed.startsWith('monitor:') && r.link !== 'shared_tag').map((r) => r.failed));
    return failedMonitors.every((m) => direct.has(ref.monitor(m)));
  }
  const named = new Set(reaches.filter((r) => r.link === 'same_service' && r.failed === ref.service(r.via)).map((r) => r.failed));
  return failedServices.length > 0 && failedServices.every((s) => named.has(ref.service(s)));
}

const natural = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/** "sip-1, sip-2 and 4 more" / "sip-1, sip-2 et 4 autres". */
function named(ids: readonly string[]): Localized {
  const shown = ids.slice(0, MAX_NAMED).join(', ');
  const more = ids.length - MAX_NAMED;
  return more > 0 ? { en: `${shown} and ${more} more`, fr: `${shown} et ${more} autres` } : { en: shown, fr: shown };
}

/** "KB5009557 (patch) on dc-1, 4 min before the first failure", and in French. */
function suspectText(change: Change, beforeMs: number, where: readonly string[]): Localized {
  const name = change.externalRef?.trim() || change.summary;
  // A change a check recorded keeps the check's own French words (details.messages.fr).
  const messages = change.details['messages'] as { fr?: unknown } | undefined;
  const nameFr = change.externalRef?.trim() || (typeof messages?.fr === 'string' ? messages.fr : change.summary);
  const kind = CHANGE_KIND_NAMES[change.kind];
  const on = named(where);
  const when =
    beforeMs < 500
      ? { en: 'at the time of the first failure', fr: 'au moment de la première panne' }
      : { en: `${formatDuration(beforeMs)} before the first failure`, fr: `${formatDuration(beforeMs)} avant la première panne` };
  return { en: `${name} (${kind.en}) on ${on.en}, ${when.en}`, fr: `${nameFr} (${kind.fr}) sur ${on.fr}, ${when.fr}` };
}

/** Ranks the suspect changes of an incident and names the likely cause when one stands out (rules in the module comment). */
export function rankSuspects(input: CorrelationInput): SuspectList {
  const { firstFailureAt } = input.incident;
  const failedMonitors = [...new Set(input.incident.failedMonitors)];
  const failedServices = [...new Set(input.incident.failedServices)];
  const topo = topology(input.monitors, input.services);
  const found: Array<{ suspect: Suspect; coversAll: boolean }> = [];
  for (const change of input.changes) {
    if (change.at < firstFailureAt - input.windowMs || change.at > firstFailureAt + CLOCK_SKEW_MS) continue;
    if (change.rolledBackAt !== null && change.rolledBackAt < firstFailureAt) continue;
    const reaches = reachesOf(change.targets, failedMonitors, failedServices, topo);
    if (reaches.length === 0) continue;
    const link = reaches.reduce((best, r) => (LINK_WEIGHTS[r.link] > LINK_WEIGHTS[best] ? r.link : best), reaches[0]!.link);
    const touched = [...new Set(reaches.map((r) => r.failed))].sort();
    const touchedMonitors = touched.filter((t) => t.startsWith('monitor:')).length;
    const beforeMs = Math.max(0, firstFailureAt - change.at);
    const coverage = (touchedMonitors + 1) / (failedMonitors.length + 1);
    const score = Math.round(LINK_WEIGHTS[link] * (1 / (1 + beforeMs / HOUR_MS)) * coverage * 1e6) / 1e6;
    const where = [...new Set(reaches.map((r) => r.via))].sort(natural);
    const text = suspectText(change, beforeMs, where);
    found.push({ suspect: { changeId: change.id, rank: 0, score, beforeMs, link, touched, text }, coversAll: coversAll(reaches, failedMonitors, failedServices) });
  }
  found.sort((a, b) => b.suspect.score - a.suspect.score || a.suspect.beforeMs - b.suspect.beforeMs || b.suspect.changeId - a.suspect.changeId);
  found.forEach((f, i) => (f.suspect.rank = i + 1));

  const recentCovering = found.filter((f) => f.coversAll && f.suspect.beforeMs <= input.likelyWithinMs);
  const top = found[0];
  const likely = top !== undefined && recentCovering.length === 1 && recentCovering[0] === top ? top.suspect : null;
  return {
    suspects: found.map((f) => f.suspect),
    likelyCause: likely && { changeId: likely.changeId, text: { en: `likely cause: ${likely.text.en}`, fr: `cause probable : ${likely.text.fr}` } },
  };
}
