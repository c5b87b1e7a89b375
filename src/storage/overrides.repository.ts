/** @module Schedule overrides made through the API (migration 0011), in creation order. */
import type { Kysely, Selectable } from 'kysely';
import type { OverrideRepository, StoredOverride } from '../oncall/override.types.js';
import type { Database } from './tables.js';

/** The `schedule_overrides` table as Kysely sees it. */
export interface ScheduleOverridesTable {
  id: import('kysely').Generated<number>;
  schedule_id: string;
  person: string;
  starts_at: number;
  ends_at: number;
  note: string | null;
  author: string;
  created_at: number;
}

type Db = Kysely<Database & { schedule_overrides: ScheduleOverridesTable }>;

function toOverride(row: Selectable<ScheduleOverridesTable>): StoredOverride {
  return {
    id: Number(row.id),
    scheduleId: row.schedule_id,
    person: row.person,
    start: Number(row.starts_at),
    end: Number(row.ends_at),
    note: row.note,
    author: row.author,
    createdAt: Number(row.created_at),
  };
}

/** The overrides repository over a Kysely database. */
export function overridesRepository(database: Kysely<Database>): OverrideRepository {
  const db = database as unknown as Db;
  return {
    async create(draft, now) {
      const row = await db
        .insertInto('schedule_overrides')
        .values({ schedule_id: draft.scheduleId, person: draft.person, starts_at: draft.start, ends_at: draft.end, note: draft.note, author: draft.author, created_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toOverride(row);
    },

    async all() {
      const rows = await db.selectFrom('schedule_overrides').selectAll().orderBy('id').execute();
      return rows.map(toOverride);
    },

    async get(id) {
      const row = await db.selectFrom('schedule_overrides').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toOverride(row) : undefined;
    },

    async remove(scheduleId, id) {
      const result = await db.deleteFrom('schedule_overrides').where('id', '=', id).where('schedule_id', '=', scheduleId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
