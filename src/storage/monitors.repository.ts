/**
 * @module Monitors: stored definitions, soft-deleted to keep their history, listed with filters.
 * The secrets of a definition are sealed when written and opened when read, push tokens hashed
 * first (`src/secrets/`).
 */
import { type Expression, type Kysely, type Selectable, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { z } from 'zod';
import type { Keyring } from '../secrets/secret-key.js';
import { hashPushTokens, hasPushToken } from '../secrets/push-token.js';
import { openInput, resealInput, sealInput, SecretPathError, unreadableSecretAdvice } from '../secrets/seal-input.js';
import { chunks } from './chunks.js';
import type { DialectSql } from './dialect-sql.js';
import { jsonObjectSchema, parseJsonColumn, tagsSchema } from './json-columns.js';
import { parseEnum, rowToState, stateSchema, statusSchema } from './state-row.js';
import type { MonitorFilter, MonitorPageStart, MonitorRecord, MonitorRepository, MonitorSource, MonitorSummary, MonitorWithState } from './store.js';
import type { Database, MonitorStateTable, MonitorsTable } from './tables.js';

const sourceSchema = z.enum(['file', 'api']);

/** Monitors per multi-row statement (10 columns each: far below both dialects' parameter limits). */
const UPSERT_ROWS = 500;

/** Secrets of monitors that no loaded key opens: names the monitors, the first value and what to do. */
export class MonitorSecretError extends Error {
  constructor(
    readonly monitorIds: string[],
    readonly secret: SecretPathError,
    ring: Keyring,
  ) {
    const [first] = monitorIds;
    const shown = monitorIds.slice(0, 10).map((id) => JSON.stringify(id)).join(', ');
    const more = monitorIds.length > 10 ? ` and ${monitorIds.length - 10} more` : '';
    const what =
      monitorIds.length === 1
        ? `The secret at ${secret.path} of monitor ${shown} cannot be read`
        : `The secrets of ${monitorIds.length} stored monitors (${shown}${more}) cannot be read; the first, at ${secret.path} of ${JSON.stringify(first)}`;
    super(`${what}: ${secret.message}. To fix it, ${unreadableSecretAdvice(secret, ring)}.`);
    this.name = 'MonitorSecretError';
  }
}

function openSecrets(id: string, input: Record<string, unknown>, ring: Keyring): Record<string, unknown> {
  try {
    return openInput(input, ring);
  } catch (error) {
    if (error instanceof SecretPathError) throw new MonitorSecretError([id], error, ring);
    throw error;
  }
}

function toRecord(row: Selectable<MonitorsTable>, ring: Keyring): MonitorRecord {
  const where = { table: 'monitors', key: row.id };
  const source = sourceSchema.safeParse(row.source);
  if (!source.success) throw new Error(`The source column of monitors row ${row.id} holds "${row.source}"; expected "file" or "api".`);
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    source: source.data as MonitorSource,
    input: openSecrets(row.id, parseJsonColumn(jsonObjectSchema, row.definition, { ...where, column: 'definition' }), ring),
    tags: parseJsonColumn(tagsSchema, row.tags, { ...where, column: 'tags' }),
    paused: row.paused === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * A stored definition as the start-up pass leaves it, or null when it is fine as it is: a push
 * token stored in clear (even encrypted) is hashed, clear secrets are sealed, and values of a
 * previous key are sealed again with the current one.
 */
function resealDefinition(stored: Record<string, unknown>, type: string, ring: Keyring): Record<string, unknown> | null {
  // Only a push monitor's definition is opened whole, to see whether its token is hashed yet.
  if (hasPushToken(type)) {
    const opened = openInput(stored, ring);
    const hashed = hashPushTokens(opened, type);
    if (hashed !== opened) return sealInput(hashed, ring);
  }
  return resealInput(stored, ring);
}

/**
 * Live monitors left-joined with their state, narrowed by the filter. The state filter is written
 * so that an index serves it (`monitor_state (state, monitor_id)`): a monitor reads as paused when
 * it is paused, else as its stored state, pending before its first state row.
 */
function filtered(db: Kysely<Database>, filter: MonitorFilter, dialect: DialectSql) {
  return db
    .selectFrom('monitors')
    .leftJoin('monitor_state as ms', 'ms.monitor_id', 'monitors.id')
    .where('monitors.deleted_at', 'is', null)
    .where((eb) => {
      const conditions: Array<Expression<SqlBool>> = [];
      if (filter.type !== undefined) conditions.push(eb('monitors.type', '=', filter.type));
      if (filter.source !== undefined) conditions.push(eb('monitors.source', '=', filter.source));
      // Tags are a JSON array of strings, so the JSON-encoded tag matches one element exactly.
      if (filter.tag !== undefined) conditions.push(dialect.contains(eb.ref('monitors.tags'), JSON.stringify(filter.tag)));
      if (filter.state === 'paused') conditions.push(eb.or([eb('monitors.paused', '=', 1), eb('ms.state', '=', 'paused')]));
      else if (filter.state === 'pending') conditions.push(eb('monitors.paused', '=', 0), eb.or([eb('ms.state', 'is', null), eb('ms.state', '=', 'pending')]));
      else if (filter.state !== undefined) conditions.push(eb('monitors.paused', '=', 0), eb('ms.state', '=', filter.state));
      if (filter.q !== undefined && filter.q !== '') {
        conditions.push(eb.or([dialect.containsIgnoringCase(eb.ref('monitors.id'), filter.q), dialect.containsIgnoringCase(eb.ref('monitors.name'), filter.q)]));
      }
      return eb.and(conditions);
    });
}

/** The page `start` asks for, in id order, one row more than the limit (to know whether another page follows). */
function paged<Q extends SelectQueryBuilder<Database & { ms: MonitorStateTable }, 'monitors' | 'ms', object>>(query: Q, start: MonitorPageStart): Q {
  let q = query.orderBy('monitors.id').limit(start.limit + 1) as Q;
  if (start.after !== undefined) q = q.where('monitors.id', '>', start.after) as Q;
  else if (start.offset) q = q.offset(start.offset) as Q;
  return q;
}

/** The page's items and the id to continue after, from rows fetched by {@link paged}. */
function pageOf<R extends { id: string }, T>(rows: R[], limit: number, map: (row: R) => T): { items: T[]; next: string | null } {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  return { items: kept.map(map), next: more ? kept[kept.length - 1]!.id : null };
}

async function countOf(db: Kysely<Database>, filter: MonitorFilter, dialect: DialectSql): Promise<number> {
  const total = await filtered(db, filter, dialect).select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  return Number(total.total);
}

/** The selected columns of a monitor and its state (`s_*`, all null before the first run). */
function withState(db: Kysely<Database>, filter: MonitorFilter, dialect: DialectSql) {
  return filtered(db, filter, dialect)
    .selectAll('monitors')
    .select([
      'ms.monitor_id as s_monitor_id',
      'ms.state as s_state',
      'ms.since as s_since',
      'ms.pending_status as s_pending_status',
      'ms.pending_count as s_pending_count',
      'ms.flapping as s_flapping',
      'ms.recent_changes as s_recent_changes',
      'ms.last_result_at as s_last_result_at',
      'ms.last_status as s_last_status',
      'ms.last_message as s_last_message',
      'ms.last_latency_ms as s_last_latency_ms',
      'ms.last_details as s_last_details',
      'ms.updated_at as s_updated_at',
    ]);
}

type JoinedRow = Awaited<ReturnType<ReturnType<typeof withState>['executeTakeFirstOrThrow']>>;

function toWithState(row: JoinedRow, ring: Keyring): MonitorWithState {
  const record = toRecord(row, ring);
  if (row.s_monitor_id === null) return { ...record, state: null };
  const state = rowToState({
    monitor_id: row.s_monitor_id,
    state: row.s_state!,
    since: row.s_since,
    pending_status: row.s_pending_status,
    pending_count: row.s_pending_count!,
    flapping: row.s_flapping!,
    recent_changes: row.s_recent_changes!,
    last_result_at: row.s_last_result_at,
    last_status: row.s_last_status,
    last_message: row.s_last_message,
    last_latency_ms: row.s_last_latency_ms,
    last_details: row.s_last_details,
    updated_at: row.s_updated_at!,
  });
  return { ...record, state };
}

interface SummaryRow {
  id: string;
  name: string;
  type: string;
  source: string;
  tags: string;
  paused: number;
  s_monitor_id: string | null;
  s_state: string | null;
  s_since: number | null;
  s_flapping: number | null;
  s_last_result_at: number | null;
  s_last_status: string | null;
  s_last_message: string | null;
  s_last_latency_ms: number | null;
}

function toSummary(row: SummaryRow): MonitorSummary {
  const source = sourceSchema.safeParse(row.source);
  if (!source.success) throw new Error(`The source column of monitors row ${row.id} holds "${row.source}"; expected "file" or "api".`);
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    source: source.data,
    tags: parseJsonColumn(tagsSchema, row.tags, { table: 'monitors', key: row.id, column: 'tags' }),
    paused: row.paused === 1,
    state:
      row.s_monitor_id === null
        ? null
        : {
            state: parseEnum(stateSchema, row.s_state, row.id, 'state'),
            since: row.s_since,
            flapping: row.s_flapping === 1,
            lastResultAt: row.s_last_result_at,
            lastStatus: parseEnum(statusSchema, row.s_last_status, row.id, 'last_status'),
            lastMessage: row.s_last_message,
            lastLatencyMs: row.s_last_latency_ms,
          },
  };
}

/** Inserts or updates monitors in multi-row statements (one transaction when there are several). */
async function upsertMonitors(db: Kysely<Database>, ring: Keyring, monitors: ReadonlyArray<Omit<MonitorRecord, 'createdAt' | 'updatedAt'>>, now: number): Promise<void> {
  const rows = monitors.map((monitor) => ({
    id: monitor.id,
    created_at: now,
    name: monitor.name,
    type: monitor.type,
    source: monitor.source,
    definition: JSON.stringify(sealInput(hashPushTokens(monitor.input, monitor.type), ring)),
    tags: JSON.stringify(monitor.tags),
    paused: monitor.paused ? 1 : 0,
    updated_at: now,
    deleted_at: null,
  }));
  const write = async (trx: Kysely<Database>) => {
    for (const part of chunks(rows, UPSERT_ROWS)) {
      await trx
        .insertInto('monitors')
        .values(part)
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            type: eb.ref('excluded.type'),
            source: eb.ref('excluded.source'),
            definition: eb.ref('excluded.definition'),
            tags: eb.ref('excluded.tags'),
            paused: eb.ref('excluded.paused'),
            updated_at: eb.ref('excluded.updated_at'),
            deleted_at: null,
          })),
        )
        .execute();
    }
  };
  if (rows.length <= UPSERT_ROWS) await write(db);
  else await db.transaction().execute(write);
}

