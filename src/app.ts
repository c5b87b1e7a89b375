/**
 * @module Wires one Vigie process: config → store → server lock → HTTP API (listening) → engine →
 * maintenance → incident engine → config watcher. Used by `vigie serve` and by end-to-end tests.
 */
import { ChangeRecorder } from './changes/change-recorder.js';
import { ChangeService } from './changes/change-service.js';
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { measureMemory } from 'node:vm';
import { loadConfig } from './config/load-config.js';
import type { MonitorSources } from './config/monitor-sources.js';
import { watchConfig } from './config/config-watcher.js';
import { toMonitorDefinitions, type VigieConfig } from './config/config.schema.js';
import type { FastifyInstance } from 'fastify';
import { openStore } from './storage/open-store.js';
import { takeServerLock } from './storage/server-lock.js';
import type { Store } from './storage/store.js';
import { Bus } from './engine/bus.js';
import { Engine, type EngineOptions } from './engine/engine.js';
import type { MonitorControl } from './engine/monitor-control.js';
import { PushedData } from './engine/pushed-data.js';
import { Maintenance, type RetentionOptions } from './engine/maintenance.js';
import { buildServer } from './api/build-server.js';
import type { HttpPolicy } from './api/http-policy.js';
import { runGuardOf, targetPolicyOf } from './api/services/target-policy.js';
import { IncidentEngine, type IncidentEngineOptions } from './incidents/incident-engine.js';
import { incidentContextBuilder } from './incidents/incident-context.js';
import { createLogger, type Logger } from './logger.js';
import { storeOptions } from './cli/store-options.js';
import { VERSION } from './version.js';
import { AckLinks } from './notifications/ack-links.js';
import { NotificationService, type NotificationServiceOptions } from './notifications/notification-service.js';
import { silenceHold } from './notifications/silence-hold.js';
import { CrisisService } from './crisis/crisis-service.js';
import { composeDraft } from './crisis/draft-compose.js';
import { impactEstimator } from './crisis/impact-estimator.js';
import { countDeadline } from './crisis/report-metrics.js';
import { observeResolvedIncidents } from './crisis/report-observer.js';
import { IncidentActions } from './incidents/incident-actions.js';
import { StatusService, type StatusServiceOptions } from './status/status-service.js';
import { SubscriptionLinks } from './status/subscription-links.js';
import { SubscriptionPlanner } from './status/subscription-planner.js';
import { subscriptionSender } from './status/subscription-sender.js';
import { SubscriptionService } from './status/subscription-service.js';
import { webhookGuard } from './status/webhook-target.js';
import { AccountService } from './accounts/account-service.js';
import { AuditLog } from './accounts/audit.js';
import { ScheduleOverrides } from './oncall/stored-overrides.js';

export interface AppOptions {
  /** A config file or a directory of YAML files. */
  configPath: string;
  /** Overrides `VIGIE_DATABASE_URL` / `storage.url`; `''` forces SQLite. */
  databaseUrl?: string;
  /** Overrides `storage.sqlite_path`. */
  sqlitePath?: string;
  /** PostgreSQL schema (default `VIGIE_DATABASE_SCHEMA`). */
  pgSchema?: string;
  host?: string;
  port?: number;
  logger?: Logger;
  /** Reload the config when its files change (default true). */
  watch?: boolean;
  /** Apply `log.level` from the config, at start and on reload (unless VIGIE_LOG_LEVEL is set); `vigie serve` does. */
  logLevelFromConfig?: boolean;
  /** Overrides of engine options (tests, benchmarks). */
  engine?: Partial<EngineOptions>;
  /** Overrides of notification loop options (tests). */
  notifications?: Partial<Pick<NotificationServiceOptions, 'pollMs' | 'now' | 'random' | 'sendTimeoutMs'>>;
  /** Overrides of incident engine options (tests). */
  incidents?: Partial<Pick<IncidentEngineOptions, 'pollMs' | 'now'>>;
  /** Overrides of status page timings (tests). */
  status?: Partial<Pick<StatusServiceOptions, 'debounceMs' | 'refreshMs' | 'probeMs'>>;
}

