/**
 * @module Where the database is, decided the same way for `vigie serve` and for every command that
 * opens it (`migrate`, `token`, `incident`): a URL (`--database-url`, `VIGIE_DATABASE_URL`,
 * `storage.url`) selects PostgreSQL; otherwise SQLite in `--sqlite`, else `storage.sqlite_path`.
 */
import { existsSync } from 'node:fs';
import type { VigieConfig } from '../config/config.schema.js';
import { DATABASE_URL_ENV, loadConfig } from '../config/load-config.js';
import { DEFAULT_SQLITE_PATH, openStore, type OpenStoreOptions } from '../storage/open-store.js';
import type { Store } from '../storage/store.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The environment variable naming the PostgreSQL schema. */
export const DATABASE_SCHEMA_ENV = 'VIGIE_DATABASE_SCHEMA';

/** Database choices made on the command line (or by a test); each overrides the configuration. */
export interface DatabaseFlags {
  /** A PostgreSQL URL; `''` forces SQLite whatever the environment and the configuration say. */
  databaseUrl?: string;
  /** The SQLite file, used when no URL is given anywhere. */
  sqlite?: string;
  /** The PostgreSQL schema (default `VIGIE_DATABASE_SCHEMA`, else the server's `search_path`). */
  pgSchema?: string;
}

/**
 * The store options from the flags, the environment and the configuration (pure). An empty
 * `VIGIE_DATABASE_URL` counts as unset.
 */
export function storeOptions(flags: DatabaseFlags, config: Pick<VigieConfig, 'storage'> | undefined, env: Env = process.env): OpenStoreOptions {
  const url = flags.databaseUrl ?? (env[DATABASE_URL_ENV] || config?.storage.url || undefined);
  return {
    url,
    sqlitePath: flags.sqlite ?? config?.storage.sqlite_path ?? DEFAULT_SQLITE_PATH,
    pgSchema: flags.pgSchema ?? (env[DATABASE_SCHEMA_ENV] || undefined),
  };
}

/** Options of a command that opens the database: the flags and `--config`. */
export interface StoreCommandFlags extends DatabaseFlags {
  config?: string;
}

/**
 * The configuration a command should read: `--config`, else `VIGIE_CONFIG`, else `./vigie.yaml`
 * or `./vigie.d/` when one exists; undefined when there is none of these.
 */
export function commandConfigPath(flags: StoreCommandFlags, env: Env = process.env): string | undefined {
  const given = flags.config ?? (env['VIGIE_CONFIG'] || undefined);
  if (given !== undefined) return given;
  if (existsSync('vigie.yaml')) return 'vigie.yaml';
  if (existsSync('vigie.d')) return 'vigie.d';
  return undefined;
}

/**
 * The store options of a command other than `serve`, resolved like `serve` does: the server's
 * configuration is read when there is one, so that the command finds the server's database from
 * any working directory. Throws when there is no configuration and the database is not given
 * otherwise, rather than create an empty `./data/vigie.db` where the command happens to run.
 */
export async function commandStoreOptions(flags: StoreCommandFlags, env: Env = process.env): Promise<OpenStoreOptions> {
  const path = commandConfigPath(flags, env);
  if (path !== undefined) return storeOptions(flags, (await loadConfig(path, env)).config, env);
  if (flags.databaseUrl || flags.sqlite || env[DATABASE_URL_ENV]) return storeOptions(flags, undefined, env);
  throw new Error(
    `no configuration found to tell where the database is: give the server's configuration with --config <path> (or VIGIE_CONFIG), or the database with --sqlite <file> or --database-url <url> (or VIGIE_DATABASE_URL). Looked for ./vigie.yaml and ./vigie.d/ in ${process.cwd()}; no database was opened or created.`,
  );
}

/** Opens the database of a command other than `serve` (see {@link commandStoreOptions}); migrations are not applied. */
export async function openCommandStore(flags: StoreCommandFlags, env: Env = process.env): Promise<Store> {
  return openStore(await commandStoreOptions(flags, env));
}
