/**
 * @module Pushed data of passive monitors: heartbeats, boots and traffic counts (one row per
 * bucket and counter name; a push overwrites the counters it names, so retries are harmless),
 * with hourly sums of the counts for long-range charts. Only queries live here.
 */
import type { Generated, Kysely, Selectable } from 'kysely';
import type { BootRecord, PassiveReader, PushedHeartbeat, TrafficBucket } from '../checks/passive-reader.js';
import { chunks } from './chunks.js';
import type { Database } from './tables.js';

const HOUR_MS = 3_600_000;
/** Rows per multi-row upsert (5 parameters each). */
const UPSERT_CHUNK = 500;
/** Rows per multi-row insert of heartbeats (7 parameters each) or boots. */
const INSERT_CHUNK = 500;

type HeartbeatsTable = {
  id: Generated<number>;
  monitor_id: string;
  at: number;
  status: string;
  message: string | null;
  boot_id: string | null;
  uptime_s: number | null;
  value: number | null;
};

type BootsTable = {
  id: Generated<number>;
  monitor_id: string;
  at: number;
  boot_id: string | null;
  previous_boot_id: string | null;
};

type TrafficCountsTable = {
  monitor_id: string;
  bucket_start: number;
  bucket_seconds: number;
  counter: string;
  value: number;
};

type TrafficHourlyTable = {
  monitor_id: string;
  hour: number;
  counter: string;
  value: number;
  buckets: number;
};

/** The tables of migration `0002-passive`, as Kysely sees them. */
export type PassiveTables = {
  heartbeats: HeartbeatsTable;
  boots: BootsTable;
  traffic_counts: TrafficCountsTable;
  traffic_hourly: TrafficHourlyTable;
};

/** Hourly sums of one monitor's counters. */
export interface TrafficHour {
  hour: number;
  counts: Record<string, number>;
  /** How many buckets were summed. */
  buckets: number;
}

/** How much pruning removed, per table. */
export interface PassivePruned {
  heartbeats: number;
  boots: number;
  trafficCounts: number;
  trafficHourly: number;
}

/** Pushed data of many monitors, written together (see `insertPushed`). */
export interface PushedRows {
  heartbeats: ReadonlyArray<{ monitorId: string; heartbeat: PushedHeartbeat }>;
  boots: ReadonlyArray<{ monitorId: string; boot: BootRecord }>;
  /** Counter values by bucket; a later row for the same monitor, bucket and counter wins. */
  traffic: ReadonlyArray<{ monitorId: string; buckets: readonly TrafficBucket[] }>;
}

/** Storage of pushed data; also the {@link PassiveReader} handed to passive checks. */
export interface PassiveRepository extends PassiveReader {
  insertHeartbeat(monitorId: string, heartbeat: PushedHeartbeat): Promise<void>;
  insertBoot(monitorId: string, boot: BootRecord): Promise<void>;
  /** Writes the heartbeats, boots and counts of many pushes in one transaction, with multi-row statements. */
  insertPushed(rows: PushedRows): Promise<void>;
  /** Sets the named counters of each bucket (other counters of the bucket are kept). */
  upsertTraffic(monitorId: string, buckets: readonly TrafficBucket[]): Promise<void>;
  /** Sums the counts of every bucket in [hourStart, hourStart + 1 h) per monitor and counter. Idempotent. */
  rollupTrafficHour(hourStart: number): Promise<number>;
  trafficHours(monitorId: string, from: number, to: number): Promise<TrafficHour[]>;
  /**
   * Deletes heartbeats and boots older than `rawBefore` (except the newest heartbeat and the
   * newest boot of each monitor, which judging and reboot detection need however old), traffic buckets older than
   * `trafficBefore` (kept longer: the weekly baseline reads past weeks) and hourly sums older
   * than `hourlyBefore`, at most `batch` rows of each raw table per call.
   */
  prune(cutoffs: { rawBefore: number; trafficBefore: number; hourlyBefore: number }, batch: number): Promise<PassivePruned>;
}

type Db = Kysely<PassiveTables>;

function toHeartbeat(row: Selectable<HeartbeatsTable>): PushedHeartbeat {
  return {
    at: row.at,
    status: row.status === 'down' ? 'down' : 'up',
    message: row.message,
    bootId: row.boot_id,
    uptimeS: row.uptime_s,
    value: row.value,
  };
}

function toBoot(row: Selectable<BootsTable>): BootRecord {
  return { at: row.at, bootId: row.boot_id, previousBootId: row.previous_boot_id };
}

