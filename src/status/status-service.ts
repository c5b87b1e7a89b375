/**
 * @module Keeps the latest snapshot of every status page in memory and the documents rendered
 * from it, so pages are served without touching the store, and keep being served when the store
 * cannot be read (then marked stale, with the time it started).
 *
 * Snapshots are rebuilt on bus events that change what pages show (an incident, a service or a
 * page monitor changed state, a maintenance window, the config), at most once per `debounceMs`;
 * every `refreshMs` (today's uptime, maintenance starting, "updated N minutes ago"); and when a
 * cheap probe every `probeMs` sees another process write (`vigie incident update` from the
 * CLI). While stale, the probe retries the build, so pages catch up soon after the store returns.
 */
import type { Bus, BusEvents } from '../engine/bus.js';
import type { MaintenanceWindow } from '../maintenance/maintenance.types.js';
import type { Store } from '../storage/store.js';
import { pageComponents } from './status-config.js';
import { RenderedCache, type Rendered } from './rendered-cache.js';
import { SnapshotBuilder, type SnapshotConfig } from './snapshot.js';
import type { StatusPageDefinition } from './status.schema.js';
import type { PageSnapshot } from './status.types.js';

/** What the service needs; `config` and `windows` are read at each build so reloads apply. */
export interface StatusServiceOptions {
  store: Pick<Store, 'db' | 'incidents' | 'meta' | 'results'>;
  config: () => SnapshotConfig;
  /** Every maintenance window in force (config and API). */
  windows: () => Promise<readonly MaintenanceWindow[]>;
  log: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void; debug(obj: object, msg: string): void };
  /** Live changes; without it only the probe and the refresh see them (`vigie status serve`). */
  bus?: Bus;
  now?: () => number;
  /** Delay between a change and the rebuild it causes (default 250 ms). */
  debounceMs?: number;
  /** Full rebuild period (default 60 s). */
  refreshMs?: number;
  /** Change probe period, and retry period while stale (default 5 s). */
  probeMs?: number;
  /** Probe monitor transitions too (a process without the bus; default: when there is no bus). */
  probeTransitions?: boolean;
  /** `server.public_url`: the origin of the links of `/status/<id>` (default: the request's Host). */
  publicUrl?: () => string | undefined;
  /** The folder a relative logo path is read from (the config's folder; default: the working directory). */
  configDir?: string;
}

/** What a stale snapshot says publicly; the real error goes to the log (and to pages that show details). */
const STALE_ERROR = 'The status data source cannot be read; the last known state is shown.';

/** The status pages' snapshots and rendered documents. */
export class StatusService {
  private snapshots = new Map<string, PageSnapshot>();
  private pageList: StatusPageDefinition[] = [];
  private readonly builder: SnapshotBuilder;
  private readonly cache = new RenderedCache();
  private readonly now: () => number;
  private readonly listeners = new Set<(snapshots: ReadonlyMap<string, PageSnapshot>) => void>();
  private pageMonitors = new Set<string>();
  private pageServices = new Set<string>();
  private timers: NodeJS.Timeout[] = [];
  private debounce: NodeJS.Timeout | null = null;
  private building: Promise<void> | null = null;
  private again = false;
  private mark: string | null = null;
  private built = false;
  private stopped = false;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(private readonly opts: StatusServiceOptions) {
    this.builder = new SnapshotBuilder(opts.store);
    this.now = opts.now ?? Date.now;
  }

