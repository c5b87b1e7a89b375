/**
 * @module The incident engine: a consumer of the transitions outbox (`incidents`). It keeps each
 * monitor's state as of its cursor, re-evaluates the services on every transition (and on a
 * tick, for maintenance windows that begin or end), stores service state changes, and opens,
 * groups, updates and auto-resolves incidents. Its cursor and every incident live in the
 * database, so a restart loses nothing. Each claimed batch is processed and acknowledged in one
 * transaction (`incidents.atomically`): its writes and the cursor move commit together, so a
 * crash or a failure keeps none of them and the batch is processed again; bus events are held
 * until the commit. Only when a transaction rolls back are the in-memory states (monitors,
 * services) read again from the database.
 */
import type { Logger } from 'pino';
import type { Bus } from '../engine/bus.js';
import type { Transition } from '../engine/monitor-state.js';
import { activeMaintenanceTargets } from '../maintenance/maintenance-window.js';
import { evaluateServices } from '../services/evaluate-services.js';
import { causeText } from '../services/reasons.js';
import type { ServiceStatus } from '../services/service.types.js';
import type { IncidentWriteScope } from '../storage/incidents.repository.js';
import type { Store } from '../storage/store.js';
import type { TrackedMonitor } from './failure-groups.js';
import { ENGINE_AUTHOR, type Incident } from './incident.types.js';
import { emitIncident } from './incident-events.js';
import { IncidentProcessor, type ServiceChangeNote } from './incident-processor.js';
import { HeldEvents, type IncidentEmitter } from './held-events.js';
import type { IncidentContext } from './incident-settings.js';
import { texts } from './incident-texts.js';
import type { MonitorStateName } from '../core/states.js';

/** Monitor states that evaluate as healthy and silent: moving between them changes nothing downstream. */
const QUIET_STATES: ReadonlySet<string> = new Set(['pending', 'paused', 'up']);

/** The outbox consumer name. */
export const INCIDENTS_CONSUMER = 'incidents';

export interface IncidentEngineOptions {
  /** The model, windows and settings in force (read again on every step). */
  context: () => Promise<IncidentContext>;
  /**
   * How often the outbox is polled and timers checked (default 500 ms). Polling only: waking on
   * every bus transition made a start of 10,000 monitors lag by seconds on SQLite (see benchmarks).
   */
  pollMs?: number;
  /** Transitions claimed at once (default 100). */
  batch?: number;
  now?: () => number;
}

/** What one transaction of the engine writes through. */
interface Unit {
  tx: IncidentWriteScope;
  processor: IncidentProcessor;
  events: IncidentEmitter;
}

/** Thrown inside a batch's transaction to roll it back when another engine moved the cursor. */
class CursorMoved extends Error {}

/** Consumes transitions into service states and incidents. */
export class IncidentEngine {
  private readonly monitors = new Map<string, TrackedMonitor>();
  /** The same states by name only, kept in step with `monitors` (no copy per transition). */
  private readonly stateNames = new Map<string, MonitorStateName>();
  /** The monitors whose state is down, kept in step with `monitors`. */
  private readonly down = new Set<string>();
  private caughtUp: Promise<void> = Promise.resolve();
  private readonly stored = new Map<string, string>();
  /** Set when a transaction rolled back and the in-memory states may be ahead of the database. */
  private stale = false;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;
  private queued = false;
  private readonly wake = () => void this.step();

