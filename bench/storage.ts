/**
 * @module `npm run bench -- storage`: bytes per check and history latency, before (every result
 * a row) and after compaction (settled `up` results folded into chunks), on SQLite and
 * PostgreSQL. Writes N realistic HTTP results (phase timings in 0.1 ms, a few % failures,
 * scheduling jitter) through the real `ResultWriter`, measures the live size of the results
 * tables (SQLite: `dbstat`; PostgreSQL: copies of the tables holding only live rows), times the history endpoint (`GET /api/v1/monitors/:id/results`: latest page, and one
 * hour as a chart reads it) through the real API, then compacts every hour and measures again.
 *
 * Options: --monitors 1000 --hours 3 --interval 20 (s) --failures 0.03 --db sqlite,postgres
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { buildServer } from '../src/api/build-server.js';
import { generateToken, hashToken } from '../src/api/tokens.js';
import { Bus } from '../src/engine/bus.js';
import { Engine } from '../src/engine/engine.js';
import { ResultWriter } from '../src/engine/result-writer.js';
import { openStore } from '../src/storage/open-store.js';
import { chunkResults } from '../src/storage/result-chunks.js';
import type { PhaseTimings } from '../src/checks/types.js';
import type { ResultRow, Store } from '../src/storage/store.js';
import { appendReport, quantile } from './report.js';

const HOUR = 3_600_000;
const PG_URL = process.env.VIGIE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Options {
  monitors: number;
  hours: number;
  intervalS: number;
  failures: number;
  dbs: Array<'sqlite' | 'postgres'>;
}

function parseArgs(args: string[]): Options {
  const get = (name: string, fallback: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
  };
  return {
    monitors: Number(get('monitors', '1000')),
    hours: Number(get('hours', '3')),
    intervalS: Number(get('interval', '20')),
    failures: Number(get('failures', '0.03')),
    dbs: get('db', 'sqlite,postgres').split(',') as Options['dbs'],
  };
}

/** A small deterministic PRNG (mulberry32), so runs compare. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const tenths = (ms: number) => Math.max(0.1, Math.round(ms * 10) / 10);

/**
 * One check of monitor `m`: half the monitors are HTTPS sites far away (DNS, connect, TLS,
 * first byte, base 20–200 ms), half plain HTTP nearby (connect, first byte, 1–20 ms); each
 * phase varies ±30 % around its base, a few % fail (503 or a timeout).
 */
function check(m: number, at: number, rand: () => number, failures: number): ResultRow {
  const remote = m % 2 === 0;
  const base = remote ? 20 + (m % 181) : 1 + (m % 20);
  const vary = (x: number) => tenths(x * (0.7 + 0.6 * rand()));
  const timings: PhaseTimings = remote ? { dns: vary(base * 0.05), connect: vary(base * 0.2), tls: vary(base * 0.3), firstByte: vary(base), total: 0 } : { connect: vary(base * 0.2), firstByte: vary(base), total: 0 };
  const total = tenths(Object.values(timings).reduce((s: number, v) => s + (v ?? 0), 0) + rand());
  timings.total = total;
  const monitorId = `m-${m}`;
  const r = rand();
  if (r < failures / 3) return { monitorId, location: 'local', at, status: 'down', latencyMs: null, message: 'timed out after 10000 ms waiting for the response', timings: { connect: timings.connect!, total: 10000 } };
  if (r < failures) return { monitorId, location: 'local', at, status: 'down', latencyMs: total, message: 'expected status 200, got 503', timings };
  return { monitorId, location: 'local', at, status: 'up', latencyMs: total, message: `HTTP 200 in ${total} ms`, timings };
}

