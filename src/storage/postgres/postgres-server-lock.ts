/**
 * @module The lock that keeps a second `vigie serve` off a PostgreSQL schema: a session-level
 * advisory lock keyed on the schema, held by a connection of its own for the life of the server.
 * PostgreSQL drops it with the session, so a server killed with SIGKILL does not block the next
 * start. Commands such as `vigie token` or `vigie migrate` do not take it.
 */
import { hostname } from 'node:os';
import pg from 'pg';
import type { Logger } from 'pino';
import { redactUrl } from './open-postgres.js';

/** First half of the advisory lock key ("VIGI"); the second half is the schema's oid. */
const LOCK_CLASS = 0x56494749;

/** Thrown when another server holds the schema; the message names the schema and the holder. */
export class SchemaInUseError extends Error {
  override readonly name = 'SchemaInUseError';
}

interface HolderRow {
  pid: number;
  application_name: string;
  client_addr: string | null;
  backend_start: Date;
}

async function holderOf(client: pg.Client, oid: number): Promise<HolderRow | undefined> {
  const { rows } = await client.query<HolderRow>(
    `select a.pid, a.application_name, host(a.client_addr) as client_addr, a.backend_start
       from pg_catalog.pg_locks l join pg_catalog.pg_stat_activity a on a.pid = l.pid
      where l.locktype = 'advisory' and l.granted and l.classid = $1::int::oid and l.objid = $2::oid and l.objsubid = 2`,
    [LOCK_CLASS, oid],
  );
  return rows[0];
}

function refusal(url: string, schema: string, holder: HolderRow | undefined): SchemaInUseError {
  const who = holder
    ? `${holder.application_name || 'a session'}: PostgreSQL session ${holder.pid}${holder.client_addr ? ` from ${holder.client_addr}` : ''}, connected ${holder.backend_start.toISOString()}`
    : 'another session';
  return new SchemaInUseError(
    `Another Vigie server is already running on the PostgreSQL schema "${schema}" at ${redactUrl(url)} (${who}). Two servers on one database would run every check twice: stop the other one first, or give this one a schema of its own (VIGIE_DATABASE_SCHEMA).`,
  );
}

/**
 * Takes the server lock of the schema that `search_path` selects (`schema`, else the first
 * existing one, usually `public`), or throws a {@link SchemaInUseError} naming the holder.
 * The schema must exist (the store creates it).
 */
export async function lockPostgresSchema(url: string, schema: string | undefined, log?: Pick<Logger, 'error'>): Promise<{ release(): Promise<void> }> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: 10_000,
    application_name: `vigie serve, pid ${process.pid} on ${hostname()}`.slice(0, 63),
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  let released = false;
  client.on('error', (err) => {
    if (!released) log?.error({ err }, 'the connection holding the PostgreSQL server lock failed; another server could now start on this schema');
  });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string | null; oid: number | null; locked: boolean | null }>(
      `select n.nspname as name, n.oid::int as oid, pg_catalog.pg_try_advisory_lock($1, n.oid::int) as locked
         from pg_catalog.pg_namespace n where n.nspname = pg_catalog.current_schema()`,
      [LOCK_CLASS],
    );
    const row = rows[0];
    if (!row?.name || row.oid === null) throw new Error(`Cannot take the server lock at ${redactUrl(url)}: no schema of the search_path exists.`);
    if (!row.locked) throw refusal(url, row.name, await holderOf(client, row.oid));
  } catch (error) {
    released = true;
    await client.end().catch(() => {});
    throw error;
  }
  return {
    async release() {
      if (released) return;
      released = true;
      await client.end().catch(() => {});
    },
  };
}
