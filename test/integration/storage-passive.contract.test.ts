/** The passive repository (heartbeats, boots, traffic counts and their hourly sums) on both dialects. */
import { describe, expect, it } from 'vitest';
import { DIALECTS, dialectAvailable, withStore } from '../helpers/databases.js';
import type { Store } from '../../src/storage/store.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 23, 16, 0);

async function monitor(store: Store, id: string): Promise<void> {
  await store.monitors.upsert({ id, name: id, type: 'heartbeat', source: 'api', input: { id }, tags: [], paused: false }, T0);
}

for (const dialect of DIALECTS) {
  describe(`passive storage (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'passive storage contract tests');
    if (!available) {
      it.skip('PostgreSQL not reachable', () => {});
      return;
    }
    const fixture = withStore(dialect);

    it('stores heartbeats and returns the newest, or the newest with boot information', async () => {
      const { store } = fixture;
      await monitor(store, 'hb');
      expect(await store.passive.lastHeartbeat('hb')).toBeUndefined();
      await store.passive.insertHeartbeat('hb', { at: T0, status: 'up', message: null, bootId: 'b1', uptimeS: 12.5, value: null });
      await store.passive.insertHeartbeat('hb', { at: T0 + 1000, status: 'down', message: 'disk full', bootId: null, uptimeS: null, value: 42.5 });
      expect(await store.passive.lastHeartbeat('hb')).toEqual({ at: T0 + 1000, status: 'down', message: 'disk full', bootId: null, uptimeS: null, value: 42.5 });
      expect(await store.passive.lastHeartbeat('hb', { withBootInfo: true })).toMatchObject({ at: T0, bootId: 'b1', uptimeS: 12.5 });
    });

    it('stores boots and lists those since a time, oldest first', async () => {
      const { store } = fixture;
      for (const [i, at] of [T0 - HOUR, T0 - 60_000, T0].entries()) {
        await store.passive.insertBoot('hb', { at, bootId: `b${i}`, previousBootId: i === 0 ? null : `b${i - 1}` });
      }
      expect((await store.passive.bootsSince('hb', T0 - 30 * 60_000)).map((b) => b.bootId)).toEqual(['b1', 'b2']);
      expect(await store.passive.lastBoot('hb')).toEqual({ at: T0, bootId: 'b2', previousBootId: 'b1' });
      expect(await store.passive.lastBoot('nothing')).toBeUndefined();
    });

    it('upserts traffic counters per bucket: named counters are overwritten, others kept', async () => {
      const { store } = fixture;
      await monitor(store, 'calls');
      await store.passive.upsertTraffic('calls', [
        { start: T0, seconds: 300, counts: { attempts: 812, answered: 790 } },
        { start: T0 + 300_000, seconds: 300, counts: { attempts: 10 } },
      ]);
      await store.passive.upsertTraffic('calls', [{ start: T0, seconds: 300, counts: { answered: 800 } }]);
      expect(await store.passive.trafficBuckets('calls', T0, T0 + HOUR)).toEqual([
        { start: T0, seconds: 300, counts: { attempts: 812, answered: 800 } },
        { start: T0 + 300_000, seconds: 300, counts: { attempts: 10 } },
      ]);
      expect(await store.passive.trafficBuckets('calls', T0 + 1, T0 + HOUR)).toHaveLength(1);
      expect((await store.passive.trafficBucketsAt('calls', [T0 + 300_000, T0 - 7 * 86_400_000])).map((b) => b.start)).toEqual([T0 + 300_000]);
      expect(await store.passive.lastTrafficBucketStart('calls')).toBe(T0 + 300_000);
      expect(await store.passive.lastTrafficBucketStart('hb')).toBeUndefined();
    });

    it('rolls traffic up per hour and counter, idempotently', async () => {
      const { store } = fixture;
      await store.passive.upsertTraffic('calls', [{ start: T0 + HOUR, seconds: 300, counts: { attempts: 5 } }]);
      expect(await store.passive.rollupTrafficHour(T0)).toBe(2);
      expect(await store.passive.rollupTrafficHour(T0)).toBe(2);
      expect(await store.passive.trafficHours('calls', T0, T0 + 2 * HOUR)).toEqual([{ hour: T0, counts: { attempts: 822, answered: 800 }, buckets: 2 }]);
    });

    it('prunes old heartbeats, boots, buckets and hourly sums, but never the newest boot of a monitor', async () => {
      const { store } = fixture;
      const pruned = await store.passive.prune({ rawBefore: T0 + 1, trafficBefore: T0 + 1, hourlyBefore: T0 + 1 }, 100);
      expect(pruned).toEqual({ heartbeats: 1, boots: 2, trafficCounts: 2, trafficHourly: 2 });
      expect(await store.passive.lastHeartbeat('hb')).toMatchObject({ at: T0 + 1000 });
      expect(await store.passive.lastBoot('hb')).toEqual({ at: T0, bootId: 'b2', previousBootId: 'b1' });
      expect(await store.passive.trafficBuckets('calls', 0, T0 + 2 * HOUR)).toHaveLength(2);
    });

    it('keeps the newest boot of each monitor however old, as reboot detection compares with it', async () => {
      const { store } = fixture;
      const DAY = 86_400_000;
      for (const id of ['dc-1', 'dc-2']) await monitor(store, id);
      // dc-1 has been up for 30 days (one boot, older than the raw retention); dc-2 rebooted twice since.
      await store.passive.insertBoot('dc-1', { at: T0 - 30 * DAY, bootId: 'old', previousBootId: null });
      await store.passive.insertBoot('dc-2', { at: T0 - 40 * DAY, bootId: 'a', previousBootId: null });
      await store.passive.insertBoot('dc-2', { at: T0 - 20 * DAY, bootId: 'b', previousBootId: 'a' });
      await store.passive.insertBoot('dc-2', { at: T0 - DAY, bootId: 'c', previousBootId: 'b' });
      const cutoffs = { rawBefore: T0 - 14 * DAY, trafficBefore: 0, hourlyBefore: 0 };
      // A batch of one still reaches dc-2's second boot: the kept newest boots do not fill batches.
      expect((await store.passive.prune(cutoffs, 1)).boots).toBe(1);
      expect((await store.passive.prune(cutoffs, 1)).boots).toBe(1);
      expect((await store.passive.prune(cutoffs, 1)).boots).toBe(0);
      expect(await store.passive.lastBoot('dc-1')).toEqual({ at: T0 - 30 * DAY, bootId: 'old', previousBootId: null });
      expect((await store.passive.bootsSince('dc-2', 0)).map((b) => b.bootId)).toEqual(['c']);
    });

    it('keeps the newest heartbeat of each monitor however old, so a silent server stays judged by it', async () => {
      const { store } = fixture;
      const DAY = 86_400_000;
      await monitor(store, 'silent');
      for (const days of [25, 21, 20]) await store.passive.insertHeartbeat('silent', { at: T0 - days * DAY, status: 'up', message: null, bootId: 'b', uptimeS: 1, value: null });
      const cutoffs = { rawBefore: T0 - 14 * DAY, trafficBefore: 0, hourlyBefore: 0 };
      expect((await store.passive.prune(cutoffs, 100)).heartbeats).toBe(2);
      expect((await store.passive.prune(cutoffs, 100)).heartbeats).toBe(0);
      expect(await store.passive.lastHeartbeat('silent')).toMatchObject({ at: T0 - 20 * DAY });
    });

    it('deletes a monitor\'s pushed data with the monitor row', async () => {
      const { store } = fixture;
      await monitor(store, 'gone');
      await store.passive.insertHeartbeat('gone', { at: T0, status: 'up', message: null, bootId: null, uptimeS: null, value: null });
      await store.db.deleteFrom('monitors').where('id', '=', 'gone').execute();
      expect(await store.passive.lastHeartbeat('gone')).toBeUndefined();
    });
  });
}
