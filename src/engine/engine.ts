/**
 * @module The engine: schedules monitors, runs their checks, evaluates results and stores
 * results (in batches) and transitions (at once, with the state they lead to).
 *
 * Data flow: Scheduler (due) → RunQueue (concurrency) → runCheck (probe) → evaluate (pure) →
 * ResultWriter (batched results) / StateRepository.commitTransition (transition rows, the
 * outbox that incidents and notifiers consume) → Bus (live SSE, metrics).
 */
import { setMaxListeners } from 'node:events';
import type { CheckEvent, CheckResult, CheckType } from '../checks/types.js';
import type { PassiveReader } from '../checks/passive-reader.js';
import { getCheckType } from '../checks/registry.js';
import type { MonitorDefinition } from '../monitors/monitor.schema.js';
import { monitorInputSchema, sameDefinition, toDefinition } from '../monitors/monitor.schema.js';
import type { Store, MonitorRecord, MonitorSource, ResultRow } from '../storage/store.js';
import { hashPushTokens } from '../secrets/push-token.js';
import type { Logger } from '../logger.js';
import type { Bus } from './bus.js';
import type { IngestOutcome, MonitorControl } from './monitor-control.js';
import { evaluate, pauseTransition, type Evaluation } from './evaluate.js';
import { evaluateAtLocation, isMultiLocation, locationPolicyOf, locationsOf, reviewSilence } from './evaluate-locations.js';
import { checkDetailsOf } from './location-states.js';
import { initialState, type MonitorState, type TransitionDraft } from './monitor-state.js';
import { EngineMetrics } from './metrics.js';
import { ResultWriter } from './result-writer.js';
import { RunQueue } from './run-queue.js';
import { Scheduler, type ScheduledItem } from './scheduler.js';
import { runCheck } from './check-runner.js';
import { toStoredInput } from './stored-input.js';

export interface EngineOptions {
  concurrency: number;
  perHost: number;
  jitter: boolean;
  batch: { size: number; intervalMs: number };
  /** Location name stamped on results (`local` for the main node). */
  location: string;
  /** How long shutdown waits for in-flight checks before cancelling them. */
  shutdownGraceMs: number;
  /** Pushed data for passive check types. */
  passive?: PassiveReader;
  /** How often monitors judged only from other locations are re-judged for locations fallen silent. */
  silenceSweepMs: number;
  /**
   * Asked before each run of a monitor created through the API: why it must not run (English and
   * French; the run is then recorded as `unknown` with that reason), or `undefined` to run it.
   * Set from `api.monitor_targets` by `startApp`.
   */
  apiRunGuard?: (type: MonitorDefinition['type'], check: Record<string, unknown>) => Promise<{ en: string; fr: string } | undefined>;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  concurrency: 200,
  perHost: 20,
  jitter: true,
  batch: { size: 500, intervalMs: 1000 },
  location: 'local',
  shutdownGraceMs: 10_000,
  silenceSweepMs: 5_000,
};

interface Scheduled {
  def: MonitorDefinition;
  check: CheckType;
  source: MonitorSource;
  target: string;
}

/** True when a stored file monitor holds what `def` would store now (its push token hashed as stored). */
function storedAsWritten(record: MonitorRecord, def: MonitorDefinition): boolean {
  return (
    record.name === def.name &&
    record.type === def.type &&
    JSON.stringify(record.tags) === JSON.stringify(def.tags) &&
    JSON.stringify(record.input) === JSON.stringify(hashPushTokens(toStoredInput(def), def.type))
  );
}

export class Engine implements MonitorControl {
  readonly metrics: EngineMetrics;
  private readonly monitors = new Map<string, Scheduled>();
  private states = new Map<string, MonitorState>();
  private readonly scheduler: Scheduler;
  private readonly queue: RunQueue;
  private readonly writer: ResultWriter;
  private readonly shutdown = new AbortController();
  private readonly inflight = new Set<Promise<void>>();
  private readonly opts: EngineOptions;
  /** The value last given to `vigie_monitor_up` per monitor: the gauge is set only when it changes. */
  private readonly upValues = new Map<string, 0 | 1>();
  /** Multi-location monitors record one result at a time (local runs and ingested ones share a state). */
  private readonly recording = new Map<string, Promise<unknown>>();
  private silenceSweep: NodeJS.Timeout | undefined;
  private sweeping = false;

