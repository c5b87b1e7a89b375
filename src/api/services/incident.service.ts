/** @module Incidents through the API: views, filters, and the actions people take. */
import type { z } from 'zod';
import type { Bus } from '../../engine/bus.js';
import { IncidentActionError, IncidentActions } from '../../incidents/incident-actions.js';
import { incidentFigures } from '../../incidents/incident-figures.js';
import type { Incident, TimelineEntry } from '../../incidents/incident.types.js';
import type { Store } from '../../storage/store.js';
import type { Principal } from '../auth.js';
import { ApiError, conflict, notFound } from '../errors.js';
import { iso, isoOrNull } from '../schemas/common.schemas.js';
import type { ReportFormat, ReportLang } from '../../crisis/report-render.js';
import { incidentReport, type IncidentReportDeps, type RenderedReport } from './incident-report.service.js';
import type { incidentCreateBody, incidentDetail, incidentListQuery, incidentPage, incidentView, timelineEntryView } from '../schemas/incident.schemas.js';

type View = z.output<typeof incidentView>;

/** An incident as the API shows it. */
export function toIncidentView(i: Incident): View {
  return {
    ...i,
    firstFailureAt: isoOrNull(i.firstFailureAt),
    openedAt: iso(i.openedAt),
    lastFailureAt: iso(i.lastFailureAt),
    recoveredAt: isoOrNull(i.recoveredAt),
    acknowledgedAt: isoOrNull(i.acknowledgedAt),
    mitigatedAt: isoOrNull(i.mitigatedAt),
    resolvedAt: isoOrNull(i.resolvedAt),
    updatedAt: iso(i.updatedAt),
  };
}

function toEntryView(e: TimelineEntry): z.output<typeof timelineEntryView> {
  return { id: e.id, at: iso(e.at), kind: e.kind, author: e.author, text: e.text, details: e.details };
}

/** Lists, shows and changes incidents. */
export class IncidentService {
  private readonly actions: IncidentActions;

  constructor(
    private readonly store: Store,
    bus: Bus,
    private readonly now: () => number,
    /** What the post-incident report needs besides the store (the impact estimator); optional. */
    private readonly reports: IncidentReportDeps = {},
  ) {
    this.actions = new IncidentActions(store, bus, now);
  }

  async list(query: z.output<typeof incidentListQuery>): Promise<z.output<typeof incidentPage>> {
    const page = await this.store.incidents.list({ status: query.status, severity: query.severity, service: query.service }, { limit: query.limit, offset: query.offset });
    return { items: page.items.map(toIncidentView), total: page.total };
  }

  async get(id: number): Promise<z.output<typeof incidentDetail>> {
    const incident = await this.store.incidents.get(id);
    if (!incident) throw notFound('incident', String(id));
    const timeline = await this.store.incidents.timeline(id);
    return { ...toIncidentView(incident), figures: incidentFigures(incident), timeline: timeline.map(toEntryView) };
  }

  /** The post-incident report of an incident (see `incident-report.service.ts`). */
  report(id: number, format: ReportFormat, lang: ReportLang): Promise<RenderedReport> {
    return incidentReport(this.store, this.reports, this.now(), id, format, lang);
  }

  async create(body: z.output<typeof incidentCreateBody>, by: Principal | null): Promise<z.output<typeof incidentDetail>> {
    const incident = await this.actions.create({ title: body.title, severity: body.severity, serviceId: body.service, summary: body.summary }, author(by));
    return this.get(incident.id);
  }

  acknowledge(id: number, by: Principal | null) {
    return this.act(id, () => this.actions.acknowledge(id, author(by)));
  }

  mitigate(id: number, by: Principal | null) {
    return this.act(id, () => this.actions.mitigate(id, author(by)));
  }

  resolve(id: number, by: Principal | null) {
    return this.act(id, () => this.actions.resolve(id, author(by)));
  }

  addUpdate(id: number, kind: 'internal' | 'public', text: { en: string; fr: string }, by: Principal | null) {
    return this.act(id, () => this.actions.addUpdate(id, kind, text, author(by)));
  }

  private async act(id: number, action: () => Promise<Incident>): Promise<z.output<typeof incidentDetail>> {
    try {
      await action();
    } catch (error) {
      throw error instanceof IncidentActionError ? toApiError(error, id) : error;
    }
    return this.get(id);
  }
}

function author(principal: Principal | null): string {
  return principal?.name ?? 'anonymous';
}

function toApiError(error: IncidentActionError, id: number): ApiError {
  return error.code === 'not_found' ? notFound('incident', String(id)) : conflict('conflict', error.message);
}
