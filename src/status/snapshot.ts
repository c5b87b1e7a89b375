/**
 * @module Builds the {@link PageSnapshot} of every configured status page from the store and the
 * config in force, in one pass with batched reads shared by all pages: component states (stored
 * service and monitor states, maintenance first), uptime bars per day in each page's time zone,
 * the incidents touching the page's components with their public updates, and the maintenance in
 * progress or coming within 30 days. Nothing internal leaves here unless the page shows details.
 */
import type { Incident, Localized, TimelineEntry, TimelineKind } from '../incidents/incident.types.js';
import { activeMaintenanceTargets, nextOccurrences } from '../maintenance/maintenance-window.js';
import type { MaintenanceWindow } from '../maintenance/maintenance.types.js';
import type { ServiceStateSpan } from '../services/service-uptime.js';
import type { StoredServiceState } from '../storage/incidents.repository.js';
import type { Store } from '../storage/store.js';
import { monitorComponentState, pageIndicator, serviceComponentState, worstState } from './component-state.js';
import { MonitorUptime } from './monitor-uptime.js';
import { pageLayout, type LaidOutComponent, type PageLayout } from './page-layout.js';
import { pageMaintenances } from './public-maintenance.js';
import { toPublicIncident, worseFailure, worstServiceStateDuring, type TouchedComponent } from './public-incident.js';
import { SnapshotReads, type MonitorStateRead } from './snapshot-reads.js';
import type { StatusPageDefinition } from './status.schema.js';
import type { ComponentSnapshot, ComponentState, PageSnapshot, PublicIncident } from './status.types.js';
import { dayStarts, overallUptime, serviceDayFigures, toUptimeDay, type DayFigures } from './uptime-days.js';

const DAY_MS = 86_400_000;
/** The timeline entries a public incident is made of: lifecycle steps, public updates, monitor states. */
const TIMELINE_KINDS: readonly TimelineKind[] = ['acknowledged', 'mitigated', 'resolved', 'reopened', 'update_public', 'monitor_state'];

/** What a build needs from the config in force. */
export interface SnapshotConfig {
  status_pages: readonly StatusPageDefinition[];
  services: ReadonlyArray<{ id: string; name?: Localized | undefined }>;
}

/** What was read once for every page. */
interface Facts {
  now: number;
  services: Map<string, StoredServiceState>;
  monitors: Map<string, MonitorStateRead>;
  history: Map<string, ServiceStateSpan[]>;
  incidents: Incident[];
  timelines: Map<number, TimelineEntry[]>;
  windows: readonly MaintenanceWindow[];
  maintenance: Map<string, string[]>;
}

/** Builds snapshots; keeps finished days of monitor uptime between builds. */
export class SnapshotBuilder {
  private readonly reads: SnapshotReads;
  private readonly uptime: MonitorUptime;

  constructor(private readonly store: Pick<Store, 'db' | 'incidents' | 'meta' | 'results'>) {
    this.reads = new SnapshotReads(store.db, store.results);
    this.uptime = new MonitorUptime(store, this.reads);
  }

  /** A cheap mark that changes when another process writes what pages show (see {@link SnapshotReads.changeMark}). */
  changeMark(transitions = false): Promise<string> {
    return this.reads.changeMark(transitions);
  }