  constructor(
    private readonly store: Store,
    private readonly bus: Bus,
    private readonly log: Logger,
    private readonly options: IncidentEngineOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Loads the state as of the cursor and starts catching up with the outbox and polling. */
  async start(): Promise<void> {
    await this.load();
    // Catching up with a long outbox backlog must not hold up the start (API, checks): run it in the background.
    this.caughtUp = this.step();
    this.timer = setInterval(this.wake, this.options.pollMs ?? 500);
    this.timer.unref();
  }

  /** Resolves once the backlog found at start has been processed. */
  whenCaughtUp(): Promise<void> {
    return this.caughtUp;
  }

  /** Reads the monitors' states as of the cursor and the services' stored states. */
  private async load(): Promise<void> {
    const { cursor } = await this.store.transitions.claim(INCIDENTS_CONSUMER, 0);
    const monitors = await this.store.incidents.monitorStatesAt(cursor);
    const services = await this.store.incidents.serviceStates();
    this.monitors.clear();
    this.stateNames.clear();
    this.down.clear();
    this.stored.clear();
    for (const m of monitors) this.track(m.monitorId, m.state, m.since);
    for (const s of services) this.stored.set(s.serviceId, s.state);
    this.stale = false;
  }

  /**
   * Runs `work` in one transaction; its bus events are sent once it commits. On a rollback the
   * in-memory states, which `work` moved ahead, are read again. False when another engine
   * moved the cursor (the batch was rolled back).
   */
  private async atomically(work: (unit: Unit) => Promise<void>): Promise<boolean> {
    if (this.stale) await this.load();
    const events = new HeldEvents(this.bus);
    try {
      await this.store.incidents.atomically((tx) => work({ tx, events, processor: new IncidentProcessor(tx, events) }));
    } catch (err) {
      events.drop();
      this.stale = true;
      await this.load().catch((loadErr: unknown) => this.log.warn({ err: loadErr }, 'reading the incident engine state again failed; retrying at the next step'));
      if (err instanceof CursorMoved) return false;
      throw err;
    }
    events.release();
    return true;
  }

  /** Records a monitor's state in both views (with its start, and the bare state name). */
  private track(monitorId: string, state: MonitorStateName, since: number): void {
    this.monitors.set(monitorId, { state, since });
    this.stateNames.set(monitorId, state);
    if (state === 'down') this.down.add(monitorId);
    else this.down.delete(monitorId);
  }

  /** Stops polling and waits for the step in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.chain;
  }

  /** Runs one step after the previous one: drain the outbox, re-evaluate, auto-resolve. */
  step(): Promise<void> {
    // A step already waiting will see whatever woke this one: do not queue another.
    if (this.queued) return this.chain;
    this.queued = true;
    this.chain = this.chain
      .then(async () => {
        this.queued = false;
        if (!this.stopped) await this.runStep();
      })
      .catch((err: unknown) => this.log.error({ err }, 'the incident engine step failed; it will be retried'));
    return this.chain;
  }

  private async runStep(): Promise<void> {
    const ctx = await this.options.context();
    await this.drain(ctx);
    const now = this.now();
    await this.atomically((unit) => this.observe(unit, now, now, null, ctx));
    await this.autoResolve(now, ctx);
  }

  private async drain(ctx: IncidentContext): Promise<void> {
    for (let round = 0; round < 100 && !this.stopped; round++) {
      const { cursor, items } = await this.store.transitions.claim(INCIDENTS_CONSUMER, this.options.batch ?? 100);
      if (items.length === 0) return;
      const acked = await this.atomically(async (unit) => {
        // The active incidents are read once per batch and kept up to date by the processor: a
        // storm of transitions costs one query per batch, not one per transition.
        let active: Incident[] | undefined;
        for (const transition of items) {
          if (transition.kind === 'state' && transition.toState !== null) {
            const quiet = QUIET_STATES.has(transition.fromState ?? 'pending') && QUIET_STATES.has(transition.toState);
            this.track(transition.monitorId, transition.toState, transition.at);
            // Between states that all count as healthy (a first result, a pause) nothing can change
            // for services or incidents: skip the evaluation (10,000 monitors start at once).
            if (!quiet) await this.observe(unit, transition.at, this.now(), transition, ctx, (active ??= await unit.processor.activeIncidents()));
          }
        }
        // The ack commits with the batch's writes: a crash before the commit replays the batch, and keeps nothing of it.
        if (!(await unit.tx.transitions.ack(INCIDENTS_CONSUMER, cursor, items.at(-1)!.id, this.now()))) throw new CursorMoved();
      });
      if (!acked) {
        this.log.warn('another incident engine moved the outbox cursor; stepping back');
        return;
      }
    }
  }

  /** Evaluates the services at `at`, stores their changes and applies everything to incidents. */
  private async observe(unit: Unit, at: number, now: number, transition: Transition | null, ctx: IncidentContext, active?: Incident[]): Promise<void> {
    const maintenance = new Set(activeMaintenanceTargets(ctx.windows, at).keys());
    const states = this.stateNames;
    const statuses = evaluateServices(ctx.model, states, maintenance);
    const changes: ServiceChangeNote[] = [];
    for (const status of statuses.values()) {
      const change = await this.storeChange(unit, status, at, now);
      if (change) changes.push(change);
    }
    await unit.processor.observe({ at, now, transition, statuses, serviceChanges: changes, monitors: this.monitors, down: this.down, maintenance }, ctx, active);
  }

  private async storeChange(unit: Unit, status: ServiceStatus, at: number, now: number): Promise<ServiceChangeNote | undefined> {
    const previous = this.stored.get(status.id) ?? null;
    if (previous === status.state) return undefined;
    const why = causeText(status);
    const reason = why?.en ?? (status.state === 'operational' ? 'every member is healthy' : status.state);
    const details = { reasons: status.reasons, rootCauses: status.rootCauses, ...(status.redundancy ? { redundancy: status.redundancy } : {}), actualState: status.actualState };
    await unit.tx.incidents.setServiceState({ serviceId: status.id, at, fromState: previous, toState: status.state, reason, details }, now);
    this.stored.set(status.id, status.state);
    unit.events.emit('service.changed', { id: status.id, from: previous, to: status.state, at });
    return { serviceId: status.id, at, from: previous, to: status.state, why };
  }

  /** Resolves automatic incidents whose services all stayed recovered for `resolveAfterMs`. */
  private async autoResolve(now: number, ctx: IncidentContext): Promise<void> {
    for (const incident of await this.store.incidents.active()) {
      if (incident.source !== 'auto' || incident.recoveredAt === null || now - incident.recoveredAt < ctx.timings.resolveAfterMs) continue;
      const resolved = await this.store.incidents.update(incident.id, { status: 'resolved', resolvedAt: now }, now);
      await this.store.incidents.addEntry(incident.id, {
        at: now, kind: 'resolved', author: ENGINE_AUTHOR, text: texts.resolvedAuto(ctx.timings.resolveAfterMs), details: { automatic: true }, dedupKey: `resolved:${incident.reopened}`,
      });
      if (resolved) emitIncident(this.bus, resolved, 'resolved');
      this.log.info({ incident: incident.id }, 'incident resolved automatically');
    }
  }
}
