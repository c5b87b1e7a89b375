/**
 * @module The post-incident report through the API: gathers the incident, its timeline, the
 * messages sent, its crisis with deadlines and drafts (`src/crisis/report-source.ts`), and lays
 * the report out as JSON, Markdown or HTML. The impact estimate comes from an optional
 * {@link ImpactEstimator} given by the process; without one the report has no impact section.
 */
import type { ImpactEstimator, ReportStore } from '../../crisis/report-source.js';
import { loadReport } from '../../crisis/report-source.js';
import { REPORT_CONTENT_TYPES, renderReport, type ReportFormat, type ReportLang } from '../../crisis/report-render.js';
import type { IncidentReport } from '../../crisis/report.schema.js';
import { notFound } from '../errors.js';

/** What the report needs besides the store. */
export interface IncidentReportDeps {
  /** Estimates the impact of an incident (see `src/crisis/impact.ts`); optional. */
  impact?: ImpactEstimator;
}

/** A report ready to send: the JSON object, or a text with its media type. */
export type RenderedReport = { format: 'json'; body: IncidentReport } | { format: 'md' | 'html'; contentType: string; body: string };

/** The report of incident `id` in `format` and `lang`; 404 when there is no such incident. */
export async function incidentReport(store: ReportStore, deps: IncidentReportDeps, now: number, id: number, format: ReportFormat, lang: ReportLang): Promise<RenderedReport> {
  const report = await loadReport(store, id, now, deps.impact);
  if (!report) throw notFound('incident', String(id));
  if (format === 'json') return { format, body: report };
  return { format, contentType: REPORT_CONTENT_TYPES[format], body: renderReport(report, format, lang) };
}
