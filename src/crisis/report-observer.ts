/**
 * @module Observes the report figures of each incident when it is resolved for the first time
 * (`incident.changed` with `resolved` on the bus, from the incident engine or the API): a later
 * resolution after a reopening is not observed again, so each incident counts once. An incident
 * resolved by another process (`vigie incident resolve`) is not seen here.
 */
import type { Logger } from 'pino';
import type { Bus, BusEvents } from '../engine/bus.js';
import { type ReportMetrics, observeReport } from './report-metrics.js';
import { loadReport, type ImpactEstimator, type ReportStore } from './report-source.js';

export interface ReportObserverDeps {
  bus: Bus;
  store: ReportStore;
  metrics: ReportMetrics;
  log: Pick<Logger, 'warn'>;
  now: () => number;
  impact?: ImpactEstimator;
}

/** A running observer; `stop()` unsubscribes and waits for the reports being read. */
export interface ReportObserver {
  stop(): Promise<void>;
  /** Resolves when the reports being read now are observed (tests). */
  idle(): Promise<void>;
}

/** Starts observing resolved incidents. */
export function observeResolvedIncidents(deps: ReportObserverDeps): ReportObserver {
  const pending = new Set<Promise<void>>();
  const observe = async (id: number) => {
    const report = await loadReport(deps.store, id, deps.now(), deps.impact);
    if (report && report.incident.status === 'resolved' && report.incident.reopened === 0) observeReport(deps.metrics, report);
  };
  const listener = (event: BusEvents['incident.changed'][0]) => {
    if (event.change !== 'resolved') return;
    const run = observe(event.id).catch((error: unknown) => deps.log.warn({ err: error, incident: event.id }, 'could not observe the report figures of a resolved incident'));
    pending.add(run);
    void run.finally(() => pending.delete(run));
  };
  deps.bus.on('incident.changed', listener);
  const idle = async () => {
    while (pending.size > 0) await Promise.all([...pending]);
  };
  return {
    idle,
    async stop() {
      deps.bus.off('incident.changed', listener);
      await idle();
    },
  };
}