  constructor(
    private readonly store: Store,
    private readonly bus: Bus,
    private readonly log: Logger,
    options: Partial<EngineOptions> = {},
    metrics?: EngineMetrics,
  ) {
    this.opts = { ...DEFAULT_ENGINE_OPTIONS, ...options };
    // Every run in flight listens for shutdown (up to `concurrency` at once).
    setMaxListeners(0, this.shutdown.signal);
    this.metrics = metrics ?? new EngineMetrics();
    this.queue = new RunQueue(this.opts.concurrency, this.opts.perHost);
    this.writer = new ResultWriter(store, this.opts.batch, log, this.metrics);
    this.scheduler = new Scheduler(
      {
        onDue: (item, dueAt, finished) => this.enqueue(item, dueAt, finished),
        onSkip: (item) => {
          this.metrics.skipped.inc();
          this.log.debug({ monitor: item.id }, 'previous run still going; slot skipped');
        },
        onMissed: (_item, slots) => this.metrics.missed.inc(slots),
      },
      this.opts.jitter,
    );
  }

  /** Loads stored states and API monitors, syncs the file monitors, and starts scheduling. */
  async start(fileMonitors: MonitorDefinition[]): Promise<void> {
    this.states = await this.store.states.loadAll();
    await this.syncFileMonitors(fileMonitors);
    for (const record of await this.store.monitors.all()) {
      if (record.source !== 'api') continue;
      const def = parseStoredDefinition(record.input, this.log);
      if (def) this.schedule(def, 'api', record.paused);
    }
    this.writer.start();
    this.silenceSweep = setInterval(() => void this.sweepSilence(), this.opts.silenceSweepMs).unref();
    this.log.info({ monitors: this.monitors.size }, 'engine started');
  }

  /**
   * Applies a new set of file monitors: only added, changed and removed ones are written (in
   * multi-row statements); at start, a monitor stored as the file has it now is only scheduled.
   */
  async syncFileMonitors(defs: MonitorDefinition[]): Promise<{ added: number; changed: number; removed: number }> {
    const now = Date.now();
    const wanted = new Map(defs.map((d) => [d.id, d]));
    const stored = new Map((await this.store.monitors.all()).map((r) => [r.id, r]));
    const writes: Array<{ def: MonitorDefinition; paused: boolean; change: 'added' | 'updated' }> = [];
    for (const def of defs) {
      const current = this.monitors.get(def.id);
      const record = stored.get(def.id);
      if (record?.source === 'file' && (current ? current.source === 'file' && sameDefinition(current.def, def) : storedAsWritten(record, def))) {
        // Unchanged: a pause or resume made through the API (stored on the record) stands.
        if (!current) {
          await this.alignPauseState(def.id, record.paused, 'the configuration file');
          this.schedule(def, 'file', record.paused);
        }
        continue;
      }
      if (record?.source === 'api') this.log.warn({ monitor: def.id }, 'the configuration file now defines this API monitor; the file wins');
      // The file's `paused` wins only when the file changed it; otherwise a pause or resume made
      // through the API (stored on the record) stands, across reloads and restarts.
      const previousFilePaused = current?.source === 'file' ? current.def.paused : record?.input.paused;
      const fileChangedPaused = !record || record.source !== 'file' || previousFilePaused !== def.paused;
      writes.push({ def, paused: fileChangedPaused ? def.paused : record.paused, change: current || record ? 'updated' : 'added' });
    }
    await this.store.monitors.upsertMany(
      writes.map(({ def, paused }) => ({ id: def.id, name: def.name, type: def.type, source: 'file', input: toStoredInput(def), tags: def.tags, paused })),
      now,
    );
    for (const { def, paused, change } of writes) {
      await this.alignPauseState(def.id, paused, 'the configuration file');
      this.schedule(def, 'file', paused);
      this.bus.emit('monitor.changed', { id: def.id, change });
    }
    const gone = [...stored.values()].filter((record) => record.source === 'file' && !wanted.has(record.id)).map((record) => record.id);
    await this.store.monitors.removeMany(gone, now);
    for (const id of gone) {
      this.unschedule(id);
      this.bus.emit('monitor.changed', { id, change: 'removed' });
    }
    const added = writes.filter((w) => w.change === 'added').length;
    return { added, changed: writes.length - added, removed: gone.length };
  }

  apply(def: MonitorDefinition): void {
    const existed = this.monitors.has(def.id);
    this.schedule(def, 'api', def.paused);
    this.alignPauseState(def.id, def.paused, 'the API').catch((err) => this.log.error({ err, monitor: def.id }, 'storing the pause state failed'));
    this.bus.emit('monitor.changed', { id: def.id, change: existed ? 'updated' : 'added' });
  }

