/**
 * @module Background upkeep: hourly rollups of results, compaction of settled hours (their
 * results folded into chunks, `ResultRepository.compactHour`) and retention pruning, in small
 * batches with yields between them so checks are never held up.
 */
import type { Store } from '../storage/store.js';
import type { Logger } from '../logger.js';

const HOUR = 3_600_000;
/** Results can arrive a little after their hour (batching): roll an hour up only after this margin. */
const SETTLE_MS = 2 * 60_000;
const WATERMARK_KEY = 'rollup.next_hour';
const COMPACT_KEY = 'compact.next_hour';
/** Traffic buckets feed a same-time-of-week baseline of up to 8 past weeks: keep 9 weeks. */
const TRAFFIC_KEEP_MS = 63 * 86_400_000;

export interface RetentionOptions {
  /** How long raw results are kept (ms). */
  rawMs: number;
  /** How long hourly rollups are kept (ms). */
  rollupsMs: number;
  /** How often the job runs (ms). */
  everyMs: number;
  /** Rows deleted per batch. */
  batch: number;
}

export const DEFAULT_RETENTION: RetentionOptions = { rawMs: 14 * 86_400_000, rollupsMs: 400 * 86_400_000, everyMs: 5 * 60_000, batch: 5000 };

export class Maintenance {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    private opts: RetentionOptions = DEFAULT_RETENTION,
  ) {}

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.running = this.runOnce()
        .then(() => undefined)
        .catch((err) => this.log.error({ err }, 'maintenance failed; will retry'))
        .finally(() => {
          this.running = null;
          if (!this.stopped) this.timer = setTimeout(tick, this.opts.everyMs).unref();
        });
    };
    this.timer = setTimeout(tick, 5000).unref();
  }

  setOptions(opts: RetentionOptions): void {
    this.opts = opts;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Rolls up every settled hour not rolled up yet, compacts settled hours, then prunes. Returns what it did. */
  async runOnce(now = Date.now()): Promise<{ hours: number; compacted: number; pruned: number }> {
    const hours = await this.eachSettledHour(now, WATERMARK_KEY, async (hour) => {
      await this.store.rollups.rollupHour(hour);
      await this.store.passive.rollupTrafficHour(hour);
    });
    let compacted = 0;
    await this.eachSettledHour(now, COMPACT_KEY, async (hour) => {
      compacted += (await this.store.results.compactHour(hour)).results;
    });
    const pruned = await this.prune(now);
    if (hours > 0 || compacted > 0 || pruned > 0) this.log.info({ hours, compacted, pruned }, 'maintenance done');
    return { hours, compacted, pruned };
  }

  /** Runs `job` on every settled hour holding results from the watermark stored under `key` on, moving it; returns how many hours. */
  private async eachSettledHour(now: number, key: string, job: (hour: number) => Promise<void>): Promise<number> {
    const lastSettled = Math.floor((now - SETTLE_MS) / HOUR) * HOUR - HOUR;
    const stored = await this.store.meta.get(key);
    let next = stored ? Number(stored) : 0;
    let hours = 0;
    while (next <= lastSettled && !this.stopped) {
      // Skip hours without results: jump to the hour of the next stored result.
      const nextResult = await this.store.results.oldestAt(next);
      if (nextResult === null || nextResult >= lastSettled + HOUR) {
        next = lastSettled + HOUR;
        break;
      }
      next = Math.floor(nextResult / HOUR) * HOUR;
      await job(next);
      next += HOUR;
      await this.store.meta.set(key, String(next));
      hours++;
      await new Promise((r) => setImmediate(r));
    }
    if (next > lastSettled && String(next) !== stored) await this.store.meta.set(key, String(next));
    return hours;
  }

  private async prune(now: number): Promise<number> {
    let total = 0;
    for (;;) {
      if (this.stopped) break;
      const n = await this.store.results.prune(now - this.opts.rawMs, this.opts.batch);
      total += n;
      if (n < this.opts.batch) break;
      await new Promise((r) => setImmediate(r));
    }
    total += await this.store.rollups.prune(now - this.opts.rollupsMs);
    const passive = await this.store.passive.prune(
      { rawBefore: now - this.opts.rawMs, trafficBefore: now - Math.max(this.opts.rawMs, TRAFFIC_KEEP_MS), hourlyBefore: now - this.opts.rollupsMs },
      this.opts.batch,
    );
    total += Object.values(passive).reduce((sum: number, n) => sum + (typeof n === 'number' ? n : 0), 0);
    return total;
  }
}
