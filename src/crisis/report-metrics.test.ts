import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { EngineMetrics } from '../engine/metrics.js';
import { buildReport } from './report.js';
import { FIGURE_METRICS, ReportMetrics, countDeadline, observeReport } from './report-metrics.js';
import { incident, reportInput } from './report.fixture.js';

/** The `_sum` and `_count` of a histogram for one severity. */
async function sumAndCount(registry: Registry, name: string, severity: string): Promise<{ sum: number | undefined; count: number | undefined }> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const values = (metric?.values ?? []) as Array<{ metricName?: string; value: number; labels: Record<string, unknown> }>;
  const pick = (suffix: string) => values.find((v) => v.metricName === `${name}${suffix}` && v.labels.severity === severity)?.value;
  return { sum: pick('_sum'), count: pick('_count') };
}

describe('observeReport', () => {
  it('observes each figure that happened, in seconds, by severity', async () => {
    const registry = new Registry();
    const metrics = new ReportMetrics(registry);
    observeReport(metrics, buildReport(reportInput()));
    expect(await sumAndCount(registry, 'vigie_incident_time_to_detect_seconds', 'SEV1')).toEqual({ sum: 4, count: 1 });
    expect(await sumAndCount(registry, 'vigie_incident_time_to_crisis_activation_seconds', 'SEV1')).toEqual({ sum: 1500, count: 1 });
    expect(await sumAndCount(registry, 'vigie_incident_time_to_first_authority_communication_seconds', 'SEV1')).toEqual({ sum: 7200, count: 1 });
    expect(await sumAndCount(registry, 'vigie_incident_time_to_recovery_seconds', 'SEV1')).toEqual({ sum: 10_800, count: 1 });
  });

  it('leaves out the figures that did not happen', async () => {
    const registry = new Registry();
    const metrics = new ReportMetrics(registry);
    const manual = { ...incident, severity: 'SEV3' as const, firstFailureAt: null };
    observeReport(metrics, buildReport({ incident: manual, timeline: [], deliveries: [], now: manual.resolvedAt! }));
    expect(await sumAndCount(registry, 'vigie_incident_time_to_detect_seconds', 'SEV3')).toEqual({ sum: undefined, count: undefined });
    expect(await sumAndCount(registry, 'vigie_incident_time_to_acknowledge_seconds', 'SEV3')).toEqual({ sum: 60, count: 1 });
  });
});

describe('countDeadline', () => {
  it('counts deadlines by audience and outcome', async () => {
    const registry = new Registry();
    const metrics = new ReportMetrics(registry);
    countDeadline(metrics, 'authority', 'missed');
    countDeadline(metrics, 'authority', 'missed');
    countDeadline(metrics, 'public', 'met');
    const values = (await registry.getSingleMetric('vigie_crisis_deadlines_total')!.get()).values;
    expect(values).toEqual(expect.arrayContaining([{ value: 2, labels: { audience: 'authority', outcome: 'missed' } }, { value: 1, labels: { audience: 'public', outcome: 'met' } }]));
  });
});

describe('EngineMetrics', () => {
  it('registers the report metrics on the registry served at /metrics', async () => {
    const names = (await new EngineMetrics(false).registry.getMetricsAsJSON()).map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining([...Object.values(FIGURE_METRICS).map((m) => m.name), 'vigie_crisis_deadlines_total']));
  });
});
