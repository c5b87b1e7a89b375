/**
 * @module Opens a PostgreSQL pool (`pg`) for Kysely: int8 read as numbers (epoch ms fit in a
 * double), an optional schema set through `search_path` (created if missing).
 */
import { Kysely } from 'kysely';
import pg from 'pg';
import type { DialectSql } from '../dialect-sql.js';
import type { Database } from '../tables.js';
import { postgresSql } from './postgres-sql.js';
import { SchemaScopedPostgresDialect } from './current-schema-introspector.js';

const INT8_OID = 20;
const SCHEMA_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/** Type parsers for this pool only, so the process-wide `pg.types` stay untouched. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && format !== 'binary') return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured PostgreSQL URL';
  }
}

/**
 * Creates the schema unless it exists. Two processes starting together (`vigie serve` and
 * `vigie token create`, or two replicas) can both miss it and race: `if not exists` does not
 * stop the loser from failing on the catalog's unique index, so that failure is checked.
 */
async function ensureSchema(pool: pg.Pool, schema: string): Promise<void> {
  try {
    await pool.query(`create schema if not exists "${schema}"`);
  } catch (error) {
    const exists = await pool.query('select 1 from pg_catalog.pg_namespace where nspname = $1', [schema]);
    if (exists.rowCount === 0) throw error;
  }
}

/** Opens a pool (max 10 connections), checks that the server answers and that the schema exists. */
export async function openPostgres(url: string, schema?: string): Promise<{ db: Kysely<Database>; sql: DialectSql }> {
  if (schema !== undefined && !SCHEMA_PATTERN.test(schema)) {
    throw new Error(`The PostgreSQL schema name "${schema}" is not valid: use lower-case letters, digits and "_", starting with a letter or "_".`);
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types,
    connectionTimeoutMillis: 10_000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle connection dropped by the server (restart, failover, network cut) is reported here;
  // without a listener pg-pool's 'error' event would crash the process. The next query opens a
  // new connection, or fails and is handled where it is made.
  let lastWarned = 0;
  const warn = (error: Error) => {
    if (Date.now() - lastWarned < 30_000) return;
    lastWarned = Date.now();
    process.stderr.write(`vigie: a PostgreSQL connection to ${redactUrl(url)} failed (${error.message}); a new one is opened at the next query\n`);
  };
  pool.on('error', warn);
  // A connection lost while checked out emits 'error' on its client too (the query in flight
  // rejects where it was made): listen there as well, so it cannot crash the process either.
  pool.on('connect', (client) => client.on('error', warn));
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => {});
    throw new Error(`Cannot connect to PostgreSQL at ${redactUrl(url)}: ${(error as Error).message}. Check VIGIE_DATABASE_URL and that the server is running.`, { cause: error });
  }
  if (schema) {
    try {
      await ensureSchema(pool, schema);
    } catch (error) {
      await pool.end().catch(() => {});
      throw new Error(`Cannot create the PostgreSQL schema "${schema}" at ${redactUrl(url)}: ${(error as Error).message}. Create it, or grant CREATE on the database to this user.`, { cause: error });
    }
  }
  const db = new Kysely<Database>({ dialect: new SchemaScopedPostgresDialect({ pool }) });
  return { db, sql: postgresSql };
}
