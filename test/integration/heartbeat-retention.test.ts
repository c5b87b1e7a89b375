/**
 * Reboot detection across the raw retention, on SQLite and PostgreSQL: a server up for 30 days
 * (longer than the 14-day raw retention, typical before a Patch Tuesday) pushes heartbeats; the
 * maintenance job prunes; its first reboot must still raise `heartbeat.rebooted`. Pushes go
 * through the push service (dated by its clock hook), runs through the heartbeat check and its
 * diff, as the engine calls them. A server silent for longer than the retention stays down (not
 * "no heartbeat received yet"), and raises nothing when it comes back without rebooting.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PushService } from '../../src/api/services/push.service.js';
import { PushTargets } from '../../src/api/services/push-targets.js';
import { heartbeatCheck } from '../../src/checks/heartbeat/index.js';
import { heartbeatConfigSchema } from '../../src/checks/heartbeat/heartbeat.schema.js';
import type { CheckResult } from '../../src/checks/types.js';
import { Bus } from '../../src/engine/bus.js';
import { Maintenance } from '../../src/engine/maintenance.js';
import type { MonitorControl } from '../../src/engine/monitor-control.js';
import { createLogger } from '../../src/logger.js';
import { DIALECTS, dialectAvailable, withStore } from '../helpers/databases.js';

const DAY = 86_400_000;
const TOKEN = randomBytes(16).toString('hex');
const config = heartbeatConfigSchema.parse({ token: TOKEN, period: '1m' });

/** The engine's side of a push is not under test here: runs are made by the test itself. */
const noEngine: MonitorControl = {
  apply: () => {},
  remove: () => {},
  setPaused: async () => {},
  runNow: async () => undefined,
  ingest: async () => ({ ok: false, reason: 'not_found' }),
};

for (const dialect of DIALECTS) {
  describe(`heartbeat reboots across the retention (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'heartbeat retention tests');
    if (!available) {
      it.skip('PostgreSQL not reachable', () => {});
      return;
    }
    const fixture = withStore(dialect);

    it('reports the first reboot of a server up for longer than the raw retention', async () => {
      const { store } = fixture;
      const now = Date.now();
      let clock = now - 30 * DAY;
      await store.monitors.upsert({ id: 'dc-1', name: 'DC1', type: 'heartbeat', source: 'file', input: { id: 'dc-1', heartbeat: config }, tags: [], paused: false }, clock);
      const push = new PushService(store, noEngine, new PushTargets(store, new Bus()), () => clock, createLogger('silent'));
      const run = () => heartbeatCheck.run(config, { signal: new AbortController().signal, timeoutMs: 5000, monitorId: 'dc-1', passive: store.passive });
      const pushBoot = async (bootId: string, uptimeS: number) => (await push.heartbeat(TOKEN, { boot_id: bootId, uptime: uptimeS })).rebooted;

      // Booted 30 days ago; heartbeats every day since (enough for the retention to matter).
      expect(await pushBoot('boot-a', 60)).toBe(false);
      for (let day = 1; day < 30; day++) {
        clock = now - (30 - day) * DAY;
        await pushBoot('boot-a', (day * DAY) / 1000 + 60);
      }
      const before: CheckResult = await run();
      expect(before.details?.lastBoot).toMatchObject({ bootId: 'boot-a' });

      const maintenance = new Maintenance(store, createLogger('silent'), { rawMs: 14 * DAY, rollupsMs: 400 * DAY, everyMs: 60_000, batch: 1000 });
      expect((await maintenance.runOnce(now)).pruned).toBeGreaterThan(0);
      const afterPrune = await run();
      expect(heartbeatCheck.diff!(config, before.details, afterPrune)).toEqual([]);
      expect(afterPrune.details?.lastBoot).toMatchObject({ bootId: 'boot-a' });

      // Patch Tuesday: the first reboot in 30 days.
      clock = now;
      expect(await pushBoot('boot-b', 90)).toBe(true);
      const rebooted = await run();
      const events = heartbeatCheck.diff!(config, afterPrune.details, rebooted);
      expect(events.map((e) => e.type)).toEqual(['heartbeat.rebooted']);
      expect(events[0]!.message).toBe('rebooted: boot id boot-a → boot-b');
      expect(events[0]!.messages?.fr).toBe('redémarré : identifiant de démarrage boot-a → boot-b');
    });

    it('keeps a server silent for longer than the retention down, and raises nothing when it comes back without rebooting', async () => {
      const { store } = fixture;
      const now = Date.now();
      let clock = now - 30 * DAY;
      const token = randomBytes(16).toString('hex');
      const dc2 = heartbeatConfigSchema.parse({ token, period: '1m' });
      await store.monitors.upsert({ id: 'dc-2', name: 'DC2', type: 'heartbeat', source: 'file', input: { id: 'dc-2', heartbeat: dc2 }, tags: [], paused: false }, clock);
      const push = new PushService(store, noEngine, new PushTargets(store, new Bus()), () => clock, createLogger('silent'));
      const run = () => heartbeatCheck.run(dc2, { signal: new AbortController().signal, timeoutMs: 5000, monitorId: 'dc-2', passive: store.passive });
      // Booted 30 days ago, pushed for 10 days, then cut off (a network outage) for 20 days.
      expect((await push.heartbeat(token, { boot_id: 'boot-x', uptime: 60 })).rebooted).toBe(false);
      clock = now - 20 * DAY;
      await push.heartbeat(token, { boot_id: 'boot-x', uptime: (10 * DAY) / 1000 + 60 });
      const before = await run();
      await new Maintenance(store, createLogger('silent'), { rawMs: 14 * DAY, rollupsMs: 400 * DAY, everyMs: 60_000, batch: 1000 }).runOnce(now);
      // Still judged from its last heartbeat, 20 days old: down, not "no heartbeat received yet".
      const silent = await run();
      expect(silent.status).toBe('down');
      expect(silent.message).toMatch(/^no heartbeat since /);
      // Back, same boot (its uptime read a second off, as clocks do).
      clock = now;
      expect((await push.heartbeat(token, { boot_id: 'boot-x', uptime: (30 * DAY) / 1000 + 59 })).rebooted).toBe(false);
      expect(heartbeatCheck.diff!(dc2, before.details, await run())).toEqual([]);
    });
  });
}
