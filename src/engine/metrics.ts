/** @module Prometheus metrics of the engine (exposed at `/metrics`). */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { ReportMetrics } from '../crisis/report-metrics.js';

export class EngineMetrics {
  readonly registry = new Registry();
  readonly monitorUp = new Gauge({
    name: 'vigie_monitor_up',
    help: 'Confirmed state of each monitor: 1 up or degraded, 0 down or unknown (absent while pending or paused).',
    labelNames: ['monitor', 'type'] as const,
    registers: [this.registry],
  });
  readonly checkDuration = new Histogram({
    name: 'vigie_check_duration_seconds',
    help: 'Latency measured by checks, by check type and result status.',
    labelNames: ['type', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly checks = new Counter({
    name: 'vigie_checks_total',
    help: 'Checks run, by type and status.',
    labelNames: ['type', 'status'] as const,
    registers: [this.registry],
  });
  readonly schedulerLag = new Histogram({
    name: 'vigie_scheduler_lag_seconds',
    help: 'Delay between the time a check was due and the time it started.',
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly skipped = new Counter({
    name: 'vigie_scheduler_skipped_total',
    help: 'Due runs skipped because the previous run of the same monitor had not finished.',
    registers: [this.registry],
  });
  readonly missed = new Counter({
    name: 'vigie_scheduler_missed_total',
    help: 'Due slots that passed entirely while the process was busy.',
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({ name: 'vigie_scheduler_queue_depth', help: 'Runs waiting for a concurrency slot.', registers: [this.registry] });
  readonly inFlight = new Gauge({ name: 'vigie_checks_in_flight', help: 'Checks running now.', registers: [this.registry] });
  readonly monitors = new Gauge({ name: 'vigie_monitors', help: 'Scheduled monitors.', registers: [this.registry] });
  readonly resultsWritten = new Counter({ name: 'vigie_results_written_total', help: 'Results written to storage.', registers: [this.registry] });
  readonly writeBuffer = new Gauge({ name: 'vigie_results_buffered', help: 'Results waiting for the next batch write.', registers: [this.registry] });
  readonly transitions = new Counter({
    name: 'vigie_transitions_total',
    help: 'Stored transitions, by kind.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  /** Post-incident figures and crisis deadlines (see `src/crisis/report-metrics.ts`). */
  readonly reports = new ReportMetrics(this.registry);

  /** Exact lag samples in ms, kept only when a benchmark asks for them. */
  lagSamples: number[] | null = null;

  constructor(defaults = true) {
    if (defaults) collectDefaultMetrics({ register: this.registry, prefix: 'vigie_' });
  }

  /** Due runs waiting for a slot, by the time they were due. */
  private readonly waiting = new Set<{ dueAt: number }>();
  /** The largest lag recorded since {@link takeLagMs} was last called. */
  private worstLagMs = 0;

  /** Records how late a run started (ms). */
  recordLag(ms: number): void {
    this.schedulerLag.observe(ms / 1000);
    this.lagSamples?.push(ms);
    this.worstLagMs = Math.max(this.worstLagMs, ms);
  }

  /** Notes a run due at `dueAt` waiting for a slot; call the returned function when it starts. */
  waitingRun(dueAt: number): () => void {
    const run = { dueAt };
    this.waiting.add(run);
    return () => this.waiting.delete(run);
  }

  /**
   * How late the scheduler is (ms): the largest lag of the runs started since the last call, or
   * the wait so far of the oldest due run not started yet, whichever is more. For the watchdog.
   */
  takeLagMs(now: number = Date.now()): number {
    let lag = this.worstLagMs;
    this.worstLagMs = 0;
    for (const run of this.waiting) lag = Math.max(lag, now - run.dueAt);
    return lag;
  }
}
