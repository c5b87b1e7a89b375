/** @module The shape of a Vigie migration: Kysely's `{ up, down }`, given the dialect's SQL. */
import type { Kysely } from 'kysely';
import type { DialectSql } from '../dialect-sql.js';

/** A migration. `db` is untyped on purpose: a migration sees the schema as it was then. */
export interface VigieMigration {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  up(db: Kysely<any>, dialect: DialectSql): Promise<void>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  down(db: Kysely<any>, dialect: DialectSql): Promise<void>;
}
