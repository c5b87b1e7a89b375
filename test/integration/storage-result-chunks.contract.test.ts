/**
 * The result chunks contract, on every dialect: compaction folds `up` results into chunks and
 * every read (pages by cursor, ranges, counts, samples for rollups, oldest result) answers
 * exactly as before; what cannot be folded losslessly stays a row; pruning drops whole chunks;
 * two compactors at once fold each result once; a database with results in the old layout
 * answers the history API identically after the migration and compaction.
 */
import fc from 'fast-check';
import { Migrator } from 'kysely';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/build-server.js';
import { generateToken, hashToken } from '../../src/api/tokens.js';
import { Bus } from '../../src/engine/bus.js';
import { Engine } from '../../src/engine/engine.js';
import { staticProvider } from '../../src/storage/migrate.js';
import { MIGRATIONS } from '../../src/storage/migrations/index.js';
import { postgresSql } from '../../src/storage/postgres/postgres-sql.js';
import { sqliteSql } from '../../src/storage/sqlite/sqlite-sql.js';
import type { ResultRow, Store } from '../../src/storage/store.js';
import { DIALECTS, dialectAvailable, withStore } from '../helpers/databases.js';

const HOUR = 3_600_000;
const MIN = 60_000;

function monitor(id: string) {
  return { id, name: `Monitor ${id}`, type: 'http', source: 'api' as const, input: { id, http: { url: 'http://127.0.0.1/' } }, tags: [], paused: true };
}

const tenth = fc.integer({ min: 0, max: 30_000 }).map((n) => n / 10);
/** A latency as checks measure it (0.1 ms), sometimes finer (not foldable), sometimes none. */
const latency = fc.oneof({ arbitrary: tenth, weight: 6 }, { arbitrary: fc.double({ min: 0, max: 100, noNaN: true }), weight: 1 }, { arbitrary: fc.constant(null), weight: 1 });
const row = fc.record({
  minute: fc.integer({ min: 0, max: 3 * 60 - 1 }),
  ms: fc.constantFrom(0, 0, 7, 999),
  location: fc.constantFrom('paris', 'tokyo'),
  status: fc.constantFrom('up', 'up', 'up', 'up', 'up', 'up', 'degraded', 'down', 'unknown') as fc.Arbitrary<ResultRow['status']>,
  latency,
  timings: fc.constantFrom('none', 'phases', 'total'),
  message: fc.oneof({ arbitrary: fc.constant('http'), weight: 4 }, { arbitrary: fc.constant('ok'), weight: 1 }, { arbitrary: fc.string({ maxLength: 8 }).filter((t) => !t.includes('\u0000')), weight: 1 }),
});

type Row = typeof row extends fc.Arbitrary<infer T> ? T : never;

function toRow(monitorId: string, base: number, r: Row): ResultRow {
  const total = r.latency ?? 1.5;
  const timings = r.timings === 'none' ? null : r.timings === 'total' ? { total } : { dns: 0.1, connect: 0.4, firstByte: Math.floor(total * 5) / 10, total };
  const message = r.message === 'http' ? `HTTP 200 in ${r.latency} ms` : r.message;
  return { monitorId, location: r.location, at: base + r.minute * MIN + r.ms, status: r.status, latencyMs: r.latency, message, timings };
}

/** Every answer the repository gives about one monitor over `[base, base + 3 h)`, for comparison. */
async function answers(store: Store, monitorId: string, base: number, limit: number, span: [number, number]) {
  const pages = [];
  let cursor: string | null = null;
  for (let i = 0; i < 1000; i++) {
    const page: Awaited<ReturnType<Store['results']['list']>> = await store.results.list(monitorId, { limit, cursor });
    pages.push(page);
    cursor = page.nextCursor;
    if (cursor === null) break;
  }
  const [a, b] = [base + span[0] * MIN, base + span[1] * MIN];
  const samples = (await store.results.samples([monitorId], a, b)).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
  return {
    pages,
    ranged: await store.results.list(monitorId, { from: a, to: b, limit: 1000 }),
    rangedPage: await store.results.list(monitorId, { from: a, to: b, limit }),
    count: await store.results.count(monitorId),
    counts: await store.results.countByStatus([monitorId], [[a, b], [base + 170 * MIN, base + 3 * HOUR]]),
    samples,
    oldest: await store.results.oldestAt(a),
    uptime: await store.rollups.uptime(monitorId, a, b),
  };
}

