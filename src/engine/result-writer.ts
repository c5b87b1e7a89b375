/**
 * @module Batches results and monitor states into few writes: one multi-row insert per batch
 * instead of one per check. Flushes when the buffer reaches `size` or every `intervalMs`, and
 * on demand (before a transition is committed, at shutdown).
 */
import type { MonitorState } from './monitor-state.js';
import type { ResultRow, Store } from '../storage/store.js';
import type { Logger } from '../logger.js';
import type { EngineMetrics } from './metrics.js';

export class ResultWriter {
  private results: ResultRow[] = [];
  private states = new Map<string, MonitorState>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly opts: { size: number; intervalMs: number },
    private readonly log: Logger,
    private readonly metrics?: EngineMetrics,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.flush().catch(() => undefined), this.opts.intervalMs);
    this.timer.unref();
  }

  get buffered(): number {
    return this.results.length;
  }

  /** Buffers a result, and the monitor's state when it changed only in counters (no transition). */
  add(result: ResultRow, monitorId: string, state?: MonitorState): void {
    this.results.push(result);
    if (state) this.states.set(monitorId, state);
    this.metrics?.writeBuffer.set(this.results.length);
    if (this.results.length >= this.opts.size) this.flush().catch(() => undefined);
  }

  /** The state is stored elsewhere (with a transition): do not overwrite it with an older copy. */
  forgetState(monitorId: string): void {
    this.states.delete(monitorId);
  }

  /** Writes everything buffered; concurrent calls share one write, then chain. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.results.length === 0 && this.states.size === 0) return;
    const results = this.results;
    const states = [...this.states].map(([monitorId, state]) => ({ monitorId, state }));
    this.results = [];
    this.states = new Map();
    this.metrics?.writeBuffer.set(0);
    this.flushing = this.write(results, states).finally(() => {
      this.flushing = null;
    });
    await this.flushing;
  }

  private async write(results: ResultRow[], states: Array<{ monitorId: string; state: MonitorState }>): Promise<void> {
    try {
      if (results.length > 0) await this.store.results.insertMany(results);
      if (states.length > 0) await this.store.states.saveMany(states, Date.now());
      this.metrics?.resultsWritten.inc(results.length);
    } catch (err) {
      this.log.error({ err, results: results.length }, 'writing results failed; keeping them for the next batch');
      if (!this.stopped) {
        this.results = results.concat(this.results);
        for (const { monitorId, state } of states) if (!this.states.has(monitorId)) this.states.set(monitorId, state);
      }
      throw err;
    }
  }

  /** Stops the timer and writes what is left. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush().catch(() => undefined);
    this.stopped = true;
  }
}
