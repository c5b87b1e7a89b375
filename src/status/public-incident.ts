/**
 * @module An incident as the public reads it: Statuspage status and impact, a title made of the
 * page's component names and state words (the internal title, which names monitors and hosts,
 * only when the page shows details), public updates only (timeline entries of kind
 * `update_public`) with the status in force when each was written, and whether an open incident
 * has gone longer than the page's interval without one. Pure.
 */
import { stateText } from '../services/reasons.js';
import type { Incident, IncidentSeverity, IncidentStatus, Localized, TimelineEntry } from '../incidents/incident.types.js';
import type { ComponentState, PublicImpact, PublicIncident, PublicIncidentStatus, PublicUpdate } from './status.types.js';

const STATUS: Record<IncidentStatus, PublicIncidentStatus> = { open: 'investigating', acknowledged: 'identified', mitigated: 'monitoring', resolved: 'resolved' };
const IMPACT: Record<IncidentSeverity, PublicImpact> = { SEV1: 'critical', SEV2: 'major', SEV3: 'minor', SEV4: 'none' };

/** The public status of an incident status. */
export function publicStatus(status: IncidentStatus): PublicIncidentStatus {
  return STATUS[status];
}

/** The public impact of a severity. */
export function publicImpact(severity: IncidentSeverity): PublicImpact {
  return IMPACT[severity];
}

const WORST_FIRST: readonly ComponentState[] = ['major_outage', 'partial_outage', 'degraded_performance', 'under_maintenance', 'operational'];
/** Names listed in a title before "and N more". */
const MAX_NAMES = 4;

function listNames(names: readonly string[], lang: 'en' | 'fr'): string {
  const and = lang === 'fr' ? 'et' : 'and';
  if (names.length > MAX_NAMES) {
    const rest = names.length - (MAX_NAMES - 1);
    return `${names.slice(0, MAX_NAMES - 1).join(', ')} ${and} ${rest} ${lang === 'fr' ? 'autres' : 'more'}`;
  }
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} ${and} ${names.at(-1)}`;
}

/**
 * A public title: the components and the state each reached, worst first, components in the same
 * state together ("Emergency calls and Website: major outage"). Names nothing else.
 */
export function publicTitle(parts: ReadonlyArray<{ name: Localized; state: ComponentState }>): Localized {
  if (parts.length === 0) return { en: 'Service disruption', fr: 'Perturbation du service' };
  const groups = WORST_FIRST.map((state) => ({ state, names: parts.filter((p) => p.state === state).map((p) => p.name) })).filter((g) => g.names.length > 0);
  const line = (lang: 'en' | 'fr') =>
    groups.map((g) => `${listNames(g.names.map((n) => n[lang]), lang)}${lang === 'fr' ? ' : ' : ': '}${stateText(g.state)[lang]}`).join(lang === 'fr' ? ' ; ' : '; ');
  return { en: line('en'), fr: line('fr') };
}

/** The state a component is said to have reached when nothing more precise is known. */
export function stateOfImpact(impact: PublicImpact): ComponentState {
  return impact === 'critical' ? 'major_outage' : impact === 'major' ? 'partial_outage' : 'degraded_performance';
}

/** A component of the page the incident touches, with the worst state it reached during it. */
export interface TouchedComponent {
  id: string;
  name: Localized;
  /** Null when nothing recorded says; the impact then gives it. */
  worst: ComponentState | null;
}

/** What the public incident needs from the page. */
export interface PublicIncidentOptions {
  showDetails: boolean;
  updateIntervalMs: number;
  now: number;
}

/**
 * The public status in force after each lifecycle entry, and the public updates with the status
 * in force when each was written (entries oldest first).
 */
export function publicUpdates(entries: readonly TimelineEntry[]): PublicUpdate[] {
  let status: PublicIncidentStatus = 'investigating';
  const updates: PublicUpdate[] = [];
  for (const entry of entries) {
    if (entry.kind === 'acknowledged') status = 'identified';
    else if (entry.kind === 'mitigated') status = 'monitoring';
    else if (entry.kind === 'resolved') status = 'resolved';
    else if (entry.kind === 'reopened') status = 'investigating';
    else if (entry.kind === 'update_public') updates.push({ id: entry.id, at: entry.at, text: entry.text, status });
  }
  return updates.sort((a, b) => b.at - a.at || b.id - a.id);
}

/** The incident as the public reads it on one page. */
export function toPublicIncident(incident: Incident, entries: readonly TimelineEntry[], components: readonly TouchedComponent[], opts: PublicIncidentOptions): PublicIncident {
  const impact = publicImpact(incident.severity);
  const updates = publicUpdates(entries);
  const lastUpdateAt = updates[0]?.at ?? null;
  const status = publicStatus(incident.status);
  const open = status !== 'resolved';
  const title = opts.showDetails ? incident.title : publicTitle(components.map((c) => ({ name: c.name, state: c.worst ?? stateOfImpact(impact) })));
  const resolvedAt = open ? null : incident.resolvedAt;
  const times = [incident.openedAt, incident.acknowledgedAt, incident.mitigatedAt, resolvedAt, lastUpdateAt].filter((t): t is number => t !== null);
  return {
    id: incident.id,
    title,
    status,
    impact,
    startedAt: incident.firstFailureAt ?? incident.openedAt,
    createdAt: incident.openedAt,
    updatedAt: Math.max(...times),
    identifiedAt: incident.acknowledgedAt,
    monitoringAt: incident.mitigatedAt,
    resolvedAt,
    componentIds: components.map((c) => c.id),
    updates,
    lastUpdateAt,
    updateOverdue: open && opts.now - (lastUpdateAt ?? incident.openedAt) > opts.updateIntervalMs,
  };
}

const FAILURE_RANK: Record<string, number> = { degraded_performance: 1, partial_outage: 2, major_outage: 3 };

/**
 * The worst failure state a service was in during `[from, to)`, from its changes sorted oldest
 * first (the change in force at `from` included); null when it never failed then.
 */
export function worstServiceStateDuring(changes: ReadonlyArray<{ at: number; toState: string }>, from: number, to: number): ComponentState | null {
  let worst: ComponentState | null = null;
  for (let i = 0; i < changes.length; i++) {
    const start = changes[i]!.at;
    const end = changes[i + 1]?.at ?? Infinity;
    if (end <= from || start >= to) continue;
    const rank = FAILURE_RANK[changes[i]!.toState] ?? 0;
    if (rank > (worst === null ? 0 : FAILURE_RANK[worst]!)) worst = changes[i]!.toState as ComponentState;
  }
  return worst;
}

/** The worse of two failure states (null: none). */
export function worseFailure(a: ComponentState | null, b: ComponentState | null): ComponentState | null {
  const rank = (s: ComponentState | null) => (s === null ? 0 : (FAILURE_RANK[s] ?? 0));
  return rank(b) > rank(a) ? b : rank(a) > 0 ? a : null;
}