  /** Builds the first snapshots (a failure is logged: pages answer once a build succeeds), then follows changes. */
  async start(): Promise<void> {
    this.follow();
    await this.refresh();
    const every = (ms: number, fn: () => void) => {
      const timer = setInterval(fn, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.opts.refreshMs ?? 60_000, () => {
      this.cache.clear();
      void this.refresh();
    });
    every(this.opts.probeMs ?? 5_000, () => void this.probe());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    if (this.debounce) clearTimeout(this.debounce);
    for (const off of this.unsubscribe) off();
    await this.building?.catch(() => undefined);
  }

  /** `server.public_url` in force, if any. */
  publicUrl(): string | undefined {
    return this.opts.publicUrl?.();
  }

  /** The folder a relative logo path is read from. */
  get configDir(): string {
    return this.opts.configDir ?? process.cwd();
  }

  /** The pages in config order (those with a snapshot). */
  pages(): readonly StatusPageDefinition[] {
    return this.pageList;
  }

  /** The latest snapshot of a page. */
  snapshot(pageId: string): PageSnapshot | undefined {
    return this.snapshots.get(pageId);
  }

  /** Every page's latest snapshot, by page id. */
  all(): ReadonlyMap<string, PageSnapshot> {
    return this.snapshots;
  }

  /** Calls `listener` after each new set of snapshots (mirrors, subscriptions); returns how to stop. */
  onSnapshots(listener: (snapshots: ReadonlyMap<string, PageSnapshot>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A document of a page's latest snapshot, rendered once per snapshot and variant (see `rendered-cache.ts`). */
  rendered(snapshot: PageSnapshot, variant: string, contentType: string, render: () => string | Buffer): Rendered {
    return this.cache.get(snapshot, variant, contentType, render);
  }

  /**
   * Rebuilds now (or right after the build under way); resolves when the snapshots reflect the
   * store as of the call, or are marked stale.
   */
  refresh(): Promise<void> {
    if (this.building) {
      this.again = true;
      return this.building;
    }
    this.building = (async () => {
      try {
        do {
          this.again = false;
          await this.buildOnce();
        } while (this.again && !this.stopped);
      } finally {
        this.building = null;
      }
    })();
    return this.building;
  }

  private async buildOnce(): Promise<void> {
    const config = this.opts.config();
    const now = this.now();
    try {
      const mark = await this.builder.changeMark(this.probesTransitions());
      const built = await this.builder.build(config, await this.opts.windows(), now);
      if (this.isStale()) this.opts.log.info({}, 'status pages: the store can be read again; pages are current');
      this.mark = mark;
      this.built = true;
      this.publish(built);
      this.pageMonitors = new Set(config.status_pages.flatMap((p) => pageComponents(p).filter((c) => c.component.kind === 'monitor').map((c) => c.component.id)));
      this.pageServices = new Set(config.status_pages.flatMap((p) => pageComponents(p).filter((c) => c.component.kind === 'service').map((c) => c.component.id)));
    } catch (err) {
      this.markStale(err, now);
    }
  }

  private publish(next: Map<string, PageSnapshot>): void {
    this.snapshots = next;
    this.pageList = [...next.values()].map((s) => s.page);
    this.cache.retain(new Set(next.keys()));
    for (const listener of this.listeners) {
      try {
        listener(next);
      } catch (err) {
        this.opts.log.warn({ err }, 'status pages: a snapshot listener failed');
      }
    }
  }

  private markStale(err: unknown, now: number): void {
    const error = err instanceof Error ? err.message : String(err);
    if (this.isStale()) {
      this.opts.log.debug({ error }, 'status pages: the store still cannot be read');
      return;
    }
    this.opts.log.warn({ error }, 'status pages: the store cannot be read; pages show the last known state, marked stale');
    const stale = new Map<string, PageSnapshot>();
    for (const [id, s] of this.snapshots) stale.set(id, { ...s, stale: { since: now, error: s.page.show_details ? error : STALE_ERROR } });
    this.publish(stale);
  }

  /** Rebuilds when another process wrote something pages show; retries while stale. */
  private async probe(): Promise<void> {
    if (this.stopped || this.building) return;
    if (!this.built || this.isStale()) return void this.refresh();
    try {
      const mark = await this.builder.changeMark(this.probesTransitions());
      if (mark !== this.mark && !this.building) void this.refresh();
    } catch (err) {
      this.markStale(err, this.now());
    }
  }

  private isStale(): boolean {
    for (const s of this.snapshots.values()) if (s.stale) return true;
    return false;
  }

  private probesTransitions(): boolean {
    return this.opts.probeTransitions ?? !this.opts.bus;
  }

  /** Schedules a rebuild `debounceMs` after the first change (later changes ride along). */
  private soon(): void {
    if (this.debounce || this.stopped) return;
    this.debounce = setTimeout(() => {
      this.debounce = null;
      void this.refresh();
    }, this.opts.debounceMs ?? 250);
    this.debounce.unref();
  }

  private follow(): void {
    const bus = this.opts.bus;
    if (!bus) return;
    const on = <K extends keyof BusEvents>(event: K, listener: (...args: BusEvents[K]) => void) => {
      bus.on(event, listener as never);
      this.unsubscribe.push(() => bus.off(event, listener as never));
    };
    on('incident.changed', () => this.soon());
    on('maintenance.changed', () => this.soon());
    on('config.reloaded', (e) => e.ok && this.soon());
    on('service.changed', (e) => this.pageServices.has(e.id) && this.soon());
    on('transition', (t) => t.kind === 'state' && this.pageMonitors.has(t.monitorId) && this.soon());
  }
}
