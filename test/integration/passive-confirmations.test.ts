/**
 * `confirmations` of passive monitors count what was pushed, not runs, on SQLite and PostgreSQL: a
 * running Vigie judges a traffic bucket (or a heartbeat) when it is pushed (the push triggers a
 * run) and again at each scheduled run. With `confirmations: { down: 3 }` a traffic drop goes down
 * only once three buckets were judged low; with `down: 2` an explicit down needs two heartbeats.
 * Time is driven by pushing complete buckets one at a time and by extra runs through the engine's
 * `runNow` (as scheduled runs within the same interval would do).
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { DIALECTS, dialectAvailable } from '../helpers/databases.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';

const BUCKET = 5 * 60_000;
const TOKEN = randomBytes(16).toString('hex');
const HB_TOKEN = randomBytes(16).toString('hex');
const USUAL = 800;

const CONFIG = `server: { host: 127.0.0.1, port: 0 }
scheduler: { batch: { size: 50, interval: 200ms } }
monitors:
  - id: calls
    interval: 1h
    confirmations: { down: 3, up: 1 }
    traffic:
      token: ${TOKEN}
      bucket: 5m
      volume: attempts
      drop: { below_percent: 50 }
      grace: 1h
  - id: dc-1
    interval: 1h
    confirmations: { down: 2, up: 1 }
    heartbeat: { token: ${HB_TOKEN}, period: 10m }
`;

for (const dialect of DIALECTS) {
  describe(`passive confirmations count pushes, not runs (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'passive confirmation tests');
    let db: AppDatabase;
    let app: App;
    /** The newest complete bucket when the test started. */
    let last = 0;
    const metrics = (body: unknown) =>
      fetch(`${app.url}/api/v1/metrics/${TOKEN}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    /** Pushes the counts of one bucket and waits for the run the push triggers to have judged it. */
    const pushBucket = async (start: number, attempts: number) => {
      expect((await metrics({ bucket: start, counts: { attempts } })).status).toBe(200);
      return waitFor(`bucket ${new Date(start).toISOString()} judged`, () => {
        const s = app.engine.stateOf('calls');
        return (s?.lastDetails as { bucket?: string } | null)?.bucket === new Date(start).toISOString() ? s : undefined;
      }, 20_000);
    };

    beforeAll(async () => {
      if (!available) return;
      db = appDatabase(dialect);
      const configPath = join(db.dir, 'vigie.yaml');
      writeFileSync(configPath, CONFIG);
      app = await startApp({ ...db.appOptions(configPath), watch: false });
      last = Math.floor(Date.now() / BUCKET) * BUCKET - BUCKET;
    }, 60_000);

    afterAll(async () => {
      if (!available) return;
      await app?.close();
      await db.cleanup();
    });

    it.skipIf(!available)('goes down after three low buckets, however many runs judged each of them', async () => {
      // Two hours of usual traffic, then three buckets at a quarter of it.
      const history = [];
      for (let start = last - 26 * BUCKET; start <= last - 3 * BUCKET; start += BUCKET) history.push({ bucket: start, counts: { attempts: USUAL } });
      expect((await metrics({ buckets: history })).status).toBe(200);
      await waitFor('usual traffic up', () => app.engine.stateOf('calls')?.state === 'up', 20_000);

      for (const [i, start] of [last - 2 * BUCKET, last - BUCKET].entries()) {
        const judged = await pushBucket(start, USUAL / 4);
        expect(judged.lastStatus).toBe('down');
        // The scheduled runs of the same interval judge the same bucket again: no further confirmation.
        await app.engine.runNow('calls');
        await app.engine.runNow('calls');
        const state = app.engine.stateOf('calls')!;
        expect([state.state, state.pendingStatus, state.pendingCount]).toEqual(['up', 'down', i + 1]);
      }
      await pushBucket(last, USUAL / 4);
      const down = app.engine.stateOf('calls')!;
      expect(down.state).toBe('down');
      const transitions = await app.store.transitions.list({ monitorId: 'calls', kind: 'state' }, { limit: 10 });
      expect(transitions.items.find((t) => t.toState === 'down')?.reason).toMatch(/^down: traffic drop: attempts 200 in .* \(confirmed by 3 consecutive results\)$/);
    });

    it.skipIf(!available)('goes down on an explicit down after two heartbeats, however many runs read the first', async () => {
      const heartbeat = async (status: 'up' | 'down') => {
        const res = await fetch(`${app.url}/api/v1/push/${HB_TOKEN}?status=${status}&msg=disk-${status}`);
        expect(res.status).toBe(200);
        return waitFor(`heartbeat ${status} judged`, () => {
          const s = app.engine.stateOf('dc-1');
          return s?.lastMessage?.includes(`disk-${status}`) ? s : undefined;
        }, 20_000);
      };
      expect((await heartbeat('up')).state).toBe('up');
      await heartbeat('down');
      await app.engine.runNow('dc-1');
      await app.engine.runNow('dc-1');
      const state = app.engine.stateOf('dc-1')!;
      expect([state.state, state.pendingStatus, state.pendingCount]).toEqual(['up', 'down', 1]);
      // Pushes within one millisecond would be one heartbeat: make the next one distinct.
      await new Promise((r) => setTimeout(r, 5));
      const second = await fetch(`${app.url}/api/v1/push/${HB_TOKEN}?status=down&msg=disk-full`);
      expect(second.status).toBe(200);
      const down = await waitFor('dc-1 down', () => (app.engine.stateOf('dc-1')?.state === 'down' ? app.engine.stateOf('dc-1') : undefined), 20_000);
      expect(down.lastMessage).toMatch(/disk-full$/);
      const transitions = await app.store.transitions.list({ monitorId: 'dc-1', kind: 'state' }, { limit: 10 });
      expect(transitions.items.find((t) => t.toState === 'down')?.reason).toMatch(/^down: reported down at \d\d:\d\d: disk-full \(confirmed by 2 consecutive results\)$/);
    });
  });
}
