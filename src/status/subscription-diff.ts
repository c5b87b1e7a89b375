/**
 * @module What a page's subscribers have not been told yet about an incident: its opening (once
 * per open/resolve cycle, and only while it is open), each public update newer than the last one
 * told, and its resolution (once per cycle). The notice returned is what they will have been
 * told once the news is queued; keys name each piece of news, so queuing it twice sends it once.
 * Pure.
 */
import type { Incident, TimelineEntry } from '../incidents/incident.types.js';
import { publicUpdates } from './public-incident.js';
import type { PublicUpdate } from './status.types.js';
import type { StatusNotice } from './subscription.types.js';

/** One piece of news to tell. */
export interface NewsEvent {
  kind: 'opened' | 'update' | 'resolved';
  /** Unique within the incident: `opened-<cycle>`, `update-<entry id>`, `resolved-<cycle>`. */
  key: string;
  /** When it happened: subscribers confirmed later are not told. */
  at: number;
  update?: PublicUpdate;
}

/** When the incident's current cycle began: its opening, or its latest reopening. */
function cycleStart(incident: Incident, entries: readonly TimelineEntry[]): number {
  if (incident.reopened === 0) return incident.openedAt;
  return entries.filter((e) => e.kind === 'reopened').at(-1)?.at ?? incident.updatedAt;
}

/** The news of `incident` for page `pageId` since `notice`, and the notice to store after queuing it. */
export function diffNotice(pageId: string, notice: StatusNotice | undefined, incident: Incident, entries: readonly TimelineEntry[]): { events: NewsEvent[]; next: StatusNotice } {
  const cycle = incident.reopened;
  const fresh = !notice || notice.cycle !== cycle;
  const opened = fresh ? false : notice.opened;
  const resolvedTold = fresh ? false : notice.resolved;
  const lastUpdateId = notice?.lastUpdateId ?? 0;
  const resolved = incident.status === 'resolved';
  const events: NewsEvent[] = [];
  if (!opened && !resolved) events.push({ kind: 'opened', key: `opened-${cycle}`, at: cycleStart(incident, entries) });
  const updates = publicUpdates(entries).filter((u) => u.id > lastUpdateId).reverse();
  for (const update of updates) events.push({ kind: 'update', key: `update-${update.id}`, at: update.at, update });
  if (resolved && !resolvedTold) events.push({ kind: 'resolved', key: `resolved-${cycle}`, at: incident.resolvedAt ?? incident.updatedAt });
  return {
    events,
    next: {
      pageId,
      incidentId: incident.id,
      cycle,
      opened: opened || events.some((e) => e.kind === 'opened'),
      lastUpdateId: Math.max(lastUpdateId, ...updates.map((u) => u.id)),
      resolved: resolvedTold || resolved,
      updatedAt: incident.updatedAt,
    },
  };
}
