/**
 * @module Which monitor a push token belongs to: a map from the SHA-256 of each heartbeat and
 * traffic token to its monitor, rebuilt from the stored monitor set after the engine announces a
 * change (`monitor.changed`, `config.reloaded`). Lookups are by hash, so comparing a guessed
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

/** Push targets by token hash, kept in step with the monitor set. */
export class PushTargets {
  private byHash = new Map<string, PushTarget>();
  private dirty = true;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    bus: Bus,
  ) {
    bus.on('monitor.changed', () => (this.dirty = true));
    bus.on('config.reloaded', () => (this.dirty = true));
  }

  /** The target of a token, if any. */
  async lookup(token: string): Promise<PushTarget | undefined> {
    const hash = hashToken(token);
    while (this.dirty || this.loading) await (this.loading ??= this.reload());
    return this.byHash.get(hash);
  }

  private async reload(): Promise<void> {
    this.dirty = false;
    try {
      const next = new Map<string, PushTarget>();
      for (const record of await this.store.monitors.all()) {
        const target = passiveTargetOf(record);
        // Stored tokens are hashed already (`sha256:<hex>`); a file monitor's may be given either way.
        if (target) next.set(pushTokenDigest(target.config.token), target);
      }
      this.byHash = next;
    } catch (err) {
      this.dirty = true;
      throw err;
    } finally {
      this.loading = null;
    }
  }
}
