/**
 * @module Pushed data of passive monitors, held in memory in front of `store.passive`: the
 * newest heartbeats and the recent boots of each heartbeat monitor (read from the database once,
 * then kept up to date by the pushes written through here) and the newest bucket of each traffic
 * monitor. Pushes are written by group commit: the writes that arrive while one transaction
 * runs are stored together by the next, with multi-row statements, and each push is answered
 * once its rows are committed (an acknowledged push survives kill -9). The push service writes
 * and the engine's checks read through the same instance, so what a check judges is what was
 * stored; the memory changes only after a commit. There is one instance per repository
 * (`PushedData.of`), so two memories never hold different views of the same data.
 */
import type { BootRecord, PassiveReader, PushedHeartbeat, TrafficBucket } from '../checks/passive-reader.js';
import type { PassiveRepository, PushedRows } from '../storage/passive.repository.js';
import { detectReboot } from '../checks/heartbeat/detect-reboot.js';

/** What a monitor's heartbeats look like as of the last commit. */
interface HeartbeatMemo {
  last: PushedHeartbeat | undefined;
  /** The newest heartbeat that carried a boot id or an uptime (what reboot detection compares). */
  lastWithBoot: PushedHeartbeat | undefined;
  lastBoot: BootRecord | undefined;
  /** Every boot at or after `bootsFrom`, oldest first (none read yet: `bootsFrom` is +∞). */
  boots: BootRecord[];
  bootsFrom: number;
}

interface Pending {
  rows: { heartbeats: Array<PushedRows['heartbeats'][number]>; boots: Array<PushedRows['boots'][number]>; traffic: Array<PushedRows['traffic'][number]> };
  committed: Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

const instances = new WeakMap<PassiveRepository, PushedData>();

/** Heartbeats, boots and traffic counts as pushed, with their memory. */
export class PushedData implements PassiveReader {
  /** The memory in front of `repo`, the same for every caller (created on first use). */
  static of(repo: PassiveRepository): PushedData {
    let pushed = instances.get(repo);
    if (!pushed) instances.set(repo, (pushed = new PushedData(repo)));
    return pushed;
  }

  private readonly heartbeats = new Map<string, HeartbeatMemo | Promise<HeartbeatMemo>>();
  private readonly lastStarts = new Map<string, number | undefined>();
  /** Commits seen per monitor: a read that a commit overtook is not kept in memory. */
  private readonly commits = new Map<string, number>();
  private pending: Pending | null = null;
  private writing: Promise<void> | null = null;

  private constructor(private readonly repo: PassiveRepository) {}

  /**
   * Stores a heartbeat (and the boot it reveals); resolves once committed, with whether it
   * revealed a new boot (not the first boot information seen). Pushes of one monitor must come
   * one after the other (the push service chains them).
   */
  async recordHeartbeat(monitorId: string, heartbeat: PushedHeartbeat): Promise<boolean> {
    const memo = await this.memo(monitorId);
    const previous = memo.lastWithBoot;
    const boot = detectReboot(previous, heartbeat);
    const pending = this.enqueue();
    pending.rows.heartbeats.push({ monitorId, heartbeat });
    if (boot) pending.rows.boots.push({ monitorId, boot });
    await pending.committed;
    this.committed(monitorId, (m) => {
      m.last = heartbeat;
      if (heartbeat.bootId !== null || heartbeat.uptimeS !== null) m.lastWithBoot = heartbeat;
      if (boot) {
        m.lastBoot = boot;
        if (boot.at >= m.bootsFrom) insertSorted(m.boots, boot);
      }
    });
    return boot !== undefined && previous !== undefined;
  }

  /** Stores the counts of buckets; resolves once committed. */
  async recordTraffic(monitorId: string, buckets: readonly TrafficBucket[]): Promise<void> {
    const pending = this.enqueue();
    pending.rows.traffic.push({ monitorId, buckets });
    await pending.committed;
    const newest = Math.max(...buckets.map((b) => b.start));
    this.bump(monitorId);
    if (this.lastStarts.has(monitorId)) this.lastStarts.set(monitorId, Math.max(this.lastStarts.get(monitorId) ?? -Infinity, newest));
  }

  async lastHeartbeat(monitorId: string, opts: { withBootInfo?: boolean } = {}): Promise<PushedHeartbeat | undefined> {
    const memo = await this.memo(monitorId);
    return opts.withBootInfo ? memo.lastWithBoot : memo.last;
  }

  async lastBoot(monitorId: string): Promise<BootRecord | undefined> {
    return (await this.memo(monitorId)).lastBoot;
  }

