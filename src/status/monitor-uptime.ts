/**
 * @module The uptime bars of monitor components, from the hourly rollups and the raw results
 * after the last rolled-up hour. Finished days whose every hour is rolled up never change, so
 * they are kept between builds: a build reads only today (and yesterday until its last hour is
 * rolled up), not 90 days × every monitor each minute. The rollup watermark is the one the
 * retention job keeps (`src/engine/maintenance.ts`).
 */
import { chunks, yieldToEventLoop } from '../storage/chunks.js';
import type { Store } from '../storage/store.js';
import type { SnapshotReads } from './snapshot-reads.js';
import { dayEnd, monitorDayFigures, type CountBucket, type DayFigures } from './uptime-days.js';

/** The meta key where the retention job stores the next hour to roll up (every earlier hour is rolled up). */
const ROLLUP_WATERMARK_KEY = 'rollup.next_hour';
/** Raw results are read at most this far back (older hours come from rollups or show no data). */
const RAW_TAIL_MAX_MS = 48 * 3_600_000;
/** Monitors per rollup query: 20 × 2,160 hours of a 90-day bar stays a short query. */
const ROLLUP_CHUNK = 20;

/** Keeps finished days of monitor uptime bars between builds. */
export class MonitorUptime {
  /** `${timeZone}|${monitorId}` → day start → figures of a finished day. */
  private finished = new Map<string, Map<number, DayFigures>>();

  constructor(
    private readonly store: Pick<Store, 'meta'>,
    private readonly reads: SnapshotReads,
  ) {}

  /** Forgets every kept day (after the database came back, say). */
  clear(): void {
    this.finished.clear();
  }

  /**
   * The figures of `monitorIds` for the days starting at `starts` (in `timeZone`, oldest first,
   * the last being today), by monitor.
   */
  async figures(monitorIds: readonly string[], starts: readonly number[], timeZone: string, now: number): Promise<Map<string, DayFigures[]>> {
    const stored = await this.store.meta.get(ROLLUP_WATERMARK_KEY);
    const watermark = Math.min(stored === undefined ? 0 : Number(stored) || 0, now);
    // Monitors grouped by the first day they have not kept: usually all at today or yesterday.
    const byFirst = new Map<number, string[]>();
    for (const id of monitorIds) {
      const kept = this.finished.get(`${timeZone}|${id}`);
      let first = 0;
      while (first < starts.length && kept?.has(starts[first]!)) first++;
      byFirst.set(first, [...(byFirst.get(first) ?? []), id]);
    }
    const out = new Map<string, DayFigures[]>();
    for (const [first, ids] of byFirst) {
      const indexes = starts.map((_, i) => i).slice(first);
      const buckets = indexes.length === 0 ? new Map<string, CountBucket[]>() : await this.buckets(ids, starts, first, timeZone, watermark, now);
      for (const id of ids) {
        const key = `${timeZone}|${id}`;
        const kept = this.finished.get(key) ?? new Map<number, DayFigures>();
        const fresh = monitorDayFigures(buckets.get(id) ?? [], starts, indexes, timeZone);
        const next = new Map<number, DayFigures>();
        for (const start of starts) if (kept.has(start)) next.set(start, kept.get(start)!);
        fresh.forEach((f, j) => {
          if (dayEnd(starts, indexes[j]!, timeZone) <= watermark) next.set(f.day, f);
        });
        this.finished.set(key, next);
        out.set(id, [...starts.slice(0, first).map((s) => kept.get(s)!), ...fresh]);
      }
    }
    return out;
  }

  /** Drops the kept days of monitors and zones not in use. */
  retain(keys: ReadonlySet<string>): void {
    for (const key of this.finished.keys()) if (!keys.has(key)) this.finished.delete(key);
  }

  private async buckets(ids: readonly string[], starts: readonly number[], first: number, timeZone: string, watermark: number, now: number): Promise<Map<string, CountBucket[]>> {
    const from = starts[first]!;
    const out = new Map<string, CountBucket[]>();
    if (watermark > from) {
      for (const chunk of chunks(ids, ROLLUP_CHUNK)) {
        const { buckets } = await this.reads.hourlyCounts(chunk, from, watermark);
        for (const [id, list] of buckets) out.set(id, list);
        await yieldToEventLoop();
      }
    }
    // The hours not rolled up yet, read raw, cut at midnights so each day gets its own.
    const tailFrom = Math.max(from, watermark, now - RAW_TAIL_MAX_MS);
    for (let i = first; i < starts.length; i++) {
      const a = Math.max(tailFrom, starts[i]!);
      const b = Math.min(now, dayEnd(starts, i, timeZone));
      if (b <= a) continue;
      for (const [id, bucket] of await this.reads.rawCounts(ids, a, b)) out.set(id, [...(out.get(id) ?? []), bucket]);
    }
    return out;
  }
}
