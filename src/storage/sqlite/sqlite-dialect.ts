/**
 * @module Kysely's SQLite dialect with two changes, so that several processes can share one
 * database file (`vigie serve` with `vigie token create`, or two starts at once):
 * - transactions begin with `begin immediate`, taking the write lock at once (waiting up to the
 *   busy timeout for another process to finish) instead of failing when a read snapshot cannot
 *   be upgraded to a write;
 * - migrations run in such a transaction (SQLite has transactional DDL; Kysely assumes it has
 *   not), so a second process waits for the first to finish migrating and then finds nothing
 *   left to do, and a migration that fails leaves nothing half applied.
 */
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

/** SQLite for Vigie: immediate transactions, transactional migrations. */
export class VigieSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}
