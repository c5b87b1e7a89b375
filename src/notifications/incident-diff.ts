/**
 * @module What is new about an incident since its people were last told: the planner diffs the
 * stored incident against its notice (what was told) instead of following timeline rows, so a
 * change is found however late its row commits and whatever crashed in between. Pure.
 */
import type { Incident, TimelineEntry } from '../incidents/incident.types.js';
import type { NotificationEvent } from '../notifiers/types.js';
import type { IncidentNotice } from '../storage/escalations.repository.js';
import { worstSeverity, type Severity } from '../services/severity.js';


/** One event to tell, with what makes it unique among the incident's events. */
export interface IncidentEventToTell {
  event: Exclude<NotificationEvent, 'test'>;
  /** Unique per incident for this kind of event (`r0`, `SEV1`, an update id). */
  seq: string;
  extra?: { author?: string; update?: string };
}

/** The events to tell, oldest first, and the notice to store once they are queued. */
export function diffIncident(notice: Omit<IncidentNotice, 'routes' | 'updatedAt'> | undefined, incident: Incident, entries: readonly TimelineEntry[]): { events: IncidentEventToTell[]; next: Omit<IncidentNotice, 'routes' | 'updatedAt'> } {
  const events: IncidentEventToTell[] = [];
  const round = `r${incident.reopened}`;
  const resolved = incident.status === 'resolved';
  if (!notice) {
    if (!resolved) events.push({ event: 'opened', seq: round });
  } else {
    if (incident.reopened > notice.reopened && !resolved) events.push({ event: 'reopened', seq: round });
    if (!resolved && incident.severity !== notice.severity && worstSeverity(incident.severity, notice.severity as Severity) === incident.severity) events.push({ event: 'severity_raised', seq: `${round}-${incident.severity}` });
    if (!resolved && incident.commonMode && !notice.commonMode) events.push({ event: 'common_mode', seq: round });
  }
  const lastUpdateId = notice?.lastUpdateId ?? 0;
  let newest = lastUpdateId;
  let ackAuthor: string | undefined;
  let ackEntry: number | undefined;
  const updates: IncidentEventToTell[] = [];
  for (const entry of entries) {
    if (entry.id <= lastUpdateId) continue;
    newest = Math.max(newest, entry.id);
    if (entry.kind === 'acknowledged') {
      ackEntry = entry.id;
      if (entry.author) ackAuthor = entry.author;
    }
    if (notice && (entry.kind === 'update_internal' || entry.kind === 'update_public')) {
      const update = entry.text.en === entry.text.fr ? entry.text.en : `${entry.text.en} / ${entry.text.fr}`;
      updates.push({ event: 'updated', seq: String(entry.id), extra: { ...(entry.author ? { author: entry.author } : {}), update } });
    }
  }
  const wasOpen = notice !== undefined && (notice.status === 'open' || incident.reopened > notice.reopened);
  if (wasOpen && (incident.status === 'acknowledged' || incident.status === 'mitigated')) {
    events.push({ event: 'acknowledged', seq: ackEntry === undefined ? round : `${round}-${ackEntry}`, ...(ackAuthor ? { extra: { author: ackAuthor } } : {}) });
  }
  events.push(...updates);
  if (resolved && notice && (notice.status !== 'resolved' || incident.reopened > notice.reopened)) events.push({ event: 'resolved', seq: round });
  const next = { incidentId: incident.id, status: incident.status, severity: incident.severity, commonMode: incident.commonMode, reopened: incident.reopened, lastUpdateId: newest };
  return { events, next };
}
