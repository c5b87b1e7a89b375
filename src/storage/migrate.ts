/** @module Runs the pending migrations with Kysely's `Migrator` and a static provider. */
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { DialectSql } from './dialect-sql.js';
import { MIGRATIONS } from './migrations/index.js';
import type { VigieMigration } from './migrations/migration.js';
import type { Database } from './tables.js';

/** A provider serving the given migrations, each bound to the dialect's SQL. */
export function staticProvider(dialect: DialectSql, migrations: Readonly<Record<string, VigieMigration>> = MIGRATIONS): MigrationProvider {
  return {
    async getMigrations() {
      const bound: Record<string, Migration> = {};
      for (const [name, m] of Object.entries(migrations)) {
        bound[name] = { up: (db) => m.up(db, dialect), down: (db) => m.down(db, dialect) };
      }
      return bound;
    },
  };
}

/** Applies pending migrations; returns the names applied (empty when up to date). */
export async function migrateToLatest(db: Kysely<Database>, dialect: DialectSql): Promise<string[]> {
  const migrationTableSchema = await dialect.migrationSchema(db);
  const migrator = new Migrator({ db, provider: staticProvider(dialect), ...(migrationTableSchema ? { migrationTableSchema } : {}) });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : String(error);
    const what = failed ? `The database migration ${failed} failed` : 'Migrating the database failed';
    throw new Error(`${what}: ${reason}. The database was left at the last successful migration.`, { cause: error });
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
