/**
 * @module The figures an inquiry measures, from an incident's times: time to detect (first
 * failing result → incident opened), to acknowledge (opened → acknowledged) and to resolve
 * (first failure, or opening when there is none, → resolved). Pure.
 */
import type { Incident, IncidentFigures } from './incident.types.js';

/** The figures of an incident; null for a step that has not happened. */
export function incidentFigures(incident: Pick<Incident, 'firstFailureAt' | 'openedAt' | 'acknowledgedAt' | 'resolvedAt'>): IncidentFigures {
  const start = incident.firstFailureAt ?? incident.openedAt;
  return {
    timeToDetectMs: incident.firstFailureAt === null ? null : Math.max(0, incident.openedAt - incident.firstFailureAt),
    timeToAcknowledgeMs: incident.acknowledgedAt === null ? null : Math.max(0, incident.acknowledgedAt - incident.openedAt),
    timeToResolveMs: incident.resolvedAt === null ? null : Math.max(0, incident.resolvedAt - start),
  };
}

/** A duration for people: `45 s`, `3 min 20 s`, `2 h 05 min`. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return s % 60 === 0 ? `${Math.floor(s / 60)} min` : `${Math.floor(s / 60)} min ${s % 60} s`;
  const minutes = Math.floor(s / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