export interface App {
  url: string;
  store: Store;
  engine: Engine;
  bus: Bus;
  config: () => VigieConfig;
  /** The notification loop (planning, escalation, delivery). */
  notifications: NotificationService;
  /** Crisis cells: activation, deadlines, drafts (runs in the notification loop). */
  crisis: CrisisService;
  /** Public status pages: in-memory snapshots and rendered documents. */
  status: StatusService;
  /** The one-time token that creates the first administrator (logged at start); null once a user exists. */
  setupToken(): string | null;
  /** Resolves once the incident engine has processed the outbox backlog found at start. */
  incidentsCaughtUp(): Promise<void>;
  /** Reloads the config now (what the watcher does on change). */
  reload(): Promise<void>;
  close(): Promise<void>;
}

function engineOptions(config: VigieConfig): Partial<EngineOptions> {
  const s = config.scheduler;
  return { concurrency: s.concurrency, perHost: s.per_host, jitter: s.jitter, batch: { size: s.batch.size, intervalMs: s.batch.interval } };
}

function retentionOptions(config: VigieConfig): RetentionOptions {
  return { rawMs: config.storage.retention.raw, rollupsMs: config.storage.retention.rollups, everyMs: 5 * 60_000, batch: 5000 };
}

/**
 * Asks V8 for one full collection once the start's garbage (the parsed config, every monitor row
 * read and written) is unreachable. V8 sizes the old generation from what survives its last full
 * collection: one taken in the middle of loading 10,000 monitors let the heap grow to four times
 * that before the next one (a 600 MB RSS peak minutes later). `vm.measureMemory` with eager
 * execution is the public way to get that collection without `--expose-gc` (docs/decisions.md);
 * its one-time "experimental" warning is not for users, so it is held back for that call.
 */
function compactAfterStart(): void {
  const timer = setTimeout(() => {
    const emitWarning = process.emitWarning;
    process.emitWarning = (() => undefined) as typeof process.emitWarning;
    try {
      void measureMemory({ mode: 'summary', execution: 'eager' }).catch(() => undefined);
    } catch {
      // Not available on this runtime: V8 collects on its own schedule.
    } finally {
      process.emitWarning = emitWarning;
    }
  }, 1000);
  timer.unref();
}

/**
 * A {@link MonitorControl} for the API that waits until the engine has started: the HTTP server
 * listens first (so a taken port stops the start before any check runs), and a request that
 * reaches the engine in the meantime is served once it runs.
 */
function startedControl(engine: Engine, started: Promise<void>): MonitorControl {
  return {
    apply: (def) => void started.then(() => engine.apply(def)),
    remove: (id) => void started.then(() => engine.remove(id)),
    setPaused: async (id, paused, by) => (await started, engine.setPaused(id, paused, by)),
    runNow: async (id) => (await started, engine.runNow(id)),
    ingest: async (id, location, result, at) => (await started, engine.ingest(id, location, result, at)),
  };
}