  /** The snapshot of every page of `config`, by page id. */
  async build(config: SnapshotConfig, windows: readonly MaintenanceWindow[], now: number): Promise<Map<string, PageSnapshot>> {
    const serviceNames = new Map(config.services.filter((s) => s.name).map((s) => [s.id, s.name!]));
    const layouts = config.status_pages.map((page) => ({ page, layout: pageLayout(page, serviceNames) }));
    const refs = (kind: 'service' | 'monitor') => [...new Set(layouts.flatMap(({ layout }) => layout.components.filter((c) => c.ref.kind === kind).map((c) => c.ref.id)))].sort();
    const serviceIds = refs('service');
    const monitorIds = refs('monitor');
    const maxDays = Math.max(1, ...config.status_pages.map((p) => p.history_days));
    // One more day than the longest bar: a day in any time zone starts within a day of UTC's.
    const since = now - (maxDays + 1) * DAY_MS;
    const services = new Map((await this.store.incidents.serviceStates()).map((s) => [s.serviceId, s]));
    const monitors = await this.reads.monitorStates(monitorIds);
    const history = await this.reads.serviceHistory(serviceIds, since, now + 1);
    const touching = (await this.reads.incidents(since, { services: serviceIds, monitors: monitorIds })).filter((i) => layouts.some(({ layout }) => layout.components.some((c) => touches(i, c))));
    const timelines = await this.reads.timelines(touching.map((i) => i.id), TIMELINE_KINDS);
    const facts: Facts = { now, services, monitors, history, incidents: touching, timelines, windows, maintenance: activeMaintenanceTargets(windows, now) };
    const monitorDays = await this.monitorDays(layouts, now);
    const out = new Map<string, PageSnapshot>();
    for (const { page, layout } of layouts) out.set(page.id, this.page(page, layout, facts, monitorDays));
    return out;
  }

  /** Monitor uptime figures per time zone, for the longest bar of the pages in that zone. */
  private async monitorDays(layouts: ReadonlyArray<{ page: StatusPageDefinition; layout: PageLayout }>, now: number): Promise<Map<string, Map<string, DayFigures[]>>> {
    const zones = new Map<string, { days: number; monitors: Set<string> }>();
    for (const { page, layout } of layouts) {
      const zone = zones.get(page.time_zone) ?? { days: 0, monitors: new Set<string>() };
      zone.days = Math.max(zone.days, page.history_days);
      for (const c of layout.components) if (c.ref.kind === 'monitor') zone.monitors.add(c.ref.id);
      zones.set(page.time_zone, zone);
    }
    const out = new Map<string, Map<string, DayFigures[]>>();
    const keys = new Set<string>();
    for (const [zone, { days, monitors }] of zones) {
      const ids = [...monitors];
      out.set(zone, await this.uptime.figures(ids, dayStarts(now, zone, days), zone, now));
      for (const id of ids) keys.add(`${zone}|${id}`);
    }
    this.uptime.retain(keys);
    return out;
  }

  private page(page: StatusPageDefinition, layout: PageLayout, facts: Facts, monitorDays: Map<string, Map<string, DayFigures[]>>): PageSnapshot {
    const starts = dayStarts(facts.now, page.time_zone, page.history_days);
    const zoneDays = monitorDays.get(page.time_zone);
    const components = layout.components.map((c) => this.component(c, page, starts, facts, zoneDays?.get(c.ref.id)));
    const byId = new Map(components.map((c) => [c.id, c]));
    const groups = layout.groups.map((g) => ({ ...g, state: worstState(g.componentIds.map((id) => byId.get(id)!.state)) }));
    const historyFrom = facts.now - page.history_days * DAY_MS;
    const incidents: PublicIncident[] = [];
    const history: PublicIncident[] = [];
    for (const incident of facts.incidents) {
      const touched = layout.components.filter((c) => touches(incident, c));
      if (touched.length === 0) continue;
      const entries = facts.timelines.get(incident.id) ?? [];
      const publicIncident = toPublicIncident(incident, entries, touched.map((c) => this.touched(c, incident, entries, facts)), {
        showDetails: page.show_details,
        updateIntervalMs: page.update_interval,
        now: facts.now,
      });
      if (publicIncident.status !== 'resolved') incidents.push(publicIncident);
      else if ((publicIncident.resolvedAt ?? 0) >= historyFrom) history.push(publicIncident);
    }
    const newestFirst = (a: PublicIncident, b: PublicIncident) => b.createdAt - a.createdAt || b.id - a.id;
    incidents.sort(newestFirst);
    history.sort(newestFirst);
    const maintenances = pageMaintenances(facts.windows, layout.components, facts.now);
    const times = [
      ...components.map((c) => c.since ?? 0),
      ...incidents.map((i) => i.updatedAt),
      ...history.map((i) => i.updatedAt),
      ...maintenances.map((m) => (m.status === 'in_progress' ? m.scheduledFor : 0)),
    ];
    const updatedAt = Math.max(0, ...times.filter((t) => t <= facts.now));
    return {
      page,
      builtAt: facts.now,
      updatedAt: updatedAt > 0 ? updatedAt : facts.now,
      stale: null,
      indicator: pageIndicator(components.map((c) => c.state), incidents.map((i) => i.impact)),
      state: worstState(components.map((c) => c.state)),
      groups,
      components,
      incidents,
      history,
      maintenances,
    };
  }