/** Groups counter rows into buckets, oldest first. */
function toBuckets(rows: Array<Selectable<TrafficCountsTable>>): TrafficBucket[] {
  const byStart = new Map<number, TrafficBucket>();
  for (const row of rows) {
    let bucket = byStart.get(row.bucket_start);
    if (!bucket) byStart.set(row.bucket_start, (bucket = { start: row.bucket_start, seconds: row.bucket_seconds, counts: {} }));
    bucket.counts[row.counter] = row.value;
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

/** Ids of at most `batch` rows older than `before`, leaving out each monitor's newest row. */
function olderThanNewest(db: Db, table: 'heartbeats' | 'boots', before: number, batch: number) {
  // Both tables have the id, monitor_id and at used here: typed as heartbeats.
  return db
    .selectFrom(`${table} as old` as 'heartbeats as old')
    .select('old.id')
    .where('old.at', '<', before)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom(`${table} as newer` as 'heartbeats as newer')
          .select('newer.id')
          .whereRef('newer.monitor_id', '=', 'old.monitor_id')
          .where((n) => n.or([n('newer.at', '>', n.ref('old.at')), n.and([n('newer.at', '=', n.ref('old.at')), n('newer.id', '>', n.ref('old.id'))])])),
      ),
    )
    .orderBy('old.at')
    .limit(batch);
}