/** Listens, or throws an error that says which address is taken and how to choose another. */
async function listen(server: FastifyInstance, host: string, port: number, configPath: string): Promise<string> {
  try {
    return await server.listen({ host, port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    if (code === 'EADDRINUSE') throw new Error(`Cannot listen on ${where}: the port is already in use by another process (another Vigie?). Stop it, or choose another port with --port or server.port in ${configPath}.`, { cause: error });
    if (code === 'EACCES') throw new Error(`Cannot listen on ${where}: permission denied (ports below 1024 need privileges). Choose another port with --port or server.port in ${configPath}.`, { cause: error });
    if (code === 'EADDRNOTAVAIL') throw new Error(`Cannot listen on ${where}: no network interface of this machine has the address ${host}. Check --host or server.host in ${configPath}.`, { cause: error });
    throw error;
  }
}

/** The HTTP settings of `server` (CORS, metrics token) for the API; read at start, like the rest of `server`. */
function httpPolicy(config: VigieConfig): HttpPolicy {
  return { corsOrigins: config.server.cors?.origins ?? [], metricsToken: config.server.metrics_token };
}

/** The folder of the config (the path itself when it is a folder): relative logo paths are read from there. */
function configDirOf(configPath: string): string {
  try {
    return statSync(configPath).isDirectory() ? configPath : dirname(configPath);
  } catch {
    return dirname(configPath);
  }
}

/** Runs the closers in order, each even when an earlier one failed. */
async function closeAll(closers: ReadonlyArray<() => Promise<unknown> | unknown>): Promise<void> {
  for (const close of closers) await Promise.resolve().then(close).catch(() => undefined);
}

export async function startApp(opts: AppOptions): Promise<App> {
  const log = opts.logger ?? createLogger();
  let { config, sources } = await loadConfig(opts.configPath);
  const applyLogLevel = (next: VigieConfig) => {
    if (opts.logLevelFromConfig && !process.env.VIGIE_LOG_LEVEL) log.level = next.log.level;
  };
  applyLogLevel(config);
  const database = storeOptions({ databaseUrl: opts.databaseUrl, sqlite: opts.sqlitePath, pgSchema: opts.pgSchema }, config);
  const store = await openStore({ ...database, logger: log });
  // Everything opened so far, closed in reverse order if the start fails.
  const opened: Array<() => Promise<unknown> | unknown> = [() => store.close()];
  // Requests that need the engine wait for its start; they fail if the start does.
  let engineStarted!: () => void;
  let engineFailed!: (error: unknown) => void;
  const started = new Promise<void>((resolve, reject) => ((engineStarted = resolve), (engineFailed = reject)));
  started.catch(() => undefined);
  const fail = async (error: unknown): Promise<never> => {
    engineFailed(error);
    await closeAll(opened.reverse());
    throw error;
  };
  const lock = await takeServerLock(database, log).catch(fail);
  opened.push(() => lock.release());
  const applied = await store.migrate().catch(fail);
  if (applied.length > 0) log.info({ applied }, 'migrations applied');
  const bus = new Bus();
  // Passive checks read what the push service writes through the same memory (src/engine/pushed-data.ts).
  const engine = new Engine(store, bus, log, { ...engineOptions(config), passive: PushedData.of(store.passive), apiRunGuard: runGuardOf(() => config.api.monitor_targets), ...opts.engine });
  const maintenance = new Maintenance(store, log, retentionOptions(config));
  const contextOf = incidentContextBuilder();
  const incidentContext = async () => contextOf(config, await store.incidents.listWindows());
  const incidents = new IncidentEngine(store, bus, log, { context: incidentContext, ...opts.incidents });

  const changes = new ChangeService({ store, config: () => config.changes, context: incidentContext, now: opts.notifications?.now ?? Date.now });
  const changeRecorder = new ChangeRecorder({ store, changes, recordCheckChanges: () => config.changes.record_check_changes, log });

  const ackLinks = new AckLinks(store);
  const accounts = new AccountService({ store, audit: new AuditLog(store, Date.now, log) });
  const scheduleOverrides = await new ScheduleOverrides(store.overrides).load().catch(fail);
  // Created once the engines run; the API reads its model only when a request comes.
  let notifications!: NotificationService;
  let crisis: CrisisService | undefined;
  let status: StatusService | undefined;
  let subscriptions: SubscriptionService | undefined;
  // Listen first: a port already in use must stop the start before any check runs.
  const server = await buildServer({ accounts, ackLinks, changes, notifications: () => notifications.model(), scheduleOverrides, crisis: () => crisis, status: () => status, subscriptions: () => subscriptions, impact: impactEstimator(store, () => config), store, control: startedControl(engine, started), bus, metrics: engine.metrics, logger: log, version: VERSION, incidents: { context: incidentContext, configWindows: () => config.maintenance }, monitorTargets: () => config.api.monitor_targets, configSource: (id) => sources.get(id), http: httpPolicy(config) }).catch(fail);
  opened.push(() => server.close());
  const address = await listen(server, opts.host ?? config.server.host, opts.port ?? config.server.port, opts.configPath).catch(fail);
  opened.push(() => engine.stop());
  await engine.start(toMonitorDefinitions(config)).catch(fail);
  engineStarted();
  opened.push(() => maintenance.stop());
  maintenance.start();
  opened.push(() => incidents.stop());
  await incidents.start().catch(fail);
  const statusService = new StatusService({ store, bus, log, config: () => config, windows: async () => (await incidentContext()).windows, publicUrl: () => config.server.public_url, configDir: configDirOf(opts.configPath), ...opts.status });
  opened.push(() => statusService.stop());
  await statusService.start();
  status = statusService;
  const listening = address.replace('0.0.0.0', '127.0.0.1');
  const publicUrl = () => (config.server.public_url ?? listening).replace(/\/+$/, '');
  const now = opts.notifications?.now ?? Date.now;
  // First run: no user yet, so the administrator is created with a one-time token (never a default password).
  const setupToken = await accounts.prepareSetup().catch(fail);
  if (setupToken !== null) log.warn(`first run: create the administrator at ${publicUrl()}/setup?token=${setupToken}`);
  const pruneSessions = setInterval(() => void store.accounts.pruneSessions(Date.now()).catch((error: unknown) => log.warn({ err: error }, 'could not delete ended sessions')), 3_600_000);
  pruneSessions.unref();
  opened.push(() => clearInterval(pruneSessions));
  // Status page subscribers: requests over HTTP; their news planned in the notification loop and sent by its worker.
  const subscriptionLinks = new SubscriptionLinks(store);
  const webhooks = webhookGuard(targetPolicyOf(() => config.api.monitor_targets));
  subscriptions = new SubscriptionService({ store, config: () => config, publicUrl, links: subscriptionLinks, guard: webhooks, now });
  const subscriptionPlanner = new SubscriptionPlanner({ store, config: () => config, publicUrl, links: subscriptionLinks, now });
  // The report figures of each incident go to /metrics when it is first resolved (src/crisis/report-observer.ts).
  const reports = observeResolvedIncidents({ bus, store, metrics: engine.metrics.reports, log, now, impact: impactEstimator(store, () => config, now) });
  opened.push(() => reports.stop());
  const crisisService = new CrisisService({
    store,
    log,
    config: () => config,
    model: () => notifications.model(),
    actions: new IncidentActions(store, bus, now),
    compose: (input) => composeDraft(store, input),
    publicUrl,
    now,
    changed: (c, change) => bus.emit('crisis.changed', { id: c.id, change, status: c.status }),
    deadlineOutcome: (audience, outcome) => countDeadline(engine.metrics.reports, audience, outcome),
  });
  crisis = crisisService;
  notifications = new NotificationService({
    store,
    log,
    config: () => config,
    windows: async () => (await incidentContext()).windows,
    publicUrl,
    links: ackLinks,
    beforeSend: async () => {
      // Suspect changes first: the pages and crisis drafts composed in this pass name the likely cause.
      await changeRecorder.step().catch((error: unknown) => log.error({ err: error }, 'recording changes or suspects failed; retrying at the next pass'));
      await subscriptionPlanner.plan().catch((error: unknown) => log.error({ err: error }, 'status subscription planning failed; retrying at the next pass'));
      await crisisService.step();
    },
    statusSender: subscriptionSender({ store, guard: webhooks, now }),
    silenced: silenceHold(store),
    schedulerLagMs: () => engine.metrics.takeLagMs(),
    overrides: scheduleOverrides,
    ...opts.notifications,
  });
  opened.push(() => notifications.stop());
  notifications.start();

  let reloading: Promise<void> = Promise.resolve();
  const applyConfig = (next: VigieConfig, nextSources: MonitorSources) => {
    reloading = reloading.then(async () => {
      const changes = await engine.syncFileMonitors(toMonitorDefinitions(next));
      engine.setLimits(next.scheduler.concurrency, next.scheduler.per_host);
      maintenance.setOptions(retentionOptions(next));
      applyLogLevel(next);
      config = next;
      sources = nextSources;
      log.info(changes, 'configuration reloaded');
      bus.emit('config.reloaded', { ok: true, monitors: engine.size });
    });
    return reloading;
  };
  const refuse = (err: unknown) => {
    const error = err instanceof Error ? err.message : String(err);
    log.error({ error }, 'configuration refused; the previous one stays in force');
    bus.emit('config.reloaded', { ok: false, error });
  };
  const watcher = opts.watch === false ? null : watchConfig(opts.configPath, { onChange: (c, loaded) => void applyConfig(c, loaded.sources).catch(refuse), onError: refuse });

  compactAfterStart();
  let closed = false;
  return {
    url: listening,
    store,
    notifications,
    crisis: crisisService,
    status: statusService,
    engine,
    bus,
    config: () => config,
    setupToken: () => accounts.setupToken(),
    incidentsCaughtUp: () => incidents.whenCaughtUp(),
    async reload() {
      try {
        const loaded = await loadConfig(opts.configPath);
        await applyConfig(loaded.config, loaded.sources);
      } catch (err) {
        refuse(err);
        throw err;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      watcher?.close();
      clearInterval(pruneSessions);
      await server.close();
      await engine.stop();
      await incidents.stop();
      await statusService.stop();
      await notifications.stop();
      await reports.stop();
      await maintenance.stop();
      await store.close();
      await lock.release();
    },
  };
}
