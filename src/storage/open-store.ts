/**
 * @module Opens the store: PostgreSQL when given a `postgres://` URL (`VIGIE_DATABASE_URL`),
 * otherwise SQLite in a file (default `./data/vigie.db`). Migrations are applied by
 * `store.migrate()`, not on open.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DialectSql } from './dialect-sql.js';
import { metaRepository } from './meta.repository.js';
import { migrateToLatest } from './migrate.js';
import { monitorsRepository } from './monitors.repository.js';
import { openPostgres, redactUrl } from './postgres/open-postgres.js';
import { passiveRepository } from './passive.repository.js';
import { incidentsRepository } from './incidents.repository.js';
import { resultsRepository } from './results.repository.js';
import { rollupsRepository } from './rollups.repository.js';
import { openSqlite } from './sqlite/open-sqlite.js';
import { statesRepository } from './states.repository.js';
import type { Store } from './store.js';
import type { Database } from './tables.js';
import { tokensRepository } from './tokens.repository.js';
import { transitionsRepository } from './transitions.repository.js';

export const DEFAULT_SQLITE_PATH = './data/vigie.db';

export interface OpenStoreOptions {
  /** A `postgres://` or `postgresql://` URL selects PostgreSQL. */
  url?: string;
  /** The SQLite file (default `./data/vigie.db`); `:memory:` for a private in-memory database. */
  sqlitePath?: string;
  /** PostgreSQL only: use (and create if missing) this schema through `search_path`. */
  pgSchema?: string;
  logger?: Pick<Logger, 'info' | 'debug'>;
}

/** True for a URL that selects PostgreSQL. */
export function isPostgresUrl(url: string | undefined): boolean {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url);
}

/** Builds a store over an opened database. */
export function createStore(db: Kysely<Database>, dialect: DialectSql, logger?: OpenStoreOptions['logger']): Store {
  return {
    dialect: dialect.dialect,
    db,
    monitors: monitorsRepository(db, dialect),
    states: statesRepository(db, dialect),
    results: resultsRepository(db),
    rollups: rollupsRepository(db),
    transitions: transitionsRepository(db),
    tokens: tokensRepository(db),
    meta: metaRepository(db),
    passive: passiveRepository(db),
    incidents: incidentsRepository(db, dialect),
    async migrate() {
      const applied = await migrateToLatest(db, dialect);
      if (applied.length > 0) logger?.info({ migrations: applied }, `applied ${applied.length} database migration(s)`);
      return applied;
    },
    sizeBytes: () => dialect.sizeBytes(db),
    close: () => db.destroy(),
  };
}

/** Opens the store selected by the options. */
export async function openStore(opts: OpenStoreOptions = {}): Promise<Store> {
  if (opts.url !== undefined && opts.url !== '' && !isPostgresUrl(opts.url)) {
    throw new Error(`The database URL scheme "${opts.url.split(':')[0]}:" is not supported: use postgres://user:password@host:5432/database, or leave it unset for SQLite.`);
  }
  if (opts.url !== undefined && isPostgresUrl(opts.url)) {
    const { db, sql } = await openPostgres(opts.url, opts.pgSchema);
    opts.logger?.info({ dialect: 'postgres', url: redactUrl(opts.url), schema: opts.pgSchema }, 'opened PostgreSQL store');
    return createStore(db, sql, opts.logger);
  }
  const path = opts.sqlitePath ?? DEFAULT_SQLITE_PATH;
  const { db, sql } = openSqlite(path);
  opts.logger?.info({ dialect: 'sqlite', path }, 'opened SQLite store');
  return createStore(db, sql, opts.logger);
}
