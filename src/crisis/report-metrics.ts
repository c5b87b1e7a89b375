/**
 * @module Prometheus metrics of post-incident figures: one histogram per figure of the report
 * (time to detect, to acknowledge, to crisis activation, to first internal, public and authority
 * communication, to recovery), observed once per incident when it is first resolved, by severity;
 * and the crisis deadlines met on time or missed, by audience.
 */
import { Counter, Histogram, type Registry } from 'prom-client';
import type { Audience } from './crisis.types.js';
import type { IncidentReport, ReportFigure } from './report.schema.js';

/** The metric of each figure (seconds). */
export const FIGURE_METRICS: Record<ReportFigure, { name: string; help: string }> = {
  timeToDetectMs: { name: 'vigie_incident_time_to_detect_seconds', help: 'First failure to incident opened, per resolved incident.' },
  timeToAcknowledgeMs: { name: 'vigie_incident_time_to_acknowledge_seconds', help: 'Incident opened to acknowledged, per resolved incident.' },
  timeToCrisisActivationMs: { name: 'vigie_incident_time_to_crisis_activation_seconds', help: 'Incident start to crisis cell activation, per resolved incident with a crisis.' },
  timeToFirstInternalCommunicationMs: { name: 'vigie_incident_time_to_first_internal_communication_seconds', help: 'Incident start to the first message sent to responders (or internal deadline met), per resolved incident.' },
  timeToFirstPublicCommunicationMs: { name: 'vigie_incident_time_to_first_public_communication_seconds', help: 'Incident start to the first public update or message (or public deadline met), per resolved incident.' },
  timeToFirstAuthorityCommunicationMs: { name: 'vigie_incident_time_to_first_authority_communication_seconds', help: 'Incident start to the first message to the authorities (or authority deadline met), per resolved incident.' },
  timeToRecoveryMs: { name: 'vigie_incident_time_to_recovery_seconds', help: 'Incident start to everything recovered (else resolved), per resolved incident.' },
};

/** From 10 s to 30 days: the 30-minute crisis target, the 24 h and 72 h NIS2 notifications sit on bounds. */
const BUCKETS = [10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 259_200, 604_800, 2_592_000];

/** The figure histograms and the deadline counter, registered on a registry. */
export class ReportMetrics {
  readonly figures: Record<ReportFigure, Histogram<'severity'>>;
  readonly deadlines: Counter<'audience' | 'outcome'>;

  constructor(registry: Registry) {
    this.figures = Object.fromEntries(
      Object.entries(FIGURE_METRICS).map(([figure, m]) => [figure, new Histogram({ name: m.name, help: m.help, labelNames: ['severity'] as const, buckets: BUCKETS, registers: [registry] })]),
    ) as Record<ReportFigure, Histogram<'severity'>>;
    this.deadlines = new Counter({
      name: 'vigie_crisis_deadlines_total',
      help: 'Crisis communication deadlines that ended, by audience: met on time, or missed (went past due unmet).',
      labelNames: ['audience', 'outcome'] as const,
      registers: [registry],
    });
  }
}

/** Observes the figures of a report that happened (a figure still null is left out). */
export function observeReport(metrics: ReportMetrics, report: IncidentReport): void {
  for (const [figure, ms] of Object.entries(report.figures) as Array<[ReportFigure, number | null]>) {
    if (ms !== null) metrics.figures[figure].observe({ severity: report.incident.severity }, ms / 1000);
  }
}

/**
 * Counts a deadline once, when its outcome is settled: `met` when met by its due time, `missed`
 * when it went past due unmet (a deadline met late afterwards is not counted again).
 */
export function countDeadline(metrics: ReportMetrics, audience: Audience, outcome: 'met' | 'missed'): void {
  metrics.deadlines.inc({ audience, outcome });
}