async function compactAll(store: Store, base: number): Promise<number> {
  let folded = 0;
  for (let h = 0; h < 3; h++) folded += (await store.results.compactHour(base + h * HOUR)).results;
  return folded;
}

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect, 'result chunk contract tests')))(`result chunks (${dialect})`, () => {
    const fixture = withStore(dialect);
    const store = () => fixture.store;
    let runs = 0;

    it('answers every read identically before and after compaction, on random histories', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 120 }), fc.integer({ min: 1, max: 25 }), fc.tuple(fc.integer({ min: 0, max: 180 }), fc.integer({ min: 0, max: 180 })), fc.integer({ min: 0, max: 5000 }), async (rows, limit, [x, y], hourIndex) => {
          const id = `prop-${runs++}`;
          const base = Date.UTC(2024, 0, 1) + hourIndex * 3 * HOUR;
          await store().monitors.upsert(monitor(id), 1000);
          await store().results.insertMany(rows.map((r) => toRow(id, base, r)));
          const span: [number, number] = [Math.min(x, y), Math.max(x, y)];
          const before = await answers(store(), id, base, limit, span);
          const folded = await compactAll(store(), base);
          const foldable = rows.filter((r) => r.latency === null || Math.round(r.latency * 10) / 10 === r.latency).length;
          expect(folded).toBe(foldable);
          expect(await answers(store(), id, base, limit, span)).toEqual(before);
        }),
        { numRuns: dialect === 'sqlite' ? 40 : 20 },
      );
    }, 300_000);

    it('keeps as rows only the results it cannot give back exactly, and folds each hour into one chunk per location', async () => {
      const base = Date.UTC(2023, 5, 1, 10);
      await store().monitors.upsert(monitor('keep'), 1000);
      await store().results.insertMany([
        { monitorId: 'keep', location: 'a', at: base, status: 'up', latencyMs: 12.3, message: 'HTTP 200 in 12.3 ms', timings: { connect: 1, total: 12.3 } },
        { monitorId: 'keep', location: 'a', at: base + MIN, status: 'down', latencyMs: 5, message: 'expected status 200, got 503', timings: { total: 5 } },
        { monitorId: 'keep', location: 'a', at: base + 2 * MIN, status: 'up', latencyMs: 1.234, message: 'fine-grained', timings: null },
        { monitorId: 'keep', location: 'b', at: base + 3 * MIN, status: 'up', latencyMs: 9, message: 'HTTP 200 in 9 ms', timings: null },
        { monitorId: 'keep', location: 'a', at: base + HOUR, status: 'up', latencyMs: 8, message: 'next hour', timings: null },
      ]);
      expect(await store().results.compactHour(base)).toEqual({ results: 3, chunks: 2 });
      const rows = await store().db.selectFrom('results').select(['status', 'message']).where('monitor_id', '=', 'keep').orderBy('at').execute();
      expect(rows).toEqual([
        { status: 'up', message: 'fine-grained' },
        { status: 'up', message: 'next hour' },
      ]);
      const chunks = await store().db.selectFrom('result_chunks').select(['location', 'count', 'first_at', 'last_at']).where('monitor_id', '=', 'keep').orderBy('location').execute();
      expect(chunks.map((c) => ({ ...c, first_at: Number(c.first_at), last_at: Number(c.last_at) }))).toEqual([
        { location: 'a', count: 2, first_at: base, last_at: base + MIN },
        { location: 'b', count: 1, first_at: base + 3 * MIN, last_at: base + 3 * MIN },
      ]);
      expect((await store().results.list('keep', { limit: 10 })).items.map((r) => r.message)).toEqual(['next hour', 'HTTP 200 in 9 ms', 'fine-grained', 'expected status 200, got 503', 'HTTP 200 in 12.3 ms']);
      expect(await store().results.compactHour(base)).toEqual({ results: 0, chunks: 0 });
      await expect(store().results.compactHour(base + 1)).rejects.toThrow(/start of an hour/);
    });

    it('prunes whole chunks past the cutoff and keeps a chunk that straddles it until all of it is past', async () => {
      const base = Date.UTC(2003, 0, 1, 5);
      await store().monitors.upsert(monitor('prune'), 1000);
      await store().results.insertMany([0, 10, 20, 70, 80].map((m) => ({ monitorId: 'prune', location: 'l', at: base + m * MIN, status: 'up' as const, latencyMs: 1, message: 'ok', timings: null })));
      await store().results.compactHour(base);
      await store().results.compactHour(base + HOUR);
      expect(await store().results.prune(base + 75 * MIN, 100)).toBe(3);
      expect((await store().results.list('prune', { limit: 10 })).items.map((r) => (r.at - base) / MIN)).toEqual([80, 70]);
      expect(await store().results.prune(base + 75 * MIN, 100)).toBe(0);
      expect(await store().results.prune(base + 81 * MIN, 100)).toBe(2);
      expect(await store().results.count('prune')).toBe(0);
    });

    // In one process, two SQLite connections cannot interleave writes (better-sqlite3 waits for
    // the lock synchronously, so the holder never finishes); there writers are serialised by
    // `begin immediate` and a second server is refused by the server lock: the test is PostgreSQL's.
    const onPostgres = dialect === 'postgres' ? it : ((() => undefined) as unknown as typeof it);
    onPostgres('folds each result once when two compactors run the same hour at once', async () => {
      const base = Date.UTC(2022, 2, 3, 4);
      const ids = Array.from({ length: 60 }, (_, i) => `race-${i}`);
      for (const id of ids) await store().monitors.upsert(monitor(id), 1000);
      await store().results.insertMany(ids.flatMap((id) => Array.from({ length: 30 }, (_, i) => ({ monitorId: id, location: 'l', at: base + i * MIN, status: 'up' as const, latencyMs: i / 10, message: 'ok', timings: null }))));
      const other = await fixture.openAnother();
      const done = await Promise.all([store().results.compactHour(base), other.results.compactHour(base)]);
      expect(done[0].results + done[1].results).toBe(60 * 30);
      for (const id of ['race-0', 'race-59']) {
        const items = (await store().results.list(id, { limit: 100 })).items;
        expect(items.map((r) => r.latencyMs)).toEqual(Array.from({ length: 30 }, (_, i) => (29 - i) / 10));
        expect(new Set(items.map((r) => r.id)).size).toBe(30);
      }
      expect((await store().results.countByStatus(ids, [[base, base + HOUR]])).get('race-7')).toEqual({ count: 30, up: 30, degraded: 0, down: 0, unknown: 0 });
    });
  });

  describe.skipIf(!(await dialectAvailable(dialect, 'result chunk migration tests')))(`results in the old layout, migrated (${dialect})`, () => {
    const fixture = withStore(dialect);

    it('answers the history API identically after the migration and compaction', async () => {
      const store = fixture.store;
      const sqlOf = dialect === 'postgres' ? postgresSql : sqliteSql(':memory:');
      const schema = await sqlOf.migrationSchema(store.db);
      const migrator = new Migrator({ db: store.db, provider: staticProvider(sqlOf), ...(schema ? { migrationTableSchema: schema } : {}) });
      const previous = Object.keys(MIGRATIONS).filter((name) => name < '0013-result-chunks').at(-1)!;
      expect((await migrator.migrateTo(previous)).error).toBeUndefined();
      await expect(store.db.selectFrom('result_chunks').selectAll().execute()).rejects.toThrow();

      const base = Math.floor(Date.now() / HOUR) * HOUR - 5 * HOUR;
      await store.monitors.upsert(monitor('old'), base);
      await store.results.insertMany(
        Array.from({ length: 5 * 180 }, (_, i) => {
          const took = (20 + ((i * 37) % 50)) / 10;
          const failed = i % 97 === 5;
          return failed
            ? { monitorId: 'old', location: i % 2 ? 'paris' : 'tokyo', at: base + i * 20_000, status: 'down' as const, latencyMs: null, message: 'connection refused', timings: { connect: 0.2, total: 0.3 } }
            : { monitorId: 'old', location: i % 2 ? 'paris' : 'tokyo', at: base + i * 20_000 + (i % 7), status: 'up' as const, latencyMs: took, message: `HTTP 200 in ${took} ms`, timings: { dns: 0.1, connect: 0.3, firstByte: (15 + ((i * 37) % 50)) / 10, total: took } };
        }),
      );

      const bus = new Bus();
      const logger = pino({ level: 'silent' });
      const engine = new Engine(store, bus, logger, { batch: { size: 100, intervalMs: 50 }, shutdownGraceMs: 2000 });
      await engine.start([]);
      const app = await buildServer({ store, control: engine, bus, metrics: { registry: engine.metrics.registry }, logger, version: '9.9.9-test' });
      const token = generateToken();
      await store.tokens.create({ id: 'tok-mig', name: 'mig', role: 'viewer', tokenHash: hashToken(token) }, Date.now());
      try {
        const get = async (url: string) => {
          const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
          expect(res.statusCode).toBe(200);
          return res.json();
        };
        const history = async () => {
          const pages = [];
          let cursor: string | null = null;
          do {
            const page: { items: unknown[]; nextCursor: string | null } = await get(`/api/v1/monitors/old/results?limit=77${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
            pages.push(page);
            cursor = page.nextCursor;
          } while (cursor !== null);
          const chart = await get(`/api/v1/monitors/old/results?from=${new Date(base + HOUR + 123).toISOString()}&to=${new Date(base + 3 * HOUR).toISOString()}&limit=1000`);
          return { pages, chart };
        };
        // What the old layout holds, read straight from its table, in the API's shape.
        const raw = await store.db.selectFrom('results').selectAll().where('monitor_id', '=', 'old').orderBy('at', 'desc').orderBy('id', 'desc').execute();
        const expected = raw.map((r) => ({
          id: r.id,
          at: new Date(Number(r.at)).toISOString(),
          location: r.location,
          status: r.status,
          latencyMs: r.latency_ms,
          message: r.message,
          timings: r.timings === null ? null : JSON.parse(r.timings),
        }));
        expect(expected).toHaveLength(900);

        expect(await store.migrate()).toEqual(['0013-result-chunks']);
        const before = await history();
        expect(before.pages.flatMap((p) => p.items)).toEqual(expected);
        expect(before.chart.items).toEqual(expected.filter((r) => Date.parse(r.at) >= base + HOUR + 123 && Date.parse(r.at) < base + 3 * HOUR));
        let folded = 0;
        for (let h = 0; h < 5; h++) folded += (await store.results.compactHour(base + h * HOUR)).results;
        expect(folded).toBe(900);
        expect(await store.db.selectFrom('results').select('id').where('monitor_id', '=', 'old').execute()).toHaveLength(0);
        expect(await history()).toEqual(before);
      } finally {
        await app.close();
        await engine.stop();
      }
    });
  });
}
