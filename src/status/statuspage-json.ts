/**
 * @module Atlassian Statuspage-compatible public API v2 documents from a page snapshot, with no
 * store access: `summary.json`, `status.json`, `components.json`, `incidents.json`,
 * `incidents/unresolved.json`, `scheduled-maintenances.json`, `…/upcoming.json`, `…/active.json`.
 * Field names, their order and value vocabularies are those of the real API (see
 * `fixtures/SOURCES.md` for the documented and captured examples the tests compare against).
 *
 * What Vigie does not record is written the way Statuspage writes an empty value: an update's
 * `affected_components` is `null`, `custom_tweet`/`tweet_id` are `null`. A component's
 * `created_at` is the earliest instant the snapshot knows it existed (its state's `since`, its
 * first observed day). A maintenance occurrence has the updates Statuspage's automatic
 * transitions post (scheduled, in progress, completed), the first carrying its description.
 */
import type { Localized } from '../incidents/incident.types.js';
import type { ComponentSnapshot, GroupSnapshot, PageSnapshot, PublicIncident, PublicMaintenance, RenderContext } from './status.types.js';
import { checkBaseUrl, incidentUrl, maintenanceUrl } from './status-links.js';
import { isoTime, isoTimeOrNull, statusDescription, statuspageId } from './statuspage-format.js';
import type {
  SpComponent,
  SpComponentsDocument,
  SpIncident,
  SpIncidentUpdate,
  SpIncidentsDocument,
  SpMaintenanceStatus,
  SpMaintenancesDocument,
  SpPage,
  SpScheduledMaintenance,
  SpStatus,
  SpStatusDocument,
  SpSummary,
} from './statuspage-json.types.js';

/** Statuspage's `incidents.json` and `scheduled-maintenances.json` list at most this many. */
export const STATUSPAGE_LIST_LIMIT = 50;

/** What every document is built from: the page, its components by snapshot id, the context. */
interface Frame {
  snapshot: PageSnapshot;
  lang: 'en' | 'fr';
  baseUrl: string;
  tz: string;
  pageId: string;
  page: SpPage;
  /** Components and groups, in page order. */
  components: SpComponent[];
  /** Leaf components by their snapshot id. */
  bySnapshotId: Map<string, SpComponent>;
}

/** `summary.json`: page, components, unresolved incidents, upcoming and in-progress maintenance, status. */
export function summary(snapshot: PageSnapshot, ctx: RenderContext): SpSummary {
  const f = frame(snapshot, ctx, 'summary');
  return {
    page: f.page,
    components: f.components,
    incidents: unresolvedIncidents(f).map((i) => incidentDoc(f, i)),
    scheduled_maintenances: latestFirst(snapshot.maintenances.filter((m) => m.status !== 'completed')).map((m) => maintenanceDoc(f, m)),
    status: statusOf(f),
  };
}

/** `status.json`: the page and its rollup indicator and description. */
export function status(snapshot: PageSnapshot, ctx: RenderContext): SpStatusDocument {
  const f = frame(snapshot, ctx, 'status');
  return { page: f.page, status: statusOf(f) };
}

/** `components.json`: every component and group, in page order. */
export function components(snapshot: PageSnapshot, ctx: RenderContext): SpComponentsDocument {
  const f = frame(snapshot, ctx, 'components');
  return { page: f.page, components: f.components };
}

/** `incidents.json`: open and resolved incidents, newest first, at most 50. */
export function incidents(snapshot: PageSnapshot, ctx: RenderContext): SpIncidentsDocument {
  const f = frame(snapshot, ctx, 'incidents');
  const seen = new Set<number>();
  const all = [...snapshot.incidents, ...snapshot.history].filter((i) => !seen.has(i.id) && seen.add(i.id));
  return { page: f.page, incidents: newestFirst(all).slice(0, STATUSPAGE_LIST_LIMIT).map((i) => incidentDoc(f, i)) };
}

/** `incidents/unresolved.json`: incidents investigating, identified or monitoring, newest first. */
export function unresolved(snapshot: PageSnapshot, ctx: RenderContext): SpIncidentsDocument {
  const f = frame(snapshot, ctx, 'unresolved');
  return { page: f.page, incidents: unresolvedIncidents(f).map((i) => incidentDoc(f, i)) };
}

/** `scheduled-maintenances.json`: every maintenance occurrence the snapshot holds, latest start first, at most 50. */
export function scheduledMaintenances(snapshot: PageSnapshot, ctx: RenderContext): SpMaintenancesDocument {
  const f = frame(snapshot, ctx, 'scheduledMaintenances');
  return { page: f.page, scheduled_maintenances: latestFirst(snapshot.maintenances).slice(0, STATUSPAGE_LIST_LIMIT).map((m) => maintenanceDoc(f, m)) };
}

/** `scheduled-maintenances/upcoming.json`: maintenance still in the `scheduled` state, latest start first. */
export function upcoming(snapshot: PageSnapshot, ctx: RenderContext): SpMaintenancesDocument {
  const f = frame(snapshot, ctx, 'upcoming');
  return { page: f.page, scheduled_maintenances: latestFirst(snapshot.maintenances.filter((m) => m.status === 'scheduled')).map((m) => maintenanceDoc(f, m)) };
}