/** Live bytes of the results tables with their indexes. */
async function liveBytes(store: Store): Promise<number> {
  if (store.dialect === 'sqlite') {
    await sql`pragma wal_checkpoint(truncate)`.execute(store.db);
    const { rows } = await sql<{ bytes: number }>`select sum(pgsize) as bytes from dbstat where name in ('results', 'results_monitor_at', 'results_at', 'result_chunks', 'result_chunks_monitor_last', 'result_chunks_first_at')`.execute(store.db);
    return Number(rows[0]?.bytes ?? 0);
  }
  // Copies of the tables (with their indexes) hold only the rows this session sees: their size is
  // the live size, which a steady state reaches once autovacuum lets new rows reuse the space.
  // (VACUUM FULL would keep the dead rows any other session's snapshot can still see, on a
  // shared server.)
  let bytes = 0;
  for (const table of ['results', 'result_chunks']) {
    await sql`drop table if exists ${sql.raw(`live_${table}`)}`.execute(store.db);
    await sql`create table ${sql.raw(`live_${table}`)} (like ${sql.raw(table)} including all)`.execute(store.db);
    await sql`insert into ${sql.raw(`live_${table}`)} overriding system value select * from ${sql.raw(table)}`.execute(store.db);
    const { rows } = await sql<{ bytes: string }>`select pg_total_relation_size(${`live_${table}`}) as bytes`.execute(store.db);
    bytes += Number(rows[0]?.bytes ?? 0);
    await sql`drop table ${sql.raw(`live_${table}`)}`.execute(store.db);
  }
  return bytes;
}

async function historyLatency(store: Store, o: Options, start: number): Promise<{ latest: number[]; chart: number[] }> {
  const bus = new Bus();
  const logger = pino({ level: 'silent' });
  const engine = new Engine(store, bus, logger, { batch: { size: 500, intervalMs: 1000 }, shutdownGraceMs: 1000 });
  await engine.start([]);
  const app = await buildServer({ store, control: engine, bus, metrics: { registry: engine.metrics.registry }, logger, version: 'bench' });
  const token = generateToken();
  await store.tokens.create({ id: `bench-${randomBytes(3).toString('hex')}`, name: `bench-${randomBytes(3).toString('hex')}`, role: 'viewer', tokenHash: hashToken(token) }, Date.now());
  const headers = { authorization: `Bearer ${token}` };
  const latest: number[] = [];
  const chart: number[] = [];
  const rand = prng(7);
  const from = new Date(start + Math.floor(o.hours / 2) * HOUR).toISOString();
  const to = new Date(start + Math.floor(o.hours / 2) * HOUR + HOUR).toISOString();
  try {
    for (let i = 0; i < 300; i++) {
      const id = `m-${Math.floor(rand() * o.monitors)}`;
      let t = performance.now();
      const a = await app.inject({ method: 'GET', url: `/api/v1/monitors/${id}/results?limit=100`, headers });
      latest.push(performance.now() - t);
      t = performance.now();
      const b = await app.inject({ method: 'GET', url: `/api/v1/monitors/${id}/results?from=${from}&to=${to}&limit=1000`, headers });
      chart.push(performance.now() - t);
      if (a.statusCode !== 200 || b.statusCode !== 200) throw new Error(`history answered ${a.statusCode}/${b.statusCode}: ${a.body}`);
    }
  } finally {
    await app.close();
    await engine.stop();
  }
  return { latest, chart };
}

/** What other encodings of the same chunks would take: the plain varints, and JSON rows deflated. */
async function alternatives(store: Store): Promise<{ plain: number; deflated: number; jsonDeflated: number; results: number }> {
  const chunks = await store.db.selectFrom('result_chunks').select(['monitor_id', 'location', 'data', 'count']).limit(2000).execute();
  const out = { plain: 0, deflated: 0, jsonDeflated: 0, results: 0 };
  for (const c of chunks) {
    out.deflated += c.data.length;
    out.plain += c.data[0] === 1 ? inflateRawSync(c.data.subarray(1)).length + 1 : c.data.length;
    out.jsonDeflated += deflateRawSync(Buffer.from(JSON.stringify(chunkResults(c).map((r) => [r.id, r.at, r.latencyMs, r.message, r.timings])))).length;
    out.results += c.count;
  }
  return out;
}

const fmt = (n: number, d = 1) => n.toFixed(d);
const med = (xs: number[]) => fmt(quantile(xs, 0.5), 2);

