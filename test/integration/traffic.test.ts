/**
 * Traffic monitors end to end, on SQLite and PostgreSQL: a synthetic week of call counts with a
 * daily shape is pushed through `/api/v1/metrics/<token>` of a running Vigie; the usual volume
 * is up, a 60 % drop and an ASR under its threshold are caught, and the chart route shows the
 * buckets with their baseline.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { generateToken, hashToken } from '../../src/api/tokens.js';
import { DIALECTS, dialectAvailable } from '../helpers/databases.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';

const BUCKET = 5 * 60_000;
const DAY = 86_400_000;
const TOKEN = randomBytes(16).toString('hex');

/** Calls per 5 minutes: ~40 at night, ~900 in mid-afternoon, with a little deterministic noise. */
function usual(start: number): number {
  const hour = (start % DAY) / 3_600_000;
  const shape = 40 + 900 * Math.max(0, Math.sin((Math.PI * (hour - 6)) / 16));
  return Math.round(shape * (0.97 + ((start / BUCKET) % 7) * 0.01));
}

const CONFIG = `server: { host: 127.0.0.1, port: 0 }
scheduler: { batch: { size: 50, interval: 200ms } }
monitors:
  - id: emergency-calls
    interval: 1s
    confirmations: { down: 1, up: 1 }
    traffic:
      token: ${TOKEN}
      bucket: 5m
      volume: attempts
      drop: { below_percent: 50 }
      ratio: { name: ASR, numerator: answered, denominator: attempts, min: 0.8 }
      grace: 1h
`;

for (const dialect of DIALECTS) {
  describe(`traffic monitors (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'traffic end-to-end tests');
    let db: AppDatabase;
    let app: App;
    let viewer: string;
    /** The newest complete bucket when the test started; the one the rules judge. */
    let last = 0;
    const metrics = (body: unknown) =>
      fetch(`${app.url}/api/v1/metrics/${TOKEN}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const judged = (pattern: RegExp, state: string) => () => {
      const s = app.engine.stateOf('emergency-calls');
      return s?.state === state && pattern.test(s.lastMessage ?? '') ? s : undefined;
    };

    beforeAll(async () => {
      if (!available) return;
      db = appDatabase(dialect);
      const configPath = join(db.dir, 'vigie.yaml');
      writeFileSync(configPath, CONFIG);
      app = await startApp({ ...db.appOptions(configPath), watch: false });
      viewer = generateToken();
      await app.store.tokens.create({ id: randomUUID(), name: 'viewer', role: 'viewer', tokenHash: hashToken(viewer) }, Date.now());
      last = Math.floor(Date.now() / BUCKET) * BUCKET - BUCKET;
    }, 60_000);

    afterAll(async () => {
      if (!available) return;
      await app?.close();
      await db.cleanup();
    });

    it.skipIf(!available)('accepts a week of counts at once and judges the usual volume up', async () => {
      const buckets = [];
      for (let start = last - 8 * DAY; start <= last; start += BUCKET) {
        const attempts = usual(start);
        buckets.push({ bucket: new Date(start + 1000).toISOString(), counts: { attempts, answered: Math.round(attempts * 0.97) } });
      }
      const res = await metrics({ buckets });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true, buckets: buckets.length });
      const state = await waitFor('usual traffic up', judged(/^attempts \d+ in .*% of usual/, 'up'), 20_000);
      expect(state.lastDetails).toMatchObject({ bucket: new Date(last).toISOString(), baselineMethod: 'weekly' });
    });

    it.skipIf(!available)('catches a 60 % drop of the volume', async () => {
      const attempts = Math.round(usual(last) * 0.4);
      expect((await metrics({ bucket: last, counts: { attempts, answered: Math.round(attempts * 0.97) } })).status).toBe(200);
      const state = await waitFor('traffic drop', judged(/^traffic drop: attempts \d+ in .* is \d+ % of the usual \d+/, 'down'), 20_000);
      expect(state.lastMessage).toContain(`attempts ${attempts} `);
    });

    it.skipIf(!available)('catches an ASR under its threshold at normal volume', async () => {
      const attempts = usual(last);
      expect((await metrics({ bucket: last, counts: { attempts, answered: Math.round(attempts * 0.6) } })).status).toBe(200);
      await waitFor('ASR under threshold', judged(/^ASR 0\.[56]\d under 0\.8 in /, 'down'), 20_000);
      expect((await metrics({ bucket: last, counts: { answered: Math.round(attempts * 0.97) } })).status).toBe(200);
      await waitFor('recovered', judged(/ASR 0\.9\d$/, 'up'), 20_000);
    });

    it.skipIf(!available)('shows the buckets with their baseline for charts', async () => {
      const res = await fetch(`${app.url}/api/v1/monitors/emergency-calls/traffic?from=${last - 3600_000}&to=${last + BUCKET}`, { headers: { authorization: `Bearer ${viewer}` } });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { resolution: string; items: Array<{ start: string; counts: Record<string, number>; baseline: number | null; baselineMethod: string | null }> };
      expect(body.resolution).toBe('bucket');
      expect(body.items).toHaveLength(13);
      const newest = body.items.at(-1)!;
      expect(newest).toMatchObject({ start: new Date(last).toISOString(), counts: { attempts: usual(last) }, baseline: usual(last - 7 * DAY), baselineMethod: 'weekly' });
      expect((await fetch(`${app.url}/api/v1/monitors/emergency-calls/traffic`)).status).toBe(401);
    });

    it.skipIf(!available)('refuses counts for a future bucket', async () => {
      const res = await metrics({ bucket: Date.now() + 2 * BUCKET, counts: { attempts: 1 } });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { message: string }).message).toContain('bucket: is in the future');
    });
  });
}