/** `scheduled-maintenances/active.json`: maintenance in progress, latest start first. */
export function active(snapshot: PageSnapshot, ctx: RenderContext): SpMaintenancesDocument {
  const f = frame(snapshot, ctx, 'active');
  return { page: f.page, scheduled_maintenances: latestFirst(snapshot.maintenances.filter((m) => m.status === 'in_progress')).map((m) => maintenanceDoc(f, m)) };
}

/** Maintenance ordered as Statuspage's documented lists are: latest `scheduled_for` first. */
function latestFirst(list: PublicMaintenance[]): PublicMaintenance[] {
  return [...list].sort((a, b) => b.scheduledFor - a.scheduledFor || a.id.localeCompare(b.id));
}

/** One step of a maintenance occurrence's public timeline. */
export interface MaintenanceStep {
  status: Exclude<SpMaintenanceStatus, 'verifying'>;
  at: number;
  text: Localized;
}

const MAINTENANCE_TEXTS = {
  scheduled: { en: 'We will be undergoing scheduled maintenance during this time.', fr: 'Une maintenance programmée aura lieu pendant cette période.' },
  in_progress: { en: 'Scheduled maintenance is currently in progress. We will provide updates as necessary.', fr: 'La maintenance programmée est en cours. Nous publierons des mises à jour si nécessaire.' },
  completed: { en: 'The scheduled maintenance has been completed.', fr: 'La maintenance programmée est terminée.' },
} as const;

/**
 * The public timeline of a maintenance occurrence, newest first: announced (with its description)
 * when the page first showed it — at the latest its start —, in progress from its start, completed
 * at its end. `announcedAt` is that first instant: Vigie does not store when a window was added.
 */
export function maintenanceTimeline(m: PublicMaintenance, snapshot: Pick<PageSnapshot, 'updatedAt'>): { announcedAt: number; steps: MaintenanceStep[] } {
  const announcedAt = Math.min(m.scheduledFor, snapshot.updatedAt);
  const steps: MaintenanceStep[] = [{ status: 'scheduled', at: announcedAt, text: m.description ?? MAINTENANCE_TEXTS.scheduled }];
  if (m.status !== 'scheduled') steps.push({ status: 'in_progress', at: m.scheduledFor, text: MAINTENANCE_TEXTS.in_progress });
  if (m.status === 'completed') steps.push({ status: 'completed', at: m.scheduledUntil, text: MAINTENANCE_TEXTS.completed });
  return { announcedAt, steps: steps.reverse() };
}

function frame(snapshot: PageSnapshot, ctx: RenderContext, where: string): Frame {
  const label = `Statuspage ${where}()`;
  if (ctx.lang !== 'en' && ctx.lang !== 'fr') throw new Error(`${label}: ctx.lang must be "en" or "fr", got ${JSON.stringify(ctx.lang)}`);
  const baseUrl = checkBaseUrl(ctx.baseUrl, label);
  const tz = snapshot.page.time_zone;
  const pageId = statuspageId('page', snapshot.page.id);
  const page: SpPage = { id: pageId, name: snapshot.page.title[ctx.lang], url: baseUrl, time_zone: tz, updated_at: isoTime(snapshot.updatedAt, tz) };
  const f: Frame = { snapshot, lang: ctx.lang, baseUrl, tz, pageId, page, components: [], bySnapshotId: new Map() };
  buildComponents(f);
  return f;
}

/** Components in page order: top-level items by position, each group followed by its members (positions from 1, within the group for members). */
function buildComponents(f: Frame): void {
  const { snapshot } = f;
  const groups = new Map(snapshot.groups.map((g) => [g.id, g]));
  const members = new Map<string, ComponentSnapshot[]>();
  const top: ({ kind: 'group'; group: GroupSnapshot; position: number } | { kind: 'component'; component: ComponentSnapshot; position: number })[] = [];
  for (const c of snapshot.components) {
    if (c.groupId !== null && groups.has(c.groupId)) members.set(c.groupId, [...(members.get(c.groupId) ?? []), c]);
    else top.push({ kind: 'component', component: c, position: c.position });
  }
  // A group stands where its first member does: component positions run over the whole page, a
  // group's own position counts config entries (see page-layout.ts).
  for (const g of snapshot.groups) {
    const first = (members.get(g.id) ?? []).map((c) => c.position);
    top.push({ kind: 'group', group: g, position: first.length ? Math.min(...first) : g.position });
  }
  top.sort((a, b) => a.position - b.position || (a.kind === 'group' ? -1 : 1));
  top.forEach((item, rank) => {
    if (item.kind === 'component') {
      f.components.push(componentDoc(f, item.component, rank + 1, null));
      return;
    }
    const groupId = statuspageId('group', snapshot.page.id, item.group.id);
    const children = (members.get(item.group.id) ?? []).sort((a, b) => a.position - b.position).map((c, i) => componentDoc(f, c, i + 1, groupId));
    f.components.push(groupDoc(f, item.group, groupId, rank + 1, children), ...children);
  });
}

