/** @module Opens a SQLite database with better-sqlite3 and the pragmas Vigie relies on. */
import Database from 'better-sqlite3';
import { Kysely } from 'kysely';
import type { DialectSql } from '../dialect-sql.js';
import type { Database as Tables } from '../tables.js';
import { createPrivateFile } from './private-file.js';
import { VigieSqliteDialect } from './sqlite-dialect.js';
import { sqliteSql } from './sqlite-sql.js';

/** How long a writer waits for another connection's lock before failing. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating the file and its folder if needed) a SQLite database in WAL mode with foreign
 * keys enforced. A new file is created with mode 0600 (its `-wal` and `-shm` files take the same
 * mode) and a new folder with 0700: results and token hashes are nobody else's business.
 * `:memory:` gives a private in-memory database.
 */
export function openSqlite(path: string): { db: Kysely<Tables>; sql: DialectSql } {
  let database: Database.Database;
  try {
    if (path !== ':memory:') createPrivateFile(path);
    database = new Database(path);
  } catch (error) {
    throw new Error(`Cannot open the SQLite database at ${path}: ${(error as Error).message}. Check that the folder is writable.`, { cause: error });
  }
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  database.pragma('foreign_keys = ON');
  const db = new Kysely<Tables>({ dialect: new VigieSqliteDialect({ database }) });
  return { db, sql: sqliteSql(path) };
}