  remove(id: string): void {
    this.unschedule(id);
    this.bus.emit('monitor.changed', { id, change: 'removed' });
  }

  async setPaused(id: string, paused: boolean, by: string): Promise<void> {
    const entry = this.monitors.get(id);
    if (!entry) throw new Error(`monitor "${id}" is not scheduled`);
    await this.store.monitors.setPaused(id, paused, Date.now());
    await this.alignPauseState(id, paused, by);
    if (paused || !this.runsHere(entry.def)) this.scheduler.remove(id);
    else this.scheduler.upsert({ id, intervalMs: entry.def.intervalMs });
  }

  /** Records a result seen from another location (remote probes, tests) and evaluates it now. */
  async ingest(id: string, location: string, result: CheckResult, at: number): Promise<IngestOutcome> {
    const entry = this.monitors.get(id);
    if (!entry) return { ok: false, reason: 'not_found' };
    const locations = locationsOf(entry.def, this.opts.location);
    if (!locations.includes(location)) return { ok: false, reason: 'unknown_location', locations };
    await this.serially(entry.def, () => this.record(entry, result, at, Date.now(), location));
    return { ok: true, state: this.states.get(id)?.state ?? 'pending' };
  }

  /**
   * Re-judges the monitors this node does not run (judged from other locations only): with no
   * result arriving, only time can tell that their locations fell silent.
   */
  async sweepSilence(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      for (const entry of this.monitors.values()) {
        if (!isMultiLocation(entry.def) || this.runsHere(entry.def) || !this.states.has(entry.def.id)) continue;
        await this.serially(entry.def, async () => {
          const prev = this.states.get(entry.def.id);
          const now = Date.now();
          const review = prev && reviewSilence(prev, locationPolicyOf(entry.def, this.opts.location), now);
          if (!review?.transition) return;
          await this.commit(entry.def.id, review.state, [review.transition, ...this.flappingDrafts(entry.def, review, now)]);
          this.updateUpGauge(entry.def, review.state);
        });
      }
    } catch (err) {
      this.log.error({ err }, 'reviewing silent locations failed; trying again at the next sweep');
    } finally {
      this.sweeping = false;
    }
  }

  /** A monitor whose `locations` leave this node out is judged from elsewhere only. */
  private runsHere(def: MonitorDefinition): boolean {
    return locationsOf(def, this.opts.location).includes(this.opts.location);
  }

  /** Chains the work of one multi-location monitor; other monitors run it at once. */
  private serially<T>(def: MonitorDefinition, work: () => Promise<T>): Promise<T> {
    if (!isMultiLocation(def)) return work();
    const run = (this.recording.get(def.id) ?? Promise.resolve()).catch(() => undefined).then(work);
    const tail = run.catch(() => undefined);
    this.recording.set(def.id, tail);
    void tail.then(() => {
      if (this.recording.get(def.id) === tail) this.recording.delete(def.id);
    });
    return run;
  }

  /** Records a pause or resume transition when the stored state does not match `paused`. */
  private async alignPauseState(id: string, paused: boolean, by: string): Promise<void> {
    const prev = this.states.get(id) ?? initialState();
    if ((prev.state === 'paused') === paused) return;
    const { state, transition } = pauseTransition(id, prev, paused, Date.now(), by);
    await this.commit(id, state, [transition]);
  }

  async runNow(id: string): Promise<CheckResult | undefined> {
    const entry = this.monitors.get(id);
    if (!entry) return undefined;
    const deadline = Date.now() + entry.def.timeoutMs + 5000;
    while (!this.scheduler.claim(id) && this.scheduler.has(id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    try {
      return await this.execute(entry, Date.now());
    } finally {
      this.scheduler.release(id);
    }
  }

  /** The in-memory state of a monitor (what the API shows between batch writes). */
  stateOf(id: string): MonitorState | undefined {
    return this.states.get(id);
  }

  get size(): number {
    return this.monitors.size;
  }

  setLimits(concurrency: number, perHost: number): void {
    this.queue.setLimits(concurrency, perHost);
  }

  /** Stops scheduling, lets in-flight checks finish (or cancels them after the grace), flushes. */
  async stop(): Promise<void> {
    clearInterval(this.silenceSweep);
    this.scheduler.stop();
    const grace = new Promise((r) => setTimeout(r, this.opts.shutdownGraceMs).unref());
    await Promise.race([Promise.allSettled([...this.inflight]), grace]);
    this.shutdown.abort(new Error('shutting down'));
    await Promise.allSettled([...this.inflight]);
    await this.writer.stop();
    this.log.info('engine stopped');
  }

  private schedule(def: MonitorDefinition, source: MonitorSource, paused: boolean): void {
    const check = getCheckType(def.type);
    if (!check) {
      this.log.error({ monitor: def.id, type: def.type }, 'unknown check type; monitor not scheduled');
      return;
    }
    this.monitors.set(def.id, { def, check, source, target: check.target(def.check) });
    if (paused || !this.runsHere(def)) this.scheduler.remove(def.id);
    else this.scheduler.upsert({ id: def.id, intervalMs: def.intervalMs });
    this.metrics.monitors.set(this.monitors.size);
  }

  private unschedule(id: string): void {
    const type = this.monitors.get(id)?.def.type;
    this.monitors.delete(id);
    this.scheduler.remove(id);
    // The series is keyed by both labels: removing by `monitor` alone would leave it behind.
    if (type !== undefined) this.metrics.monitorUp.remove({ monitor: id, type });
    this.upValues.delete(id);
    this.metrics.monitors.set(this.monitors.size);
  }

  private enqueue(item: ScheduledItem, dueAt: number, finished: () => void): void {
    const entry = this.monitors.get(item.id);
    if (!entry) return finished();
    const waited = this.metrics.waitingRun(dueAt);
    this.queue.enqueue({
      host: entry.target,
      start: (done) => {
        waited();
        const started = Date.now();
        this.metrics.recordLag(Math.max(0, started - dueAt));
        this.metrics.inFlight.set(this.queue.inFlight);
        this.metrics.queueDepth.set(this.queue.depth);
        const run = this.execute(this.monitors.get(item.id) ?? entry, started)
          .catch((err) => this.log.error({ err, monitor: item.id }, 'recording a result failed'))
          .then(() => undefined);
        this.inflight.add(run);
        void run.finally(() => {
          this.inflight.delete(run);
          done();
          finished();
          this.metrics.inFlight.set(this.queue.inFlight);
        });
      },
    });
  }

  private async execute(entry: Scheduled, startedAt: number): Promise<CheckResult | undefined> {
    const { def, check } = entry;
    const refused = entry.source === 'api' ? await this.opts.apiRunGuard?.(def.type, def.check) : undefined;
    const outcome = refused
      ? { result: { status: 'unknown' as const, message: refused.en, messages: refused, latencyMs: null }, cancelled: false }
      : await runCheck(check, def.check, def.timeoutMs, this.shutdown.signal, { monitorId: def.id, passive: this.opts.passive });
    if (outcome.cancelled) return undefined;
    if (this.monitors.get(def.id) === undefined) return outcome.result;
    await this.serially(def, () => this.record(entry, outcome.result, startedAt, Date.now(), this.opts.location));
    return outcome.result;
  }

  private async record(entry: Scheduled, result: CheckResult, startedAt: number, finishedAt: number, location: string): Promise<void> {
    const { def, check } = entry;
    const prev = this.states.get(def.id) ?? initialState();
    const local = location === this.opts.location;
    const previousDetails = local ? (checkDetailsOf(prev.lastDetails) ?? undefined) : undefined;
    const kept = local && check.keep ? { ...result, details: check.keep(previousDetails, result) } : result;
    // Multi-location monitors count confirmations per location (evaluate-locations): runs only there.
    const base = local && !isMultiLocation(def) ? revising(prev, check, previousDetails, kept) : prev;
    const evaluation = this.evaluateFor(def, base, kept, location, finishedAt);
    const events = local ? (check.diff?.(def.check, previousDetails, result) ?? []) : [];
    const row: ResultRow = {
      monitorId: def.id,
      location,
      at: startedAt,
      status: result.status,
      latencyMs: result.latencyMs,
      message: result.message,
      timings: result.timings ?? null,
    };
    this.observe(entry, result, evaluation.state);
    this.bus.emit('result', row);
    const drafts: TransitionDraft[] = [];
    if (evaluation.transition) drafts.push(evaluation.transition);
    for (const event of events) drafts.push(eventDraft(def.id, finishedAt, event));
    drafts.push(...this.flappingDrafts(def, evaluation, finishedAt));
    if (drafts.length === 0) {
      this.states.set(def.id, evaluation.state);
      this.writer.add(row, def.id, evaluation.state);
      return;
    }
    // The new state is stored only with its transitions, and after the result that caused them.
    this.writer.add(row, def.id);
    this.writer.forgetState(def.id);
    // If either write fails the state stays as it was, so the next result derives the change again.
    await this.writer.flush();
    await this.commit(def.id, evaluation.state, drafts);
  }

  /** A single-location monitor is evaluated as ever; a multi-location one per location, with its quorum. */
  private evaluateFor(def: MonitorDefinition, prev: MonitorState, result: CheckResult, location: string, now: number): Evaluation {
    if (!isMultiLocation(def)) return evaluate(prev, result, { monitorId: def.id, confirmations: def.confirmations, flapping: def.flapping }, now);
    return evaluateAtLocation(prev, { location, result, local: location === this.opts.location }, locationPolicyOf(def, this.opts.location), now);
  }

  private async commit(monitorId: string, state: MonitorState, drafts: TransitionDraft[]): Promise<void> {
    this.writer.forgetState(monitorId);
    const stored = await this.store.states.commitTransition(monitorId, state, drafts, Date.now());
    // The in-memory state changes only once its transition is stored: what the API shows was stored.
    this.states.set(monitorId, state);
    for (const t of stored) {
      this.metrics.transitions.inc({ kind: t.kind });
      this.bus.emit('transition', t);
      this.log.info({ monitor: monitorId, kind: t.kind, from: t.fromState, to: t.toState, event: t.eventType }, t.reason);
    }
  }

  /** The `monitor.flapping_started|stopped` event when an evaluation changed the flag. */
  private flappingDrafts(def: MonitorDefinition, evaluation: Evaluation, at: number): TransitionDraft[] {
    if (!evaluation.flappingChanged) return [];
    const on = evaluation.state.flapping;
    return [eventDraft(def.id, at, {
      type: on ? 'monitor.flapping_started' : 'monitor.flapping_stopped',
      message: on
        ? `flapping: ${evaluation.state.recentChanges.length} state changes within ${Math.round(def.flapping.windowMs / 60_000)} min`
        : 'flapping stopped',
    })];
  }

  private observe(entry: Scheduled, result: CheckResult, state: MonitorState): void {
    const labels = { type: entry.def.type, status: result.status };
    this.metrics.checks.inc(labels);
    if (result.latencyMs !== null) this.metrics.checkDuration.observe(labels, result.latencyMs / 1000);
    this.updateUpGauge(entry.def, state);
  }

  private updateUpGauge(def: MonitorDefinition, state: MonitorState): void {
    const up = state.state === 'up' || state.state === 'degraded' ? 1 : state.state === 'down' || state.state === 'unknown' ? 0 : undefined;
    // Setting a labelled gauge hashes its labels: at 10,000 monitors, do it only when the value changes.
    if (up === undefined || this.upValues.get(def.id) === up) return;
    this.upValues.set(def.id, up);
    this.metrics.monitorUp.set({ monitor: def.id, type: def.type }, up);
  }
}

/**
 * The state to evaluate a result against: when it judges the same sample as the previous result
 * (see `CheckType.sample`), it revises that result, which is taken back out of the count first.
 */
function revising(prev: MonitorState, check: CheckType, previous: Record<string, unknown> | undefined, current: CheckResult): MonitorState {
  const sample = check.sample?.(current.details);
  if (sample === undefined || prev.pendingCount === 0 || sample !== check.sample?.(previous)) return prev;
  return { ...prev, pendingCount: prev.pendingCount - 1 };
}

function eventDraft(monitorId: string, at: number, event: CheckEvent): TransitionDraft {
  const details: Record<string, unknown> = {};
  if (event.before !== undefined || event.after !== undefined) Object.assign(details, { before: event.before ?? null, after: event.after ?? null });
  if (event.messages) details.messages = event.messages;
  return { monitorId, at, kind: 'event', fromState: null, toState: null, eventType: event.type, reason: event.message, details: Object.keys(details).length > 0 ? details : null };
}

/** Re-parses an API monitor's stored input; logs and skips it when it no longer validates. */
function parseStoredDefinition(input: Record<string, unknown>, log: Logger): MonitorDefinition | undefined {
  const parsed = monitorInputSchema.safeParse(input);
  if (parsed.success) return toDefinition(parsed.data);
  log.error({ monitor: input.id, issues: parsed.error.issues }, 'stored monitor no longer validates; not scheduled');
  return undefined;
}
