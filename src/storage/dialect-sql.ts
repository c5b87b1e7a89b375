/**
 * @module What differs between SQLite and PostgreSQL, behind one small interface. Every
 * dialect-specific piece of SQL lives in `sqlite/` or `postgres/`; repositories and migrations
 * only talk to this interface.
 */
import type { ColumnDefinitionBuilder, Expression, Kysely, RawBuilder, SqlBool, Transaction } from 'kysely';
import type { Dialect } from './store.js';
import type { Database } from './tables.js';

/** The dialect-specific SQL the shared code needs. */
export interface DialectSql {
  readonly dialect: Dialect;
  /** The column type of an auto-increment integer key (`integer` / `bigint`). */
  readonly identityType: 'integer' | 'bigint';
  /** Makes a column an auto-increment primary key whose ids are never reused and read as numbers. */
  identity(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /** The column type of opaque bytes (`blob` / `bytea`), read back as a `Buffer`. */
  readonly bytesType: 'blob' | 'bytea';
  /** True when `haystack` contains `needle` as an exact, case-sensitive substring. */
  contains(haystack: Expression<string>, needle: string): RawBuilder<SqlBool>;
  /**
   * True when `haystack` contains `needle`, case aside (ASCII letters only on SQLite, whose LIKE
   * knows no other case; every letter on PostgreSQL).
   */
  containsIgnoringCase(haystack: Expression<string>, needle: string): RawBuilder<SqlBool>;
  /**
   * Serialises writers of `transitions` until the transaction ends, so ids become visible in
   * increasing order and an outbox consumer never skips a row committed late. A no-op on SQLite,
   * where writers are already serialised.
   */
  lockTransitions(trx: Transaction<Database>): Promise<void>;
  /**
   * The schema holding the migration tables, named explicitly on PostgreSQL: Kysely looks for
   * them across every schema, so without it a `kysely_migration` table in another schema would
   * be taken for ours. Undefined on SQLite.
   */
  migrationSchema(db: Kysely<Database>): Promise<string | undefined>;
  /** Approximate size of the database in bytes. */
  sizeBytes(db: Kysely<Database>): Promise<number>;
}

/** `text` as a LIKE pattern matching it anywhere, its wildcards escaped with a backslash (use `escape` with it). */
export function likeAnywhere(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
