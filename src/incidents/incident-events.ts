/** @module Announces incident changes on the bus (for SSE clients and, later, notifiers). */
import type { IncidentEmitter } from './held-events.js';
import type { Incident } from './incident.types.js';

/** What happened to an incident. */
export type IncidentChange = 'opened' | 'updated' | 'acknowledged' | 'mitigated' | 'resolved' | 'reopened' | 'note';

/** Emits `incident.changed` with the incident's id, status and severity. */
export function emitIncident(bus: IncidentEmitter, incident: Incident, change: IncidentChange): void {
  bus.emit('incident.changed', { id: incident.id, change, status: incident.status, severity: incident.severity });
}