/** Soft-deletes the live monitors among `ids`; returns how many there were. */
async function removeMonitors(db: Kysely<Database>, ids: readonly string[], now: number): Promise<number> {
  let removed = 0;
  for (const part of chunks(ids, UPSERT_ROWS)) {
    const result = await db
      .updateTable('monitors')
      .set({ deleted_at: now, updated_at: now })
      .where('id', 'in', part)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    removed += Number(result.numUpdatedRows);
  }
  return removed;
}

/** The monitors repository over a Kysely database; `ring` seals and opens the secrets of definitions. */
export function monitorsRepository(db: Kysely<Database>, dialect: DialectSql, ring: Keyring): MonitorRepository {
  return {
    async list(filter, start) {
      const rows = await paged(withState(db, filter, dialect), start).execute();
      return { ...pageOf(rows, start.limit, (row) => toWithState(row, ring)), total: await countOf(db, filter, dialect) };
    },

    async listSummaries(filter, start) {
      const query = filtered(db, filter, dialect).select([
        'monitors.id', 'monitors.name', 'monitors.type', 'monitors.source', 'monitors.tags', 'monitors.paused',
        'ms.monitor_id as s_monitor_id', 'ms.state as s_state', 'ms.since as s_since', 'ms.flapping as s_flapping',
        'ms.last_result_at as s_last_result_at', 'ms.last_status as s_last_status', 'ms.last_message as s_last_message', 'ms.last_latency_ms as s_last_latency_ms',
      ]);
      const rows = await paged(query, start).execute();
      return { ...pageOf(rows, start.limit, toSummary), total: await countOf(db, filter, dialect) };
    },

    async all() {
      const rows = await db.selectFrom('monitors').selectAll().where('deleted_at', 'is', null).orderBy('id').execute();
      return rows.map((row) => toRecord(row, ring));
    },

    async get(id) {
      const row = await withState(db, {}, dialect).where('monitors.id', '=', id).executeTakeFirst();
      return row ? toWithState(row, ring) : undefined;
    },

    async upsert(monitor, now) {
      await upsertMonitors(db, ring, [monitor], now);
    },

    upsertMany: (monitors, now) => upsertMonitors(db, ring, monitors, now),

    async remove(id, now) {
      return (await removeMonitors(db, [id], now)) > 0;
    },

    removeMany: (ids, now) => removeMonitors(db, ids, now),

    async resealSecrets() {
      const rows = await db.selectFrom('monitors').select(['id', 'type', 'definition']).orderBy('id').execute();
      const unreadable: Array<{ id: string; error: SecretPathError }> = [];
      const changes: Array<{ id: string; before: string; after: string }> = [];
      for (const row of rows) {
        const stored = parseJsonColumn(jsonObjectSchema, row.definition, { table: 'monitors', key: row.id, column: 'definition' });
        try {
          const next = resealDefinition(stored, row.type, ring);
          if (next !== null) changes.push({ id: row.id, before: row.definition, after: JSON.stringify(next) });
        } catch (error) {
          if (!(error instanceof SecretPathError)) throw error;
          unreadable.push({ id: row.id, error });
        }
      }
      // Nothing is written while a secret is unreadable: the key loaded may be the wrong one, and
      // what it would encrypt now could not be read with the right one later.
      if (unreadable.length > 0) throw new MonitorSecretError(unreadable.map((u) => u.id), unreadable[0]!.error, ring);
      return db.transaction().execute(async (trx) => {
        let resealed = 0;
        for (const { id, before, after } of changes) {
          // Only if no one rewrote the row meanwhile: a newer write is sealed with the current key already.
          const result = await trx.updateTable('monitors').set({ definition: after }).where('id', '=', id).where('definition', '=', before).executeTakeFirst();
          resealed += Number(result.numUpdatedRows);
        }
        return resealed;
      });
    },

    async setPaused(id, paused, now) {
      await db
        .updateTable('monitors')
        .set({ paused: paused ? 1 : 0, updated_at: now })
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .execute();
    },
  };
}
