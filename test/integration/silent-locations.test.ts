/**
 * A monitor judged only from remote locations (results pushed by probes elsewhere), on SQLite
 * and PostgreSQL: when every probe stops reporting, the engine's sweep turns it `unknown` with a
 * reason naming the silent locations, without any result arriving; a result brings it back.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/checks/types.js';
import { Bus } from '../../src/engine/bus.js';
import { Engine } from '../../src/engine/engine.js';
import { monitorInputSchema, toDefinition } from '../../src/monitors/monitor.schema.js';
import { waitFor } from '../helpers/app-database.js';
import { DIALECTS, dialectAvailable, withStore } from '../helpers/databases.js';

const down: CheckResult = { status: 'down', message: 'connection refused', messages: { en: 'connection refused', fr: 'connexion refusée' }, latencyMs: null };
const up: CheckResult = { status: 'up', message: 'HTTP 200', latencyMs: 12 };

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect, 'silent locations')))(`locations that fall silent (${dialect})`, () => {
    const db = withStore(dialect);
    let engine: Engine;

    beforeAll(async () => {
      engine = new Engine(db.store, new Bus(), pino({ level: 'silent' }), { batch: { size: 10, intervalMs: 20 }, shutdownGraceMs: 2000, jitter: false, silenceSweepMs: 200 });
      const input = monitorInputSchema.parse({
        id: 'remote-only', interval: '1s', timeout: '500ms', confirmations: { down: 1 }, locations: ['paris', 'noumea'], quorum: 1,
        http: { url: 'http://127.0.0.1:9/' },
      });
      await engine.start([toDefinition(input)]);
    }, 60_000);
    afterAll(async () => engine?.stop(), 60_000);

    const transitions = async () => (await db.store.transitions.list({ monitorId: 'remote-only', kind: 'state' }, { limit: 20 })).items.reverse();

    it('turns unknown once every location is silent, naming them, then follows the next result', async () => {
      const now = Date.now();
      expect(await engine.ingest('remote-only', 'paris', down, now)).toMatchObject({ ok: true, state: 'down' });
      expect(await engine.ingest('remote-only', 'noumea', down, now)).toMatchObject({ ok: true, state: 'down' });

      // No result arrives any more: after 3 intervals + the timeout (3.5 s) both locations are silent.
      const silent = await waitFor('the monitor to turn unknown', async () => (await transitions()).find((t) => t.toState === 'unknown'), 20_000);
      expect(silent).toMatchObject({ fromState: 'down', reason: 'unknown: no location sees it up and fewer than 1 see it down (paris: silent, noumea: silent)' });
      expect(silent.details).toMatchObject({ locations: { paris: 'silent', noumea: 'silent' }, messages: { fr: expect.stringContaining('paris : sans nouvelles') } });
      expect(engine.stateOf('remote-only')?.state).toBe('unknown');
      const count = (await transitions()).length;
      await engine.sweepSilence();
      expect(await transitions()).toHaveLength(count);

      expect(await engine.ingest('remote-only', 'paris', up, Date.now())).toMatchObject({ ok: true, state: 'up' });
      expect((await transitions()).at(-1)).toMatchObject({ fromState: 'unknown', toState: 'up', reason: expect.stringContaining('silent: noumea') });
    }, 30_000);
  });
}
