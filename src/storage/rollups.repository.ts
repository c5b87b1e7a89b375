/**
 * @module Hourly rollups: computed from raw results (read through the results repository, which
 * merges rows and chunks) in chunks of monitors (memory stays bounded with many monitors),
 * upserted idempotently, and combined with raw results for uptime.
 */
import type { Kysely, Selectable } from 'kysely';
import { chunks, yieldToEventLoop } from './chunks.js';
import { summarize, type RollupSample } from './rollup-math.js';
import type { ResultRepository, ResultSample, Rollup, RollupRepository, StatusCounts, Uptime } from './store.js';
import type { Database, RollupsHourlyTable } from './tables.js';

export const HOUR_MS = 3_600_000;
/**
 * Monitors per chunk: 50 monitors × 120 results an hour is 6,000 small rows, read through the
 * (monitor_id, at) index in a few tens of ms, so the event loop is never blocked for long.
 */
const MONITOR_CHUNK = 50;
/** Rollup rows per multi-row upsert (13 parameters each). */
const UPSERT_CHUNK = 500;

function toRollup(row: Selectable<RollupsHourlyTable>): Rollup {
  return {
    monitorId: row.monitor_id,
    location: row.location,
    hour: row.hour,
    count: row.count,
    up: row.up,
    degraded: row.degraded,
    down: row.down,
    unknown: row.unknown,
    latencyMin: row.latency_min,
    latencyAvg: row.latency_avg,
    latencyP95: row.latency_p95,
    latencyMax: row.latency_max,
  };
}

/** Groups a chunk's results by monitor and location and computes each group's figures. */
function rollupRows(results: ResultSample[], hour: number) {
  const groups = new Map<string, { monitorId: string; location: string; samples: RollupSample[] }>();
  for (const r of results) {
    const key = JSON.stringify([r.monitorId, r.location]);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { monitorId: r.monitorId, location: r.location, samples: [] }));
    group.samples.push({ status: r.status, latencyMs: r.latencyMs });
  }
  return [...groups.values()].map((g) => {
    const f = summarize(g.samples);
    return {
      monitor_id: g.monitorId,
      location: g.location,
      hour,
      count: f.count,
      up: f.up,
      degraded: f.degraded,
      down: f.down,
      unknown: f.unknown,
      latency_min: f.latencyMin,
      latency_avg: f.latencyAvg,
      latency_p95: f.latencyP95,
      latency_max: f.latencyMax,
    };
  });
}

const UPDATED = ['count', 'up', 'degraded', 'down', 'unknown', 'latency_min', 'latency_avg', 'latency_p95', 'latency_max'] as const;

async function upsertRollups(db: Kysely<Database>, rows: ReturnType<typeof rollupRows>): Promise<void> {
  if (rows.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (const chunk of chunks(rows, UPSERT_CHUNK)) {
      await trx
        .insertInto('rollups_hourly')
        .values(chunk)
        .onConflict((oc) => oc.columns(['monitor_id', 'location', 'hour']).doUpdateSet((eb) => Object.fromEntries(UPDATED.map((c) => [c, eb.ref(`excluded.${c}`)]))))
        .execute();
    }
  });
}

type Counts = StatusCounts;

/** Adds status counts into an accumulator. */
function add(total: Counts, counts: Counts): void {
  total.count += counts.count;
  total.up += counts.up;
  total.degraded += counts.degraded;
  total.down += counts.down;
  total.unknown += counts.unknown;
}

/** The rollups repository over a Kysely database, reading raw results through `results`. */
export function rollupsRepository(db: Kysely<Database>, results: ResultRepository): RollupRepository {
  async function rawCounts(monitorId: string, ranges: Array<[number, number]>): Promise<Counts> {
    return (await results.countByStatus([monitorId], ranges)).get(monitorId) ?? { count: 0, up: 0, degraded: 0, down: 0, unknown: 0 };
  }

  async function list(monitorId: string, from: number, to: number): Promise<Rollup[]> {
    const rows = await db
      .selectFrom('rollups_hourly')
      .selectAll()
      .where('monitor_id', '=', monitorId)
      .where('hour', '>=', from)
      .where('hour', '<', to)
      .orderBy('hour')
      .orderBy('location')
      .execute();
    return rows.map(toRollup);
  }

  return {
    list,

    async rollupHour(hourStart) {
      if (hourStart % HOUR_MS !== 0) throw new RangeError(`rollupHour needs the start of an hour (a multiple of ${HOUR_MS} ms), got ${hourStart}.`);
      const end = hourStart + HOUR_MS;
      // Every monitor, deleted ones included (results reference monitors): scanning this small
      // table is far cheaper than a DISTINCT over an hour of results.
      const monitors = await db.selectFrom('monitors').select('id').orderBy('id').execute();
      let written = 0;
      for (const chunk of chunks(monitors.map((m) => m.id), MONITOR_CHUNK)) {
        const rows = rollupRows(await results.samples(chunk, hourStart, end), hourStart);
        await upsertRollups(db, rows);
        written += rows.length;
        await yieldToEventLoop();
      }
      return written;
    },

    async uptime(monitorId, from, to): Promise<Uptime> {
      const firstHour = Math.ceil(from / HOUR_MS) * HOUR_MS;
      const lastHourEnd = Math.floor(to / HOUR_MS) * HOUR_MS;
      const total: Counts = { count: 0, up: 0, degraded: 0, down: 0, unknown: 0 };
      let rawRanges: Array<[number, number]> = [[from, to]];
      if (firstHour < lastHourEnd) {
        const rollups = await list(monitorId, firstHour, lastHourEnd);
        for (const r of rollups) add(total, r);
        // Whole hours after the last rolled-up one are not rolled up yet: read them raw.
        const covered = rollups.reduce((end, r) => Math.max(end, r.hour + HOUR_MS), firstHour);
        rawRanges = [[from, firstHour], [covered, to]];
      }
      add(total, await rawCounts(monitorId, rawRanges));
      const known = total.count - total.unknown;
      return {
        ratio: known > 0 ? (total.up + total.degraded) / known : null,
        count: total.count,
        down: total.down,
        degraded: total.degraded,
        unknown: total.unknown,
      };
    },

    async prune(before) {
      const result = await db.deleteFrom('rollups_hourly').where('hour', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