async function runOne(o: Options, db: 'sqlite' | 'postgres'): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-storage-'));
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const store = await openStore(db === 'postgres' ? { url: PG_URL, pgSchema: schema, secretKeyFile: join(dir, 'secret.key') } : { sqlitePath: join(dir, 'vigie.db') });
  try {
    await store.migrate();
    for (let m = 0; m < o.monitors; m++) await store.monitors.upsert({ id: `m-${m}`, name: `m-${m}`, type: 'http', source: 'api', input: { id: `m-${m}`, http: { url: `https://m${m}.example.test/` } }, tags: [], paused: true }, 0);
    const start = Math.floor(Date.now() / HOUR) * HOUR - (o.hours + 1) * HOUR;
    const writer = new ResultWriter(store, { size: 500, intervalMs: 1000 }, pino({ level: 'silent' }));
    const rand = prng(42);
    const intervalMs = o.intervalS * 1000;
    const ticks = (o.hours * HOUR) / intervalMs;
    let checks = 0;
    const t0 = performance.now();
    for (let k = 0; k < ticks; k++) {
      // Monitors spread over the interval, each with a few ms of scheduling jitter.
      for (let m = 0; m < o.monitors; m++) {
        writer.add(check(m, start + k * intervalMs + Math.floor((m * intervalMs) / o.monitors) + Math.floor(rand() * 15), rand, o.failures), `m-${m}`);
        checks++;
      }
      await writer.flush();
    }
    const writeS = (performance.now() - t0) / 1000;
    const rowsBytes = await liveBytes(store);
    const before = await historyLatency(store, o, start);

    const t1 = performance.now();
    let folded = 0;
    let chunkRows = 0;
    for (let h = 0; h < o.hours; h++) {
      const done = await store.results.compactHour(start + h * HOUR);
      folded += done.results;
      chunkRows += done.chunks;
    }
    const compactS = (performance.now() - t1) / 1000;
    const chunkBytes = await liveBytes(store);
    const after = await historyLatency(store, o, start);
    const alt = await alternatives(store);
    if ((await store.results.count()) !== checks) throw new Error(`compaction lost results: ${await store.results.count()} of ${checks}`);

    const perCheckRows = rowsBytes / checks;
    const perCheck = chunkBytes / checks;
    // Steady state over the 14-day raw retention: the compacted history plus about one hour
    // (and the settling margin) of results still held as rows.
    const retentionChecks = (14 * 24 * HOUR * o.monitors) / intervalMs;
    const windowChecks = (1.2 * HOUR * o.monitors) / intervalMs;
    const steady = (perCheck * retentionChecks + perCheckRows * windowChecks) / retentionChecks;
    const tag = `[storage/${db}]`;
    const lines = [
      `${tag} ${o.monitors} monitors × ${o.hours} h at ${o.intervalS} s = ${checks} checks (${fmt(o.failures * 100)} % failures), written through ResultWriter in ${fmt(writeS)} s`,
      `${tag} before (every result a row): ${fmt(perCheckRows)} bytes per check (${fmt(rowsBytes / 2 ** 20)} MiB live)`,
      `${tag} after compaction: ${fmt(perCheck)} bytes per check (${fmt(chunkBytes / 2 ** 20)} MiB live; ${folded} results folded into ${chunkRows} chunks in ${fmt(compactS)} s, ${fmt((compactS * 1e6) / folded, 2)} µs per result); steady state over 14 days incl. the last ~1.2 h as rows: ${fmt(steady)} bytes per check`,
      `${tag} chunk data alone: ${fmt(alt.deflated / alt.results, 2)} bytes per result (plain varints ${fmt(alt.plain / alt.results, 2)}, JSON rows deflated ${fmt(alt.jsonDeflated / alt.results, 2)})`,
      `${tag} history latest 100, median ms: before ${med(before.latest)}, after ${med(after.latest)} (p95 ${fmt(quantile(before.latest, 0.95), 2)} → ${fmt(quantile(after.latest, 0.95), 2)})`,
      `${tag} history one hour (chart, ~${HOUR / intervalMs} results), median ms: before ${med(before.chart)}, after ${med(after.chart)} (p95 ${fmt(quantile(before.chart, 0.95), 2)} → ${fmt(quantile(after.chart, 0.95), 2)})`,
    ];
    for (const l of lines) process.stdout.write(`${l}\n`);
    return lines;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    if (db === 'postgres') {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    }
  }
}

export async function runBench(args: string[]): Promise<void> {
  const o = parseArgs(args);
  const lines: string[] = [];
  for (const db of o.dbs) lines.push(...(await runOne(o, db)));
  appendReport(`storage — ${o.monitors} monitors × ${o.hours} h at ${o.intervalS}s`, lines);
}
