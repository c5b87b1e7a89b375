/**
 * @module Changes, rollouts and rollouts' timelines. A change seen by a check is stored once per
 * transition (a unique key: the second insert finds the first); rolling back is a conditional
 * update that only the first caller wins; a rollout id is taken once (a second one raises
 * {@link DuplicateRolloutError}); appending to a timeline locks the rollout's row first, so two
 * processes appending at once merge a repeated line instead of writing it twice. Only queries
 * live here.
 */
import type { Kysely } from 'kysely';
import type { ChangeRepository, RolloutEventDraft } from '../changes/changes.types.js';
import type { Localized } from '../incidents/incident.types.js';
import { changeToRow, rolloutEventToRow, rolloutToRow, rowToChange, rowToRollout, rowToRolloutEvent, type ChangeTables } from './change-rows.js';
import { chunks } from './chunks.js';
import type { Database } from './tables.js';

type Db = Kysely<Database & ChangeTables>;

/** Monitor rows per insert statement (2 columns each, well under SQLite's bound-parameter limit). */
const MONITOR_BATCH = 500;

/** Raised by `createRollout` when a rollout already has the id (even one created a moment before, concurrently). */
export class DuplicateRolloutError extends Error {
  /** For people (the API answers 409 with it). */
  readonly text: Localized;

  constructor(readonly rolloutId: string) {
    super(`a rollout already has the id ${JSON.stringify(rolloutId)}`);
    this.name = 'DuplicateRolloutError';
    this.text = {
      en: `A rollout already has the id ${JSON.stringify(rolloutId)}: choose another id.`,
      fr: `Un déploiement porte déjà l’identifiant ${JSON.stringify(rolloutId)} : choisissez-en un autre.`,
    };
  }
}

/**
 * Appends a line to a rollout's timeline, or bumps the newest line when it has the same merge
 * key. The first statement locks the rollout's row (a no-op update: a row lock on PostgreSQL;
 * SQLite transactions already hold the write lock), so concurrent appends run one at a time.
 */
async function appendEvent(db: Db, event: RolloutEventDraft, mergeKey: string | undefined) {
  return db.transaction().execute(async (trx) => {
    const locked = await trx
      .updateTable('rollouts')
      .set((eb) => ({ status: eb.ref('status') }))
      .where('id', '=', event.rolloutId)
      .executeTakeFirst();
    if (Number(locked.numUpdatedRows) === 0) throw new Error(`There is no rollout ${JSON.stringify(event.rolloutId)} to add a timeline line to.`);
    if (mergeKey !== undefined) {
      const newest = await trx.selectFrom('rollout_events').select(['id', 'merge_key']).where('rollout_id', '=', event.rolloutId).orderBy('id', 'desc').limit(1).executeTakeFirst();
      if (newest?.merge_key === mergeKey) {
        const merged = await trx
          .updateTable('rollout_events')
          .set((eb) => ({ last_at: event.at, count: eb('count', '+', 1) }))
          .where('id', '=', newest.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return rowToRolloutEvent(merged);
      }
    }
    const row = await trx.insertInto('rollout_events').values(rolloutEventToRow(event, mergeKey ?? null)).returningAll().executeTakeFirstOrThrow();
    return rowToRolloutEvent(row);
  });
}

/** The changes repository over a Kysely database. */
export function changesRepository(database: Kysely<Database>): ChangeRepository {
  const db = database.withTables<ChangeTables>() as unknown as Db;
  const getRow = (id: number) => db.selectFrom('changes').selectAll().where('id', '=', id).executeTakeFirst();
  return {
    async insert(draft, now) {
      const row = await db.transaction().execute(async (trx) => {
        // A change of the same transition stored first (by another process too) wins: do nothing, then read it.
        const inserted = await trx.insertInto('changes').values(changeToRow(draft, now)).onConflict((oc) => oc.column('transition_id').doNothing()).returningAll().executeTakeFirst();
        if (!inserted) {
          if (draft.transitionId === null) throw new Error('A change without a transition id conflicted with a stored one: the changes table has lost its keys.');
          return trx.selectFrom('changes').selectAll().where('transition_id', '=', draft.transitionId).executeTakeFirstOrThrow();
        }
        const monitors = [...new Set(draft.targets.monitors)];
        for (const batch of chunks(monitors, MONITOR_BATCH)) {
          await trx.insertInto('change_monitors').values(batch.map((monitorId) => ({ monitor_id: monitorId, change_id: inserted.id }))).execute();
        }
        return inserted;
      });
      return rowToChange(row);
    },

    async get(id) {
      const row = await getRow(id);
      return row ? rowToChange(row) : undefined;
    },

    async list(filter, limit) {
      let query = db.selectFrom('changes').selectAll('changes');
      if (filter.from !== undefined) query = query.where('at', '>=', filter.from);
      if (filter.to !== undefined) query = query.where('at', '<', filter.to);
      if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
      if (filter.rolloutId !== undefined) query = query.where('rollout_id', '=', filter.rolloutId);
      const monitorId = filter.monitorId;
      if (monitorId !== undefined) {
        query = query.where((eb) =>
          eb.exists(eb.selectFrom('change_monitors').select('change_monitors.change_id').where('change_monitors.monitor_id', '=', monitorId).whereRef('change_monitors.change_id', '=', 'changes.id')),
        );
      }
      const rows = await query.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map(rowToChange);
    },

    async rollBack(id, by, note, at) {
      const row =
        (await db
          .updateTable('changes')
          .set({ rolled_back_at: at, rolled_back_by: by, rollback_note: note })
          .where('id', '=', id)
          .where('rolled_back_at', 'is', null)
          .returningAll()
          .executeTakeFirst()) ?? (await getRow(id));
      return row ? rowToChange(row) : undefined;
    },

    async createRollout(draft, now) {
      const row = await db.insertInto('rollouts').values(rolloutToRow(draft, now)).onConflict((oc) => oc.column('id').doNothing()).returningAll().executeTakeFirst();
      if (!row) throw new DuplicateRolloutError(draft.id);
      return rowToRollout(row);
    },

    async getRollout(id) {
      const row = await db.selectFrom('rollouts').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? rowToRollout(row) : undefined;
    },

    async listRollouts(filter, limit) {
      let query = db.selectFrom('rollouts').selectAll();
      if (filter.status !== undefined) query = query.where('status', '=', filter.status);
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map(rowToRollout);
    },

    async setRolloutStatus(id, status, now) {
      const row = await db.updateTable('rollouts').set({ status, updated_at: now }).where('id', '=', id).returningAll().executeTakeFirst();
      return row ? rowToRollout(row) : undefined;
    },

    appendEvent: (event, mergeKey) => appendEvent(db, event, mergeKey),

    async events(rolloutId) {
      const rows = await db.selectFrom('rollout_events').selectAll().where('rollout_id', '=', rolloutId).orderBy('id').execute();
      return rows.map(rowToRolloutEvent);
    },
  };
}