  private component(c: LaidOutComponent, page: StatusPageDefinition, starts: number[], facts: Facts, monitorFigures: DayFigures[] | undefined): ComponentSnapshot {
    const inMaintenance = facts.maintenance.has(c.ref.id);
    let figures: DayFigures[];
    let state: ComponentSnapshot['state'];
    let since: number | null;
    let details: Localized | null = null;
    if (c.ref.kind === 'service') {
      const stored = facts.services.get(c.ref.id);
      state = serviceComponentState(stored?.state, inMaintenance);
      since = stored?.since ?? null;
      figures = serviceDayFigures(facts.history.get(c.ref.id) ?? [], starts, starts.map((_, i) => i), facts.now, page.time_zone);
      if (page.show_details) details = reasonsOf(stored);
    } else {
      const stored = facts.monitors.get(c.ref.id);
      state = monitorComponentState(stored?.state, inMaintenance);
      since = stored?.since ?? null;
      figures = (monitorFigures ?? []).slice(-starts.length);
      if (page.show_details && stored?.lastMessage && state !== 'operational') details = { en: stored.lastMessage, fr: stored.lastMessage };
    }
    if (inMaintenance) since = maintenanceStart(facts, c.ref.id) ?? since;
    return { ...c, state, since, days: figures.map(toUptimeDay), uptime: overallUptime(figures), details };
  }

  /** A component of the page an incident touches, with the worst state it reached during the incident. */
  private touched(c: LaidOutComponent, incident: Incident, entries: readonly TimelineEntry[], facts: Facts): TouchedComponent {
    const from = incident.firstFailureAt ?? incident.openedAt;
    const to = incident.resolvedAt ?? facts.now + 1;
    if (c.ref.kind === 'service') return { id: c.id, name: c.name, worst: worstServiceStateDuring(facts.history.get(c.ref.id) ?? [], from, to) };
    let worst: ComponentState | null = incident.rootCause?.kind === 'monitor' && incident.rootCause.id === c.ref.id ? 'major_outage' : null;
    for (const e of entries) {
      if (e.kind === 'monitor_state' && e.details?.['monitorId'] === c.ref.id) worst = worseFailure(worst, monitorComponentState(e.details['to'] as never, false));
    }
    if (incident.status !== 'resolved') worst = worseFailure(worst, monitorComponentState(facts.monitors.get(c.ref.id)?.state, false));
    return { id: c.id, name: c.name, worst };
  }
}

/** True when the incident is about the component's service or monitor, or folds it in. */
export function touches(incident: Incident, c: Pick<LaidOutComponent, 'ref'>): boolean {
  if (c.ref.kind === 'service' && incident.serviceId === c.ref.id) return true;
  return incident.affected.includes(`${c.ref.kind}:${c.ref.id}`);
}

/** The reasons stored with a service's state, in both languages (shown only with `show_details`). */
function reasonsOf(stored: StoredServiceState | undefined): Localized | null {
  const reasons = ((stored?.details?.['reasons'] ?? []) as Array<{ en?: unknown; fr?: unknown }>).filter((r) => typeof r.en === 'string' && typeof r.fr === 'string');
  if (reasons.length === 0) return null;
  return { en: reasons.map((r) => r.en).join('; '), fr: reasons.map((r) => r.fr).join(' ; ') };
}

/** When the maintenance now covering `id` started. */
function maintenanceStart(facts: Facts, id: string): number | null {
  const windows = new Set(facts.maintenance.get(id) ?? []);
  let start: number | null = null;
  for (const w of facts.windows) {
    if (!windows.has(w.id)) continue;
    const at = nextOccurrences(w, facts.now, 1)[0]?.start;
    if (at !== undefined && at <= facts.now && (start === null || at < start)) start = at;
  }
  return start;
}
