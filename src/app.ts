/**
 * @module Wires one Vigie process: config → store → engine → maintenance → HTTP API → config
 * watcher. Used by `vigie serve` and by end-to-end tests.
 */
import { measureMemory } from 'node:vm';
import { loadConfig } from './config/load-config.js';
import { watchConfig } from './config/config-watcher.js';
import { toMonitorDefinitions, type VigieConfig } from './config/config.schema.js';
import { openStore } from './storage/open-store.js';
import type { Store } from './storage/store.js';
import { Bus } from './engine/bus.js';
import { Engine, type EngineOptions } from './engine/engine.js';
import { Maintenance, type RetentionOptions } from './engine/maintenance.js';
import { buildServer } from './api/build-server.js';
import { IncidentEngine, type IncidentEngineOptions } from './incidents/incident-engine.js';
import { incidentContextBuilder } from './incidents/incident-context.js';
import { createLogger, type Logger } from './logger.js';
import { VERSION } from './version.js';

export interface AppOptions {
  /** A config file or a directory of YAML files. */
  configPath: string;
  /** Overrides `VIGIE_DATABASE_URL` / `storage.url`. */
  databaseUrl?: string;
  /** Overrides `storage.sqlite_path`. */
  sqlitePath?: string;
  /** PostgreSQL schema (tests). */
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
  /** Overrides of incident engine options (tests). */
  incidents?: Partial<Pick<IncidentEngineOptions, 'pollMs' | 'now'>>;
}

export interface App {
  url: string;
  store: Store;
  engine: Engine;
  bus: Bus;
  config: () => VigieConfig;
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

export async function startApp(opts: AppOptions): Promise<App> {
  const log = opts.logger ?? createLogger();
  let { config } = await loadConfig(opts.configPath);
  const applyLogLevel = (next: VigieConfig) => {
    if (opts.logLevelFromConfig && !process.env.VIGIE_LOG_LEVEL) log.level = next.log.level;
  };
  applyLogLevel(config);
  const url = opts.databaseUrl ?? process.env.VIGIE_DATABASE_URL ?? config.storage.url;
  const store = await openStore({ url, sqlitePath: opts.sqlitePath ?? config.storage.sqlite_path, pgSchema: opts.pgSchema ?? (process.env.VIGIE_DATABASE_SCHEMA || undefined), logger: log });
  const applied = await store.migrate();
  if (applied.length > 0) log.info({ applied }, 'migrations applied');
  const bus = new Bus();
  const engine = new Engine(store, bus, log, { ...engineOptions(config), passive: store.passive, ...opts.engine });
  await engine.start(toMonitorDefinitions(config));
  const maintenance = new Maintenance(store, log, retentionOptions(config));
  maintenance.start();
  const contextOf = incidentContextBuilder();
  const incidentContext = async () => contextOf(config, await store.incidents.listWindows());
  const incidents = new IncidentEngine(store, bus, log, { context: incidentContext, ...opts.incidents });
  await incidents.start();
  const server = await buildServer({ store, control: engine, bus, metrics: engine.metrics, logger: log, version: VERSION, incidents: { context: incidentContext, configWindows: () => config.maintenance } });
  const address = await server.listen({ host: opts.host ?? config.server.host, port: opts.port ?? config.server.port });

  let reloading: Promise<void> = Promise.resolve();
  const applyConfig = (next: VigieConfig) => {
    reloading = reloading.then(async () => {
      const changes = await engine.syncFileMonitors(toMonitorDefinitions(next));
      engine.setLimits(next.scheduler.concurrency, next.scheduler.per_host);
      maintenance.setOptions(retentionOptions(next));
      applyLogLevel(next);
      config = next;
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
  const watcher = opts.watch === false ? null : watchConfig(opts.configPath, { onChange: (c) => void applyConfig(c).catch(refuse), onError: refuse });

  compactAfterStart();
  let closed = false;
  return {
    url: address.replace('0.0.0.0', '127.0.0.1'),
    store,
    engine,
    bus,
    config: () => config,
    incidentsCaughtUp: () => incidents.whenCaughtUp(),
    async reload() {
      try {
        await applyConfig((await loadConfig(opts.configPath)).config);
      } catch (err) {
        refuse(err);
        throw err;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      watcher?.close();
      await server.close();
      await engine.stop();
      await incidents.stop();
      await maintenance.stop();
      await store.close();
    },
  };
}
