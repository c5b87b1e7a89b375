/**
 * @module Services' stored states, incidents, their timelines and API maintenance windows (the
 * tables of migration `0003-incidents`). Only queries live here; rows are mapped in
 * `incident-rows.ts`.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { INCIDENT_STATUSES, type Incident, type IncidentDraft, type IncidentPatch, type IncidentSeverity, type IncidentStatus, type TimelineDraft, type TimelineEntry } from '../incidents/incident.types.js';
import type { MonitorStateName } from '../core/states.js';
import type { DialectSql } from './dialect-sql.js';
import { incidentPatchToRow, incidentToRow, rowToIncident, rowToServiceState, rowToTimeline, rowToWindow, type IncidentTables } from './incident-rows.js';
import type { Page, ResultRepository, TransitionRepository } from './store.js';
import { resultsRepository } from './results.repository.js';
import type { Database } from './tables.js';
import { transitionsRepository } from './transitions.repository.js';

/** Every status but `resolved`. */
const LIVE_STATUSES = INCIDENT_STATUSES.filter((s) => s !== 'resolved');

export type { IncidentTables } from './incident-rows.js';

/** A service's stored state. */
export interface StoredServiceState {
  serviceId: string;
  state: string;
  since: number;
  details: Record<string, unknown> | null;
  updatedAt: number;
}

/** One change of a service's state. */
export interface ServiceStateChange {
  id: number;
  serviceId: string;
  at: number;
  fromState: string | null;
  toState: string;
  reason: string;
  details: Record<string, unknown> | null;
}

