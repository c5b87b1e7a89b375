/**
 * @module The queries status pages need, batched over every component of every page: a handful
 * of queries per build whatever the number of monitors, never one per monitor per request. Only
 * queries live here (the storage repositories answer one service or monitor at a time); rows are
 * mapped with the storage's own row readers.
 */
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Incident, TimelineEntry, TimelineKind } from '../incidents/incident.types.js';
import { INCIDENT_STATUSES } from '../incidents/incident.types.js';
import type { MonitorStateName } from '../core/states.js';
import { chunks } from '../storage/chunks.js';
import { rowToIncident, rowToTimeline, type IncidentTables } from '../storage/incident-rows.js';
import type { ResultRepository } from '../storage/store.js';
import type { Database } from '../storage/tables.js';
import type { ServiceStateSpan } from '../services/service-uptime.js';
import type { CountBucket } from './uptime-days.js';

type Db = Kysely<Database & IncidentTables>;

/** Ids per `in (…)` list: well under both dialects' parameter limits. */
const IN_CHUNK = 500;
const HOUR_MS = 3_600_000;
const LIVE_STATUSES = INCIDENT_STATUSES.filter((s) => s !== 'resolved');

/** A monitor's stored state, as much as a page shows. */
export interface MonitorStateRead {
  state: MonitorStateName;
  since: number | null;
  lastMessage: string | null;
}

/** The batched reads of status pages over one database. */
export class SnapshotReads {
  private readonly db: Db;

  constructor(
    database: Kysely<Database>,
    private readonly results: ResultRepository,
  ) {
    this.db = database.withTables<IncidentTables>() as unknown as Db;
  }

  /** The stored states of these monitors (missing: never evaluated). */
  async monitorStates(ids: readonly string[]): Promise<Map<string, MonitorStateRead>> {
    const out = new Map<string, MonitorStateRead>();
    for (const chunk of chunks(ids, IN_CHUNK)) {
      const rows = await this.db.selectFrom('monitor_state').select(['monitor_id', 'state', 'since', 'last_message']).where('monitor_id', 'in', chunk).execute();
      for (const r of rows) out.set(r.monitor_id, { state: r.state as MonitorStateName, since: r.since, lastMessage: r.last_message });
    }
    return out;
  }

  /**
   * The state changes of these services that shaped `[from, to)`, oldest first per service: the
   * last change before `from` (the state in force when the span begins), then every change inside.
   */
  async serviceHistory(ids: readonly string[], from: number, to: number): Promise<Map<string, ServiceStateSpan[]>> {
    const out = new Map<string, ServiceStateSpan[]>(ids.map((id) => [id, []]));
    for (const chunk of chunks(ids, IN_CHUNK)) {
      const lastBefore = this.db
        .selectFrom('service_state_history')
        .select((eb) => ['service_id', eb.fn.max('at').as('at')])
        .where('service_id', 'in', chunk)
        .where('at', '<', from)
        .groupBy('service_id')
        .as('last_before');
      const before = await this.db
        .selectFrom('service_state_history as h')
        .innerJoin(lastBefore, (join) => join.onRef('h.service_id', '=', 'last_before.service_id').onRef('h.at', '=', 'last_before.at'))
        .select(['h.id', 'h.service_id', 'h.at', 'h.to_state'])
        .orderBy('h.id')
        .execute();
      const inside = await this.db
        .selectFrom('service_state_history')
        .select(['id', 'service_id', 'at', 'to_state'])
        .where('service_id', 'in', chunk)
        .where('at', '>=', from)
        .where('at', '<', to)
        .orderBy('service_id')
        .orderBy('at')
        .orderBy('id')
        .execute();
      // Several changes may share the last instant before `from`: the latest written holds.
      const first = new Map<string, ServiceStateSpan>();
      for (const r of before) first.set(r.service_id, { at: r.at, toState: r.to_state });
      for (const [id, span] of first) out.get(id)!.push(span);
      for (const r of inside) out.get(r.service_id)!.push({ at: r.at, toState: r.to_state });
    }
    return out;
  }

