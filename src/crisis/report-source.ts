/**
 * @module Reads what a post-incident report is built from (the incident, its timeline, the
 * messages sent about it, its crisis with the crisis's incidents, deadlines and drafts) and builds
 * it. Shared by `vigie incident report`, `GET /api/v1/incidents/:id/report` and the metrics
 * observed when an incident is resolved.
 */
import type { Incident } from '../incidents/incident.types.js';
import type { Store } from '../storage/store.js';
import type { Crisis } from './crisis.types.js';
import { buildReport, type ReportImpact, type ReportInput } from './report.js';
import type { IncidentReport } from './report.schema.js';

/**
 * Estimates an incident's impact for its report (calls lost, users affected…); undefined when
 * there is nothing to say. Optional everywhere: without it the report has no impact section.
 */
export type ImpactEstimator = (incident: Incident, crisis: Crisis | undefined) => Promise<ReportImpact | undefined> | ReportImpact | undefined;

/** The parts of the store a report reads. */
export type ReportStore = Pick<Store, 'incidents' | 'deliveries' | 'crises'>;

/** The most messages of one incident read for its report (the earliest sent is what counts). */
const MAX_DELIVERIES = 100_000;

/** What the report of incident `id` is built from; undefined when there is no such incident. */
export async function reportInputOf(store: ReportStore, id: number, now: number, impact?: ImpactEstimator): Promise<ReportInput | undefined> {
  const incident = await store.incidents.get(id);
  if (!incident) return undefined;
  const [timeline, deliveries, crisis] = await Promise.all([
    store.incidents.timeline(id),
    store.deliveries.list({ incidentId: id, status: ['sent'] }, MAX_DELIVERIES),
    store.crises.forIncident(id),
  ]);
  const [crisisIncidents, deadlines, drafts] = crisis ? await Promise.all([store.crises.incidents(crisis.id), store.crises.deadlines(crisis.id), store.crises.drafts(crisis.id)]) : [[], [], []];
  return { incident, timeline, deliveries, crisis, crisisIncidents, deadlines, drafts, impact: impact ? await impact(incident, crisis) : undefined, now };
}

/** The report of incident `id` at `now`; undefined when there is no such incident. */
export async function loadReport(store: ReportStore, id: number, now: number, impact?: ImpactEstimator): Promise<IncidentReport | undefined> {
  const input = await reportInputOf(store, id, now, impact);
  return input && buildReport(input);
}