/** The passive repository over a Kysely database. */
export function passiveRepository(database: Kysely<Database>): PassiveRepository {
  const db: Db = database.withTables<PassiveTables>() as unknown as Db;
  const repository: PassiveRepository = {
    async insertHeartbeat(monitorId, hb) {
      await db
        .insertInto('heartbeats')
        .values({ monitor_id: monitorId, at: hb.at, status: hb.status, message: hb.message, boot_id: hb.bootId, uptime_s: hb.uptimeS, value: hb.value })
        .execute();
    },

    async insertPushed({ heartbeats, boots, traffic }) {
      const counts = new Map<string, Selectable<TrafficCountsTable>>();
      for (const { monitorId, buckets } of traffic) {
        for (const b of buckets) {
          for (const [counter, value] of Object.entries(b.counts)) {
            // One row per key in a statement: PostgreSQL refuses to update a row twice in one upsert.
            counts.set(`${monitorId}\u0000${b.start}\u0000${counter}`, { monitor_id: monitorId, bucket_start: b.start, bucket_seconds: b.seconds, counter, value });
          }
        }
      }
      if (heartbeats.length === 0 && boots.length === 0 && counts.size === 0) return;
      await db.transaction().execute(async (trx) => {
        for (const chunk of chunks(heartbeats, INSERT_CHUNK)) {
          await trx
            .insertInto('heartbeats')
            .values(chunk.map(({ monitorId, heartbeat: hb }) => ({ monitor_id: monitorId, at: hb.at, status: hb.status, message: hb.message, boot_id: hb.bootId, uptime_s: hb.uptimeS, value: hb.value })))
            .execute();
        }
        for (const chunk of chunks(boots, INSERT_CHUNK)) {
          await trx.insertInto('boots').values(chunk.map(({ monitorId, boot }) => ({ monitor_id: monitorId, at: boot.at, boot_id: boot.bootId, previous_boot_id: boot.previousBootId }))).execute();
        }
        for (const chunk of chunks([...counts.values()], UPSERT_CHUNK)) {
          await trx
            .insertInto('traffic_counts')
            .values(chunk)
            .onConflict((oc) =>
              oc.columns(['monitor_id', 'bucket_start', 'counter']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), bucket_seconds: eb.ref('excluded.bucket_seconds') })),
            )
            .execute();
        }
      });
    },

    async lastHeartbeat(monitorId, opts = {}) {
      let query = db.selectFrom('heartbeats').selectAll().where('monitor_id', '=', monitorId);
      if (opts.withBootInfo) query = query.where((eb) => eb.or([eb('boot_id', 'is not', null), eb('uptime_s', 'is not', null)]));
      const row = await query.orderBy('at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
      return row ? toHeartbeat(row) : undefined;
    },

    async insertBoot(monitorId, boot) {
      await db.insertInto('boots').values({ monitor_id: monitorId, at: boot.at, boot_id: boot.bootId, previous_boot_id: boot.previousBootId }).execute();
    },

    async bootsSince(monitorId, since) {
      const rows = await db.selectFrom('boots').selectAll().where('monitor_id', '=', monitorId).where('at', '>=', since).orderBy('at').orderBy('id').execute();
      return rows.map(toBoot);
    },

    async lastBoot(monitorId) {
      const row = await db.selectFrom('boots').selectAll().where('monitor_id', '=', monitorId).orderBy('at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
      return row ? toBoot(row) : undefined;
    },

    upsertTraffic(monitorId, buckets) {
      return repository.insertPushed({ heartbeats: [], boots: [], traffic: [{ monitorId, buckets }] });
    },

    async trafficBuckets(monitorId, from, to) {
      const rows = await db
        .selectFrom('traffic_counts')
        .selectAll()
        .where('monitor_id', '=', monitorId)
        .where('bucket_start', '>=', from)
        .where('bucket_start', '<', to)
        .orderBy('bucket_start')
        .execute();
      return toBuckets(rows);
    },

    async trafficBucketsAt(monitorId, starts) {
      if (starts.length === 0) return [];
      const rows = await db.selectFrom('traffic_counts').selectAll().where('monitor_id', '=', monitorId).where('bucket_start', 'in', [...starts]).execute();
      return toBuckets(rows);
    },

    async lastTrafficBucketStart(monitorId) {
      const row = await db
        .selectFrom('traffic_counts')
        .select('bucket_start')
        .where('monitor_id', '=', monitorId)
        .orderBy('bucket_start', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row?.bucket_start;
    },

    async rollupTrafficHour(hourStart) {
      const sums = await db
        .selectFrom('traffic_counts')
        .select((eb) => ['monitor_id', 'counter', eb.fn.sum<number>('value').as('value'), eb.fn.countAll<number>().as('buckets')])
        .where('bucket_start', '>=', hourStart)
        .where('bucket_start', '<', hourStart + HOUR_MS)
        .groupBy(['monitor_id', 'counter'])
        .execute();
      const rows = sums.map((s) => ({ monitor_id: s.monitor_id, hour: hourStart, counter: s.counter, value: Number(s.value), buckets: Number(s.buckets) }));
      if (rows.length === 0) return 0;
      await db.transaction().execute(async (trx) => {
        for (const chunk of chunks(rows, UPSERT_CHUNK)) {
          await trx
            .insertInto('traffic_hourly')
            .values(chunk)
            .onConflict((oc) => oc.columns(['monitor_id', 'hour', 'counter']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), buckets: eb.ref('excluded.buckets') })))
            .execute();
        }
      });
      return rows.length;
    },

    async trafficHours(monitorId, from, to) {
      const rows = await db
        .selectFrom('traffic_hourly')
        .selectAll()
        .where('monitor_id', '=', monitorId)
        .where('hour', '>=', from)
        .where('hour', '<', to)
        .orderBy('hour')
        .execute();
      const byHour = new Map<number, TrafficHour>();
      for (const row of rows) {
        let hour = byHour.get(row.hour);
        if (!hour) byHour.set(row.hour, (hour = { hour: row.hour, counts: {}, buckets: 0 }));
        hour.counts[row.counter] = row.value;
        hour.buckets = Math.max(hour.buckets, row.buckets);
      }
      return [...byHour.values()];
    },

    async prune(cutoffs, batch) {
      if (batch < 1) return { heartbeats: 0, boots: 0, trafficCounts: 0, trafficHourly: 0 };
      // The newest heartbeat and the newest boot of a monitor are kept however old: a server up
      // for longer than the retention (30 days before a Patch Tuesday) must still have its first
      // reboot reported, and one silent for longer stays "down: no heartbeat since …" instead of
      // turning "unknown: no heartbeat received yet".
      const heartbeats = await db.deleteFrom('heartbeats').where('id', 'in', olderThanNewest(db, 'heartbeats', cutoffs.rawBefore, batch)).executeTakeFirst();
      const boots = await db.deleteFrom('boots').where('id', 'in', olderThanNewest(db, 'boots', cutoffs.rawBefore, batch)).executeTakeFirst();
      const oldStarts = db
        .selectFrom('traffic_counts')
        .select('bucket_start')
        .distinct()
        .where('bucket_start', '<', cutoffs.trafficBefore)
        .orderBy('bucket_start')
        .limit(batch);
      const trafficCounts = await db.deleteFrom('traffic_counts').where('bucket_start', 'in', oldStarts).executeTakeFirst();
      const trafficHourly = await db.deleteFrom('traffic_hourly').where('hour', '<', cutoffs.hourlyBefore).executeTakeFirst();
      return {
        heartbeats: Number(heartbeats.numDeletedRows),
        boots: Number(boots.numDeletedRows),
        trafficCounts: Number(trafficCounts.numDeletedRows),
        trafficHourly: Number(trafficHourly.numDeletedRows),
      };
    },
  };
  return repository;
}
