/**
 * @module Kysely's SQLite dialect with two changes, so that several processes can share one
 * database file (`vigie serve` with `vigie token create`, or two starts at once):
 * - transactions begin with `begin immediate`, taking the write lock at once (waiting up to the
 *   busy timeout for another process to finish) instead of failing when a read snapshot cannot
 *   be upgraded to a write;
 * - migrations run in such a transaction (SQLite has transactional DDL; Kysely assumes it has
 *   not), so a second process waits for the first to finish migrating and then finds nothing
 *   left to do, and a migration that fails leaves nothing half applied;
 * - statements are prepared once per SQL text and reused (Kysely's driver prepares every query
 *   again: 15–20 % of an idle instance's CPU, see docs/decisions.md "CPU per check").
 */
import type { Database, Statement } from 'better-sqlite3';
import { CompiledQuery, SqliteAdapter, SqliteDialect, SqliteDriver, type DatabaseConnection, type DialectAdapter, type Driver, type SqliteDialectConfig } from 'kysely';

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/** Prepared statements kept per database; the least recently used beyond this are dropped. */
const STATEMENT_CACHE_SIZE = 256;
/** Longer SQL (large multi-row inserts, whose text changes with the row count) is not kept. */
const CACHED_SQL_MAX_LENGTH = 4096;

/**
 * Makes `database.prepare` return the statement already prepared for the same SQL text. A
 * statement is immutable once prepared and SQLite re-prepares it by itself after a schema
 * change; one still iterating (`busy`) is not handed out twice.
 */
export function cacheStatements(database: Database, size = STATEMENT_CACHE_SIZE): Database {
  const prepare = database.prepare.bind(database);
  const cache = new Map<string, Statement>();
  database.prepare = ((sql: string) => {
    const cached = cache.get(sql);
    if (cached && !cached.busy) {
      cache.delete(sql);
      cache.set(sql, cached);
      return cached;
    }
    const statement = prepare(sql);
    if (sql.length <= CACHED_SQL_MAX_LENGTH && !cached) {
      cache.set(sql, statement);
      if (cache.size > size) cache.delete(cache.keys().next().value!);
    }
    return statement;
  }) as Database['prepare'];
  return database;
}

/** SQLite for Vigie: immediate transactions, transactional migrations, reused statements. */
export class VigieSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    const database = typeof config.database === 'function' ? config.database : cacheStatements(config.database as unknown as Database);
    const own = { ...config, database } as SqliteDialectConfig;
    super(own);
    this.#config = own;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}
