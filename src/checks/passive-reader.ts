/**
 * @module What passive check types (heartbeats, traffic counters) may read of what servers
 * pushed. Implemented over storage (`store.passive`) and handed to checks in their context by
 * the engine; passive checks never probe the network.
 */

/** One heartbeat as pushed to `/api/v1/push/<token>`. */
export interface PushedHeartbeat {
  /** When Vigie received it, epoch ms. */
  at: number;
  status: 'up' | 'down';
  message: string | null;
  /** The sender's boot identity (Linux `boot_id`, Windows last boot time…). */
  bootId: string | null;
  /** The sender's uptime in seconds when it pushed. */
  uptimeS: number | null;
  value: number | null;
}

/** A boot of a pushing server, recorded when its boot id changed or its uptime went backwards. */
export interface BootRecord {
  /** When the server booted (push time minus uptime when known), epoch ms. */
  at: number;
  bootId: string | null;
  /** The boot id before this boot; null for the first boot seen. */
  previousBootId: string | null;
}

/** The counts pushed for one time bucket of a traffic monitor. */
export interface TrafficBucket {
  /** Start of the bucket, epoch ms. */
  start: number;
  /** Length of the bucket in seconds. */
  seconds: number;
  /** Counter name → value, e.g. `{ attempts: 812, answered: 790 }`. */
  counts: Record<string, number>;
}

/** Read access to pushed data. */
export interface PassiveReader {
  /**
   * The newest heartbeat of a monitor; with `withBootInfo`, the newest one that carried a boot id
   * or an uptime (what reboot detection compares against).
   */
  lastHeartbeat(monitorId: string, opts?: { withBootInfo?: boolean }): Promise<PushedHeartbeat | undefined>;
  /** Boots at or after `since`, oldest first. */
  bootsSince(monitorId: string, since: number): Promise<BootRecord[]>;
  /** The newest boot recorded, if any. */
  lastBoot(monitorId: string): Promise<BootRecord | undefined>;
  /** Buckets starting in [from, to), oldest first. */
  trafficBuckets(monitorId: string, from: number, to: number): Promise<TrafficBucket[]>;
  /** Buckets starting exactly at these times (same time of week in past weeks), oldest first. */
  trafficBucketsAt(monitorId: string, starts: readonly number[]): Promise<TrafficBucket[]>;
  /** The start of the newest bucket ever pushed, if any. */
  lastTrafficBucketStart(monitorId: string): Promise<number | undefined>;
}