/** A maintenance window created through the API: its definition as written. */
export interface StoredWindow {
  id: string;
  definition: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

export interface IncidentFilter {
  status?: IncidentStatus[];
  severity?: IncidentSeverity[];
  /** Incidents about this service or folding it in. */
  service?: string;
}

/** A monitor's state as of a transition id. */
export interface MonitorStateAt {
  monitorId: string;
  state: MonitorStateName;
  since: number;
}

/**
 * The incidents, the outbox cursors and the results, bound to one transaction (see
 * `atomically`). Results are read through it too: SQLite has one connection, which the
 * transaction holds until it ends.
 */
export interface IncidentWriteScope {
  incidents: IncidentRepository;
  transitions: Pick<TransitionRepository, 'ack'>;
  results: Pick<ResultRepository, 'list'>;
}

export interface IncidentRepository {
  /**
   * Runs `work` in one transaction over the incidents and the outbox cursors: every write it
   * makes through the scope is kept, or none is (when it throws). The incident engine processes
   * a claimed batch and acknowledges it this way: one commit per batch instead of one per write
   * (each a WAL flush on PostgreSQL), and a crash never keeps half a batch.
   */
  atomically<T>(work: (scope: IncidentWriteScope) => Promise<T>): Promise<T>;
  serviceStates(): Promise<StoredServiceState[]>;
  /** Stores a service's new state and appends the change to its history, in one transaction. */
  setServiceState(change: Omit<ServiceStateChange, 'id'>, now: number): Promise<void>;
  /** Newest first. */
  serviceHistory(serviceId: string, limit: number): Promise<ServiceStateChange[]>;
  /**
   * The changes that shaped `[from, to)`, oldest first: the last change before `from` (the state
   * in force when the span begins), when there is one, then every change inside the span.
   */
  serviceHistoryBetween(serviceId: string, from: number, to: number): Promise<ServiceStateChange[]>;
  create(draft: IncidentDraft, now: number): Promise<Incident>;
  get(id: number): Promise<Incident | undefined>;
  /** Newest first. */
  list(filter: IncidentFilter, page: { limit: number; offset: number }): Promise<Page<Incident>>;
  /** Incidents not resolved, oldest first. */
  active(): Promise<Incident[]>;
  /** Automatic incidents resolved at or after `since`, newest first (candidates for reopening). */
  resolvedSince(since: number): Promise<Incident[]>;
  update(id: number, patch: IncidentPatch, now: number): Promise<Incident | undefined>;
  /** Appends a timeline entry; false when its `dedupKey` was already recorded. */
  addEntry(incidentId: number, entry: TimelineDraft): Promise<boolean>;
  /** Oldest first. */
  timeline(incidentId: number): Promise<TimelineEntry[]>;
  /** Each monitor's state as of the last state transition with an id at most `lastId`. */
  monitorStatesAt(lastId: number): Promise<MonitorStateAt[]>;
  listWindows(): Promise<StoredWindow[]>;
  getWindow(id: string): Promise<StoredWindow | undefined>;
  /** Creates or replaces; returns the stored window. */
  putWindow(id: string, definition: Record<string, unknown>, now: number): Promise<StoredWindow>;
  removeWindow(id: string): Promise<boolean>;
}

type Db = Kysely<Database & IncidentTables>;

/** The incidents repository over a Kysely database. */
export function incidentsRepository(database: Kysely<Database>, dialect: DialectSql): IncidentRepository {
  const db = database.withTables<IncidentTables>() as unknown as Db;
  // Inside `atomically` the repository runs on the transaction: its own multi-statement writes join it.
  const inTransaction = <T>(work: (trx: Transaction<Database & IncidentTables>) => Promise<T>): Promise<T> =>
    db.isTransaction ? work(db as Transaction<Database & IncidentTables>) : db.transaction().execute(work);
  return {
    atomically(work) {
      if (database.isTransaction) throw new Error('incidents.atomically() cannot be nested');
      return database.transaction().execute((trx) => work({ incidents: incidentsRepository(trx, dialect), transitions: transitionsRepository(trx), results: resultsRepository(trx) }));
    },

    async serviceStates() {
      return (await db.selectFrom('service_states').selectAll().orderBy('service_id').execute()).map(rowToServiceState);
    },

    async setServiceState(change, now) {
      const details = change.details === null ? null : JSON.stringify(change.details);
      await inTransaction(async (trx) => {
        await trx
          .insertInto('service_states')
          .values({ service_id: change.serviceId, state: change.toState, since: change.at, details, updated_at: now })
          .onConflict((oc) => oc.column('service_id').doUpdateSet({ state: change.toState, since: change.at, details, updated_at: now }))
          .execute();
        await trx
          .insertInto('service_state_history')
          .values({ service_id: change.serviceId, at: change.at, from_state: change.fromState, to_state: change.toState, reason: change.reason, details })
          .execute();
      });
    },

    async serviceHistory(serviceId, limit) {
      const rows = await db.selectFrom('service_state_history').selectAll().where('service_id', '=', serviceId).orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map(rowToServiceChange);
    },

    async serviceHistoryBetween(serviceId, from, to) {
      const history = db.selectFrom('service_state_history').selectAll().where('service_id', '=', serviceId);
      const before = await history.where('at', '<', from).orderBy('at', 'desc').orderBy('id', 'desc').limit(1).execute();
      const inside = await history.where('at', '>=', from).where('at', '<', to).orderBy('at').orderBy('id').execute();
      return [...before, ...inside].map(rowToServiceChange);
    },

    async create(draft, now) {
      const row = await db.insertInto('incidents').values(incidentToRow(draft, now)).returningAll().executeTakeFirstOrThrow();
      return rowToIncident(row);
    },

    async get(id) {
      const row = await db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? rowToIncident(row) : undefined;
    },

    async list(filter, page) {
      let query = db.selectFrom('incidents');
      if (filter.status?.length) query = query.where('status', 'in', filter.status);
      if (filter.severity?.length) query = query.where('severity', 'in', filter.severity);
      if (filter.service !== undefined) {
        const service = filter.service;
        query = query.where((eb) => eb.or([eb('service_id', '=', service), dialect.contains(eb.ref('affected'), JSON.stringify(`service:${service}`))]));
      }
      const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const rows = await query.selectAll().orderBy('opened_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
      return { items: rows.map(rowToIncident), total: Number(total.n) };
    },

    async active() {
      // `in` rather than `!= 'resolved'`, so the (status, resolved_at) index serves it.
      const rows = await db.selectFrom('incidents').selectAll().where('status', 'in', LIVE_STATUSES).orderBy('id').execute();
      return rows.map(rowToIncident);
    },

    async resolvedSince(since) {
      const rows = await db.selectFrom('incidents').selectAll().where('status', '=', 'resolved').where('source', '=', 'auto').where('resolved_at', '>=', since).orderBy('resolved_at', 'desc').orderBy('id', 'desc').execute();
      return rows.map(rowToIncident);
    },

    async update(id, patch, now) {
      const row = await db.updateTable('incidents').set(incidentPatchToRow(patch, now)).where('id', '=', id).returningAll().executeTakeFirst();
      return row ? rowToIncident(row) : undefined;
    },

    async addEntry(incidentId, entry) {
      const inserted = await db
        .insertInto('incident_events')
        .values({
          incident_id: incidentId,
          at: entry.at,
          kind: entry.kind,
          author: entry.author,
          text: JSON.stringify(entry.text),
          details: entry.details === null ? null : JSON.stringify(entry.details),
          dedup_key: entry.dedupKey ?? null,
        })
        .onConflict((oc) => oc.columns(['incident_id', 'dedup_key']).doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async timeline(incidentId) {
      const rows = await db.selectFrom('incident_events').selectAll().where('incident_id', '=', incidentId).orderBy('at').orderBy('id').execute();
      return rows.map(rowToTimeline);
    },

    async monitorStatesAt(lastId) {
      const latest = db
        .selectFrom('transitions')
        .select((eb) => ['monitor_id', eb.fn.max('id').as('max_id')])
        .where('kind', '=', 'state')
        .where('id', '<=', lastId)
        .groupBy('monitor_id')
        .as('latest');
      const rows = await db
        .selectFrom('transitions')
        .innerJoin(latest, 'latest.max_id', 'transitions.id')
        .select(['transitions.monitor_id', 'transitions.to_state', 'transitions.at'])
        .execute();
      return rows.filter((r) => r.to_state !== null).map((r) => ({ monitorId: r.monitor_id, state: r.to_state as MonitorStateName, since: r.at }));
    },

    async listWindows() {
      return (await db.selectFrom('maintenance_windows').selectAll().orderBy('id').execute()).map(rowToWindow);
    },

    async getWindow(id) {
      const row = await db.selectFrom('maintenance_windows').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? rowToWindow(row) : undefined;
    },

    async putWindow(id, definition, now) {
      const text = JSON.stringify(definition);
      const row = await db
        .insertInto('maintenance_windows')
        .values({ id, definition: text, created_at: now, updated_at: now })
        .onConflict((oc) => oc.column('id').doUpdateSet({ definition: text, updated_at: now }))
        .returningAll()
        .executeTakeFirstOrThrow();
      return rowToWindow(row);
    },

    async removeWindow(id) {
      const result = await db.deleteFrom('maintenance_windows').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}

function rowToServiceChange(row: Selectable<IncidentTables['service_state_history']>): ServiceStateChange {
  return {
    id: row.id,
    serviceId: row.service_id,
    at: row.at,
    fromState: row.from_state,
    toState: row.to_state,
    reason: row.reason,
    details: row.details === null ? null : (JSON.parse(row.details) as Record<string, unknown>),
  };
}