  async bootsSince(monitorId: string, since: number): Promise<BootRecord[]> {
    const memo = await this.memo(monitorId);
    if (since >= memo.bootsFrom) {
      // Checks ask for a window that moves forward: what falls out of it is dropped.
      const keep = memo.boots.findIndex((b) => b.at >= since);
      memo.boots = keep < 0 ? [] : memo.boots.slice(keep);
      memo.bootsFrom = since;
      return memo.boots.slice();
    }
    const seen = this.commits.get(monitorId) ?? 0;
    const boots = await this.repo.bootsSince(monitorId, since);
    if ((this.commits.get(monitorId) ?? 0) === seen && this.heartbeats.get(monitorId) === memo) {
      memo.boots = boots.slice();
      memo.bootsFrom = since;
    }
    return boots;
  }

  trafficBuckets(monitorId: string, from: number, to: number): Promise<TrafficBucket[]> {
    return this.repo.trafficBuckets(monitorId, from, to);
  }

  trafficBucketsAt(monitorId: string, starts: readonly number[]): Promise<TrafficBucket[]> {
    return this.repo.trafficBucketsAt(monitorId, starts);
  }

  async lastTrafficBucketStart(monitorId: string): Promise<number | undefined> {
    if (this.lastStarts.has(monitorId)) return this.lastStarts.get(monitorId);
    const seen = this.commits.get(monitorId) ?? 0;
    const start = await this.repo.lastTrafficBucketStart(monitorId);
    if ((this.commits.get(monitorId) ?? 0) === seen) this.lastStarts.set(monitorId, start);
    return start;
  }

  /** Forgets a monitor (removed, or its data deleted behind this memory's back). */
  forget(monitorId: string): void {
    this.heartbeats.delete(monitorId);
    this.lastStarts.delete(monitorId);
    this.bump(monitorId);
  }

  /** Waits for the writes queued so far. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing.catch(() => undefined);
  }

  /** The heartbeat memory of a monitor, read from the database the first time. */
  private memo(monitorId: string): HeartbeatMemo | Promise<HeartbeatMemo> {
    const known = this.heartbeats.get(monitorId);
    if (known) return known;
    const seen = this.commits.get(monitorId) ?? 0;
    const loading = Promise.all([this.repo.lastHeartbeat(monitorId), this.repo.lastHeartbeat(monitorId, { withBootInfo: true }), this.repo.lastBoot(monitorId)]).then(
      ([last, lastWithBoot, lastBoot]): HeartbeatMemo => {
        const memo: HeartbeatMemo = { last, lastWithBoot, lastBoot, boots: [], bootsFrom: Infinity };
        // A commit during the read may be missing from it: answer this caller, read again next time.
        if (this.heartbeats.get(monitorId) === loading) {
          if ((this.commits.get(monitorId) ?? 0) === seen) this.heartbeats.set(monitorId, memo);
          else this.heartbeats.delete(monitorId);
        }
        return memo;
      },
      (err: unknown) => {
        if (this.heartbeats.get(monitorId) === loading) this.heartbeats.delete(monitorId);
        throw err;
      },
    );
    this.heartbeats.set(monitorId, loading);
    return loading;
  }

  /** Applies a committed write to the memory in force (a read in flight is dropped instead). */
  private committed(monitorId: string, apply: (memo: HeartbeatMemo) => void): void {
    this.bump(monitorId);
    const memo = this.heartbeats.get(monitorId);
    if (memo instanceof Promise) this.heartbeats.delete(monitorId);
    else if (memo) apply(memo);
  }

  private bump(monitorId: string): void {
    this.commits.set(monitorId, (this.commits.get(monitorId) ?? 0) + 1);
  }

  /** The group of writes the next commit will carry, starting a commit when none runs. */
  private enqueue(): Pending {
    if (this.pending) return this.pending;
    let resolve!: () => void;
    let reject!: (err: unknown) => void;
    const committed = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const pending: Pending = { rows: { heartbeats: [], boots: [], traffic: [] }, committed, resolve, reject };
    this.pending = pending;
    this.writing ??= this.writeAll();
    return pending;
  }

  /** Commits group after group until nothing is waiting. */
  private async writeAll(): Promise<void> {
    try {
      // Let the pushes of this turn of the event loop join the first group.
      await new Promise((r) => setImmediate(r));
      while (this.pending) {
        const group = this.pending;
        this.pending = null;
        try {
          await this.repo.insertPushed(group.rows);
          group.resolve();
        } catch (err) {
          // The commit may have happened all the same (a connection lost on the way back): read again.
          for (const { monitorId } of [...group.rows.heartbeats, ...group.rows.traffic]) this.forget(monitorId);
          group.reject(err);
        }
      }
    } finally {
      this.writing = null;
    }
  }
}

/** Inserts a boot into a list ordered by time, after the boots of the same time. */
function insertSorted(boots: BootRecord[], boot: BootRecord): void {
  let i = boots.length;
  while (i > 0 && boots[i - 1]!.at > boot.at) i--;
  boots.splice(i, 0, boot);
}
