/**
 * @module Opens the store: PostgreSQL when given a `postgres://` URL (`VIGIE_DATABASE_URL`),
 * otherwise SQLite in a file (default `./data/vigie.db`). Migrations are applied by
 * `store.migrate()`, not on open. The key that encrypts secrets at rest is loaded on open
 * (`VIGIE_SECRET_KEY`, or a key file beside the SQLite file; docs/security.md).
 */
import { dirname, join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { loadKeyring, SECRET_KEY_FILE_ENV } from '../secrets/load-keyring.js';
import type { Keyring } from '../secrets/secret-key.js';
import type { DialectSql } from './dialect-sql.js';
import { metaRepository } from './meta.repository.js';
import { migrateToLatest } from './migrate.js';
import { monitorsRepository } from './monitors.repository.js';
import { openPostgres, redactUrl } from './postgres/open-postgres.js';
import { passiveRepository } from './passive.repository.js';
import { incidentsRepository } from './incidents.repository.js';
import { deliveriesRepository } from './deliveries.repository.js';
import { escalationsRepository } from './escalations.repository.js';
import { crisesRepository } from './crises.repository.js';
import { subscriptionsRepository } from './subscriptions.repository.js';
import { changesRepository } from './changes.repository.js';
import { accountsRepository } from './accounts.repository.js';
import { resultsRepository } from './results.repository.js';
import { rollupsRepository } from './rollups.repository.js';
import { openSqlite } from './sqlite/open-sqlite.js';
import { statesRepository } from './states.repository.js';
import type { Store } from './store.js';
import type { Database } from './tables.js';
import { tokensRepository } from './tokens.repository.js';
import { overridesRepository } from './overrides.repository.js';
import { transitionsRepository } from './transitions.repository.js';

export const DEFAULT_SQLITE_PATH = './data/vigie.db';

export interface OpenStoreOptions {
  /** A `postgres://` or `postgresql://` URL selects PostgreSQL. */
  url?: string;
  /** The SQLite file (default `./data/vigie.db`); `:memory:` for a private in-memory database. */
  sqlitePath?: string;
  /** PostgreSQL only: use (and create if missing) this schema through `search_path`. */
  pgSchema?: string;
  /**
   * The file holding the key that encrypts secrets at rest, created when missing; default
   * `VIGIE_SECRET_KEY_FILE`, else `secret.key` beside the SQLite file (also with PostgreSQL).
   * Not read when `VIGIE_SECRET_KEY` is set.
   */
  secretKeyFile?: string;
  /** Keys to use instead of loading them from the environment and the key file (tests). */
  keyring?: Keyring;
  logger?: Pick<Logger, 'info' | 'debug' | 'warn'>;
}

/** The default key file: `secret.key` in the folder of the SQLite file. */
export function defaultSecretKeyFile(sqlitePath: string = DEFAULT_SQLITE_PATH): string {
  return join(dirname(sqlitePath === ':memory:' ? DEFAULT_SQLITE_PATH : sqlitePath), 'secret.key');
}

/**
 * The keyring the options select: `VIGIE_SECRET_KEY`, else the key file (`secretKeyFile`, else
 * `VIGIE_SECRET_KEY_FILE`, else beside the SQLite file). An in-memory SQLite database without
 * either gets a random key.
 */
function keyringFor(opts: OpenStoreOptions, memory: boolean): Keyring {
  if (opts.keyring) return opts.keyring;
  const keyFile = opts.secretKeyFile ?? (process.env[SECRET_KEY_FILE_ENV] || undefined);
  return loadKeyring({ keyFile: keyFile ?? defaultSecretKeyFile(opts.sqlitePath), ephemeral: memory && keyFile === undefined, logger: opts.logger });
}

/** True for a URL that selects PostgreSQL. */
export function isPostgresUrl(url: string | undefined): boolean {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url);
}

/** Builds a store over an opened database. */
export function createStore(db: Kysely<Database>, dialect: DialectSql, ring: Keyring, logger?: OpenStoreOptions['logger']): Store {
  const monitors = monitorsRepository(db, dialect, ring);
  const results = resultsRepository(db);
  return {
    dialect: dialect.dialect,
    secretKey: { id: ring.current.id, source: ring.source },
    db,
    monitors,
    states: statesRepository(db, dialect),
    results,
    rollups: rollupsRepository(db, results),
    transitions: transitionsRepository(db),
    tokens: tokensRepository(db),
    meta: metaRepository(db),
    passive: passiveRepository(db),
    incidents: incidentsRepository(db, dialect),
    deliveries: deliveriesRepository(db),
    escalations: escalationsRepository(db),
    crises: crisesRepository(db),
    subscriptions: subscriptionsRepository(db, ring),
    changes: changesRepository(db),
    accounts: accountsRepository(db, dialect.dialect, ring),
    overrides: overridesRepository(db),
    async migrate() {
      const applied = await migrateToLatest(db, dialect);
      if (applied.length > 0) logger?.info({ migrations: applied }, `applied ${applied.length} database migration(s)`);
      const resealed = await monitors.resealSecrets();
      if (resealed > 0) logger?.info({ monitors: resealed, secretKey: ring.current.id }, `encrypted the stored secrets of ${resealed} monitor(s) with secret key ${ring.current.id}`);
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
    const ring = keyringFor(opts, false);
    const { db, sql } = await openPostgres(opts.url, opts.pgSchema);
    opts.logger?.info({ dialect: 'postgres', url: redactUrl(opts.url), schema: opts.pgSchema, secretKey: ring.current.id }, 'opened PostgreSQL store');
    return createStore(db, sql, ring, opts.logger);
  }
  const path = opts.sqlitePath ?? DEFAULT_SQLITE_PATH;
  const ring = keyringFor(opts, path === ':memory:');
  const { db, sql } = openSqlite(path);
  opts.logger?.info({ dialect: 'sqlite', path, secretKey: ring.current.id }, 'opened SQLite store');
  return createStore(db, sql, ring, opts.logger);
}
