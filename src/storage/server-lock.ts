/**
 * @module The lock one `vigie serve` holds on its database so that a second one, started by
 * mistake on the same SQLite file or PostgreSQL schema, refuses to start instead of running
 * every check twice. Only the server takes it: the CLI commands work beside a running server.
 */
import type { Logger } from 'pino';
import { isPostgresUrl, DEFAULT_SQLITE_PATH, type OpenStoreOptions } from './open-store.js';
import { lockPostgresSchema } from './postgres/postgres-server-lock.js';
import { lockSqliteDatabase } from './sqlite/sqlite-server-lock.js';

/** A held server lock. */
export interface ServerLock {
  /** Gives the lock back; safe to call twice. */
  release(): Promise<void>;
}

/**
 * Takes the server lock of the database `opts` select (open the store first: it creates the
 * PostgreSQL schema), or throws an error naming the database and, when known, the holder.
 */
export async function takeServerLock(opts: Pick<OpenStoreOptions, 'url' | 'sqlitePath' | 'pgSchema'>, log?: Pick<Logger, 'error'>): Promise<ServerLock> {
  if (opts.url !== undefined && isPostgresUrl(opts.url)) return lockPostgresSchema(opts.url, opts.pgSchema, log);
  const path = opts.sqlitePath ?? DEFAULT_SQLITE_PATH;
  if (path === ':memory:') return { release: async () => {} };
  const lock = lockSqliteDatabase(path);
  return { release: async () => lock.release() };
}
