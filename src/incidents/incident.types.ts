/**
 * @module The incident vocabulary: an incident, its timeline entries and the figures an inquiry
 * measures (time to detect, to acknowledge, to resolve). Times are epoch ms.
 */

/** Lifecycle, in order. `resolved` may go back to `open` when the failure recurs (reopened). */
export const INCIDENT_STATUSES = ['open', 'acknowledged', 'mitigated', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Severities, most severe first. */
export const INCIDENT_SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

/** A text in the languages users read. */
export interface Localized {
  en: string;
  fr: string;
}

/** What failed first: a service (the deepest failing dependency) or a monitor outside any service. */
export interface RootCause {
  kind: 'service' | 'monitor';
  id: string;
}

/** A stored incident. */
export interface Incident {
  id: number;
  /** `auto` when opened by the incident engine, `manual` when created through the API. */
  source: 'auto' | 'manual';
  status: IncidentStatus;
  severity: IncidentSeverity;
  title: Localized;
  /** Plain-words summary, e.g. the common-mode sentence. */
  summary: Localized | null;
  /** The service the incident is about (the root cause's service when there is one). */
  serviceId: string | null;
  rootCause: RootCause | null;
  /** Everything folded into the incident, as `service:<id>` and `monitor:<id>` references. */
  affected: string[];
  commonMode: boolean;
  firstFailureAt: number | null;
  openedAt: number;
  /** The latest failure that joined the incident (grouping window). */
  lastFailureAt: number;
  /** When everything it covers was last seen recovered; null while something still fails. */
  recoveredAt: number | null;
  acknowledgedAt: number | null;
  mitigatedAt: number | null;
  resolvedAt: number | null;
  /** How many times it was reopened. */
  reopened: number;
  updatedAt: number;
}

/** What is needed to open an incident. */
export type IncidentDraft = Omit<Incident, 'id' | 'updatedAt' | 'reopened' | 'acknowledgedAt' | 'mitigatedAt' | 'resolvedAt' | 'recoveredAt'>;

/** Fields of an incident that may change after it is opened. */
export type IncidentPatch = Partial<Omit<Incident, 'id' | 'source' | 'openedAt' | 'updatedAt'>>;

/** The kinds of timeline entries. */
export const TIMELINE_KINDS = [
  'first_failure',
  'opened',
  'monitor_state',
  'service_state',
  'grouped',
  'common_mode',
  'severity',
  'acknowledged',
  'mitigated',
  'update_internal',
  'update_public',
  'recovered',
  'resolved',
  'reopened',
  'escalation',
  'notification',
  'crisis',
  'deadline',
  'communication',
  'change',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** One timeline entry. */
export interface TimelineEntry {
  id: number;
  incidentId: number;
  at: number;
  kind: TimelineKind;
  /** Who did it (API token name, `vigie` for the engine). */
  author: string | null;
  text: Localized;
  details: Record<string, unknown> | null;
}

/** A timeline entry before it is stored; `dedupKey` makes re-processing a no-op. */
export interface TimelineDraft extends Omit<TimelineEntry, 'id' | 'incidentId'> {
  dedupKey?: string;
}

/** The figures of an incident, in ms; null until the step happened. */
export interface IncidentFigures {
  timeToDetectMs: number | null;
  timeToAcknowledgeMs: number | null;
  timeToResolveMs: number | null;
}

/** The author recorded for what the engine does by itself. */
export const ENGINE_AUTHOR = 'vigie';