  /**
   * Hourly status counts of these monitors over `[from, to)` (locations summed), and the end of
   * the latest hour rolled up (null when none is).
   */
  async hourlyCounts(ids: readonly string[], from: number, to: number): Promise<{ buckets: Map<string, CountBucket[]>; rolledUntil: number | null }> {
    const buckets = new Map<string, CountBucket[]>();
    let rolledUntil: number | null = null;
    for (const chunk of chunks(ids, IN_CHUNK)) {
      const rows = await this.db
        .selectFrom('rollups_hourly')
        .select((eb) => [
          'monitor_id',
          'hour',
          eb.fn.sum<number>('count').as('count'),
          eb.fn.sum<number>('up').as('up'),
          eb.fn.sum<number>('degraded').as('degraded'),
          eb.fn.sum<number>('down').as('down'),
          eb.fn.sum<number>('unknown').as('unknown'),
        ])
        .where('monitor_id', 'in', chunk)
        .where('hour', '>=', from)
        .where('hour', '<', to)
        .groupBy(['monitor_id', 'hour'])
        .execute();
      for (const r of rows) {
        let list = buckets.get(r.monitor_id);
        if (!list) buckets.set(r.monitor_id, (list = []));
        list.push({ at: r.hour, ms: HOUR_MS, count: Number(r.count), up: Number(r.up), degraded: Number(r.degraded), down: Number(r.down), unknown: Number(r.unknown) });
        rolledUntil = Math.max(rolledUntil ?? 0, r.hour + HOUR_MS);
      }
    }
    return { buckets, rolledUntil };
  }

  /** Raw result counts of these monitors over `[from, to)`, as one bucket per monitor that has results. */
  async rawCounts(ids: readonly string[], from: number, to: number): Promise<Map<string, CountBucket>> {
    const out = new Map<string, CountBucket>();
    for (const [id, counts] of await this.results.countByStatus(ids, [[from, to]])) out.set(id, { at: from, ms: to - from, ...counts });
    return out;
  }

  /**
   * Incidents not resolved, and those resolved at or after `since`, about these services or
   * folding in these services or monitors. The match on `affected` is a LIKE pre-filter (`_` and
   * case may match more): callers keep only the incidents that really touch their components.
   */
  async incidents(since: number, refs: { services: readonly string[]; monitors: readonly string[] }): Promise<Incident[]> {
    const patterns = [...refs.services.map((id) => `service:${id}`), ...refs.monitors.map((id) => `monitor:${id}`)].map((r) => `%${JSON.stringify(r)}%`);
    const found = new Map<number, Incident>();
    for (const chunk of chunks(patterns.length > 0 ? patterns : [''], IN_CHUNK / 5)) {
      const rows = await this.db
        .selectFrom('incidents')
        .selectAll()
        .where((eb) => eb.or([eb('status', 'in', LIVE_STATUSES), eb.and([eb('status', '=', 'resolved'), eb('resolved_at', '>=', since)])]))
        .where((eb) =>
          eb.or([
            ...(refs.services.length > 0 ? [eb('service_id', 'in', [...refs.services])] : []),
            ...chunk.filter((p) => p !== '').map((p) => eb('affected', 'like', p)),
            sql<SqlBool>`1 = 0`,
          ]),
        )
        .orderBy('id')
        .execute();
      for (const row of rows) if (!found.has(row.id)) found.set(row.id, rowToIncident(row));
    }
    return [...found.values()].sort((a, b) => a.id - b.id);
  }

  /** The timeline entries of these kinds of these incidents, oldest first per incident. */
  async timelines(incidentIds: readonly number[], kinds: readonly TimelineKind[]): Promise<Map<number, TimelineEntry[]>> {
    const out = new Map<number, TimelineEntry[]>(incidentIds.map((id) => [id, []]));
    for (const chunk of chunks(incidentIds, IN_CHUNK)) {
      const rows = await this.db
        .selectFrom('incident_events')
        .selectAll()
        .where('incident_id', 'in', chunk)
        .where('kind', 'in', [...kinds])
        .orderBy('incident_id')
        .orderBy('at')
        .orderBy('id')
        .execute();
      for (const r of rows) out.get(r.incident_id)!.push(rowToTimeline(r));
    }
    return out;
  }

  /**
   * A cheap mark of what other processes change (an update written with the CLI, a service state
   * written by another server): it differs after any new timeline entry, service state change or
   * API maintenance window change. With `transitions`, any monitor state change too.
   */
  async changeMark(transitions: boolean): Promise<string> {
    const events = await this.db.selectFrom('incident_events').select((eb) => eb.fn.max('id').as('n')).executeTakeFirst();
    const services = await this.db.selectFrom('service_state_history').select((eb) => eb.fn.max('id').as('n')).executeTakeFirst();
    const windows = await this.db.selectFrom('maintenance_windows').select((eb) => [eb.fn.max('updated_at').as('n'), eb.fn.countAll().as('c')]).executeTakeFirst();
    const moved = transitions ? await this.db.selectFrom('transitions').select((eb) => eb.fn.max('id').as('n')).executeTakeFirst() : undefined;
    return [events?.n, services?.n, windows?.n, windows?.c, moved?.n].map((v) => String(v ?? '')).join(':');
  }
}
