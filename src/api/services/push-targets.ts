/**
 * @module Which monitor a push token belongs to: a map from the SHA-256 of each heartbeat and
 * traffic token to its monitor, loaded once, then updated monitor by monitor as the engine
 * announces changes (`monitor.changed`; the whole set again on `config.reloaded`). Lookups are by hash, so comparing a guessed
 * token never depends on how much of it matches; the store holds only that hash.
 */
import type { Bus } from '../../engine/bus.js';
import { heartbeatConfigSchema, type HeartbeatConfig } from '../../checks/heartbeat/heartbeat.schema.js';
import { trafficConfigSchema, type TrafficConfig } from '../../checks/traffic/traffic.schema.js';
import { monitorInputSchema, toDefinition } from '../../monitors/monitor.schema.js';
import type { MonitorRecord, Store } from '../../storage/store.js';
import { pushTokenDigest } from '../../secrets/push-token.js';
import { hashToken } from '../tokens.js';

/** A passive monitor that pushes reach. */
export type PushTarget = { monitorId: string; type: 'heartbeat'; config: HeartbeatConfig } | { monitorId: string; type: 'traffic'; config: TrafficConfig };

/**
 * The parsed check block of a passive monitor record. API monitors keep their input as written
 * and are re-parsed; file monitors keep their already-parsed block (durations in ms), which is
 * taken as is once its shape is confirmed.
 */
export function passiveTargetOf(record: MonitorRecord): PushTarget | undefined {
  if (record.type !== 'heartbeat' && record.type !== 'traffic') return undefined;
  if (record.source === 'api') {
    const parsed = monitorInputSchema.safeParse(record.input);
    if (!parsed.success) return undefined;
    const def = toDefinition(parsed.data);
    return { monitorId: record.id, type: record.type, config: def.check } as PushTarget;
  }
  const block = record.input[record.type] as Record<string, unknown> | undefined;
  if (!block || typeof block.token !== 'string') return undefined;
  const shape = record.type === 'heartbeat' ? heartbeatConfigSchema : trafficConfigSchema;
  const keys = Object.keys(shape.shape ?? {});
  if (!Object.keys(block).every((k) => keys.includes(k))) return undefined;
  return { monitorId: record.id, type: record.type, config: block } as PushTarget;
}

/** Above this many monitors changed at once (a start, a config reload), the whole set is read again. */
const FULL_RELOAD_OVER = 200;

/**
 * Push targets by token hash, kept in step with the monitor set: a changed monitor is read again
 * (and its old token forgotten) as soon as the engine announces it, and lookups wait for that
 * read, so a token created, changed or deleted through the API is honoured by the next push. A
 * push costs one hash and one map lookup, no database read.
 */
export class PushTargets {
  private byHash = new Map<string, PushTarget>();
  /** The token hash of each monitor in `byHash`, to forget it when the monitor changes. */
  private hashOf = new Map<string, string>();
  private loaded = false;
  private full = false;
  private readonly changed = new Set<string>();
  private refreshing: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    bus: Bus,
  ) {
    bus.on('monitor.changed', ({ id }) => this.mark(id));
    bus.on('config.reloaded', () => this.mark(null));
  }

  /** The target of a token hash (`hashToken(token)`), if any. */
  async lookupHash(hash: string): Promise<PushTarget | undefined> {
    while (!this.loaded || this.full || this.changed.size > 0 || this.refreshing) await this.refresh();
    return this.byHash.get(hash);
  }

  /** The target of a token, if any. */
  lookup(token: string): Promise<PushTarget | undefined> {
    return this.lookupHash(hashToken(token));
  }

  /** Notes that a monitor (or, with null, the whole set) changed: the next lookup reads it again first. */
  private mark(id: string | null): void {
    if (id === null) this.full = true;
    else this.changed.add(id);
  }

  /** Reads what changed (everything on the first lookup); one refresh at a time. */
  private refresh(): Promise<void> {
    this.refreshing ??= this.readChanges().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async readChanges(): Promise<void> {
    while (!this.loaded || this.full || this.changed.size > 0) {
      const ids = [...this.changed];
      const everything = !this.loaded || this.full || ids.length > FULL_RELOAD_OVER;
      this.changed.clear();
      this.full = false;
      try {
        if (everything) await this.reloadAll();
        else for (const id of ids) this.put(id, await this.store.monitors.get(id));
      } catch (err) {
        // Read again at the next lookup: a lookup never answers from a set known to be stale.
        for (const id of ids) this.changed.add(id);
        if (everything) this.full = true;
        throw err;
      }
    }
  }

  private async reloadAll(): Promise<void> {
    const byHash = new Map<string, PushTarget>();
    const hashOf = new Map<string, string>();
    for (const record of await this.store.monitors.all()) {
      const target = passiveTargetOf(record);
      if (!target) continue;
      // Stored tokens are hashed already (`sha256:<hex>`); a file monitor's may be given either way.
      const hash = pushTokenDigest(target.config.token);
      byHash.set(hash, target);
      hashOf.set(record.id, hash);
    }
    this.byHash = byHash;
    this.hashOf = hashOf;
    this.loaded = true;
  }

  /** Replaces one monitor's entry (removes it when the monitor is gone or no longer passive). */
  private put(id: string, record: MonitorRecord | undefined): void {
    const old = this.hashOf.get(id);
    if (old !== undefined && this.byHash.get(old)?.monitorId === id) this.byHash.delete(old);
    this.hashOf.delete(id);
    const target = record ? passiveTargetOf(record) : undefined;
    if (!target) return;
    const hash = pushTokenDigest(target.config.token);
    this.byHash.set(hash, target);
    this.hashOf.set(id, hash);
  }
}