function componentDoc(f: Frame, c: ComponentSnapshot, position: number, groupId: string | null): SpComponent {
  const firstObserved = c.days.find((d) => d.ratio !== null)?.day ?? null;
  const known = [c.since, firstObserved].filter((t): t is number => t !== null);
  const updated = c.since ?? f.snapshot.updatedAt;
  const created = Math.min(updated, ...known);
  const doc: SpComponent = {
    id: statuspageId('component', f.snapshot.page.id, c.id),
    name: c.name[f.lang],
    status: c.state,
    created_at: isoTime(created, f.tz),
    updated_at: isoTime(updated, f.tz),
    position,
    description: c.description ? c.description[f.lang] : null,
    showcase: true,
    start_date: null,
    group_id: groupId,
    page_id: f.pageId,
    group: false,
    only_show_if_degraded: false,
  };
  f.bySnapshotId.set(c.id, doc);
  return doc;
}

function groupDoc(f: Frame, g: GroupSnapshot, id: string, position: number, children: SpComponent[]): SpComponent {
  const fallback = isoTime(f.snapshot.updatedAt, f.tz);
  return {
    id,
    name: g.name[f.lang],
    status: g.state,
    created_at: byInstant(children.map((c) => c.created_at))[0] ?? fallback,
    updated_at: byInstant(children.map((c) => c.updated_at)).at(-1) ?? fallback,
    position,
    description: null,
    showcase: false,
    start_date: null,
    group_id: null,
    page_id: f.pageId,
    group: true,
    only_show_if_degraded: false,
    components: children.map((c) => c.id),
  };
}

/** ISO times sorted by instant (offsets differ across DST changes, so text order is not time order). */
function byInstant(times: string[]): string[] {
  return [...times].sort((a, b) => Date.parse(a) - Date.parse(b));
}

function statusOf(f: Frame): SpStatus {
  return { indicator: f.snapshot.indicator, description: statusDescription(f.snapshot.indicator, f.snapshot.state, f.lang) };
}

function newestFirst(list: PublicIncident[]): PublicIncident[] {
  return [...list].sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
}

function unresolvedIncidents(f: Frame): PublicIncident[] {
  return newestFirst(f.snapshot.incidents.filter((i) => i.status !== 'resolved'));
}

function affectedComponents(f: Frame, ids: string[]): SpComponent[] {
  return ids.map((id) => f.bySnapshotId.get(id)).filter((c): c is SpComponent => c !== undefined);
}

function incidentDoc(f: Frame, i: PublicIncident): SpIncident {
  const id = statuspageId('incident', f.snapshot.page.id, i.id);
  const updates = [...i.updates].sort((a, b) => b.at - a.at || b.id - a.id);
  return {
    id,
    name: i.title[f.lang],
    status: i.status,
    created_at: isoTime(i.createdAt, f.tz),
    updated_at: isoTime(i.updatedAt, f.tz),
    monitoring_at: isoTimeOrNull(i.monitoringAt, f.tz),
    resolved_at: isoTimeOrNull(i.resolvedAt, f.tz),
    impact: i.impact,
    shortlink: incidentUrl(f.baseUrl, i.id),
    started_at: isoTime(i.startedAt, f.tz),
    page_id: f.pageId,
    incident_updates: updates.map((u) =>
      updateDoc(f, statuspageId('incident-update', f.snapshot.page.id, i.id, u.id), id, u.status, u.text[f.lang], u.at),
    ),
    components: affectedComponents(f, i.componentIds),
    reminder_intervals: null,
  };
}

function updateDoc(f: Frame, id: string, incidentId: string, status: SpIncidentUpdate['status'], body: string, at: number): SpIncidentUpdate {
  const time = isoTime(at, f.tz);
  return {
    id,
    status,
    body,
    incident_id: incidentId,
    created_at: time,
    updated_at: time,
    display_at: time,
    affected_components: null,
    deliver_notifications: true,
    custom_tweet: null,
    tweet_id: null,
  };
}

function maintenanceDoc(f: Frame, m: PublicMaintenance): SpScheduledMaintenance {
  const id = statuspageId('maintenance', f.snapshot.page.id, m.id);
  const { announcedAt, steps } = maintenanceTimeline(m, f.snapshot);
  return {
    id,
    name: m.title[f.lang],
    status: m.status,
    created_at: isoTime(announcedAt, f.tz),
    updated_at: isoTime(steps[0]!.at, f.tz),
    monitoring_at: null,
    resolved_at: m.status === 'completed' ? isoTime(m.scheduledUntil, f.tz) : null,
    impact: 'maintenance',
    shortlink: maintenanceUrl(f.baseUrl, m.id),
    started_at: isoTime(announcedAt, f.tz),
    page_id: f.pageId,
    incident_updates: steps.map((s) => updateDoc(f, statuspageId('maintenance-update', f.snapshot.page.id, m.id, s.status), id, s.status, s.text[f.lang], s.at)),
    components: affectedComponents(f, m.componentIds),
    scheduled_for: isoTime(m.scheduledFor, f.tz),
    scheduled_until: isoTime(m.scheduledUntil, f.tz),
  };
}
