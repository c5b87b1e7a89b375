/**
 * The maintenance job against real stores: rolls up every settled hour once (starting from the
 * oldest result, not from the retention horizon), prunes raw results and rollups past their
 * retention, and keeps its place across runs.
 */
import { describe, expect, it } from 'vitest';
import { Maintenance } from '../../src/engine/maintenance.js';
import { createLogger } from '../../src/logger.js';
import type { ResultRow } from '../../src/storage/store.js';
import { DIALECTS, dialectAvailable, withStore } from '../helpers/databases.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 10, 23, 12, 30);

function result(monitorId: string, at: number, status: ResultRow['status'], latencyMs: number): ResultRow {
  return { monitorId, location: 'local', at, status, latencyMs, message: status, timings: null };
}

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect, 'maintenance tests')))(`maintenance (${dialect})`, () => {
    const fixture = withStore(dialect);

    it('rolls up settled hours that have results, from the oldest one, prunes past retention, and resumes where it stopped', async () => {
      const store = fixture.store;
      await store.monitors.upsert({ id: 'web', name: 'web', type: 'http', source: 'api', input: {}, tags: [], paused: false }, NOW - 30 * DAY);
      const rows: ResultRow[] = [];
      // 20 days ago (past the 14-day raw retention), then three recent hours, then the current hour.
      rows.push(result('web', NOW - 20 * DAY, 'up', 5));
      for (const h of [3, 2, 1]) {
        const start = Math.floor(NOW / HOUR) * HOUR - h * HOUR;
        rows.push(result('web', start + 60_000, 'up', 10), result('web', start + 120_000, 'down', 30), result('web', start + 180_000, 'up', 20));
      }
      rows.push(result('web', NOW - 60_000, 'up', 7));
      await store.results.insertMany(rows);
      expect(await store.results.oldestAt()).toBe(NOW - 20 * DAY);

      const job = new Maintenance(store, createLogger('silent'), { rawMs: 14 * DAY, rollupsMs: 400 * DAY, everyMs: 60_000, batch: 2 });
      const first = await job.runOnce(NOW);
      // Only hours with results, from the oldest (rolled up before it is pruned) to the last settled one.
      expect(first.hours).toBe(4);
      expect((await store.rollups.list('web', NOW - 21 * DAY, NOW - 19 * DAY)).map((r) => r.count)).toEqual([1]);
      // The results of settled hours are folded into chunks (the oldest one then pruned with its chunk).
      expect(first.compacted).toBe(10);
      expect(first.pruned).toBe(1);
      expect(await store.results.count('web')).toBe(10);
      expect(await store.db.selectFrom('results').select('at').where('monitor_id', '=', 'web').execute()).toEqual([{ at: NOW - 60_000 }]);
      const rollups = await store.rollups.list('web', NOW - 4 * HOUR, NOW);
      expect(rollups.map((r) => [r.count, r.up, r.down, r.latencyMin, r.latencyMax])).toEqual([
        [3, 2, 1, 10, 30],
        [3, 2, 1, 10, 30],
        [3, 2, 1, 10, 30],
      ]);

      const again = await job.runOnce(NOW + 10 * 60_000);
      expect(again).toEqual({ hours: 0, compacted: 0, pruned: 0 });
      const nextHour = await job.runOnce(NOW + HOUR);
      expect(nextHour.hours).toBe(1);
      expect(nextHour.compacted).toBe(1);
      const uptime = await store.rollups.uptime('web', NOW - 3 * HOUR - 30 * 60_000, NOW + HOUR);
      expect(uptime.count).toBe(10);
      expect(uptime.down).toBe(3);
    });
  });
}
