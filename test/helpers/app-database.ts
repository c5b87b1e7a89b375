/**
 * @module Database settings for tests that start a whole Vigie (in-process or as a child
 * process): a temporary SQLite file, or a PostgreSQL schema of its own, dropped by `cleanup()`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { AppOptions } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import type { Dialect } from '../../src/storage/store.js';
import { TEST_PG_URL } from './databases.js';

export interface AppDatabase {
  dialect: Dialect;
  dir: string;
  sqlitePath: string;
  /** `postgres://…` for PostgreSQL, '' for SQLite (so that VIGIE_DATABASE_URL cannot leak in). */
  databaseUrl: string;
  pgSchema: string | undefined;
  /** Environment for a child `vigie serve` (or any command) on this database and its secret key file. */
  env: Record<string, string>;
  /** What `startApp` needs to run on this database with `configPath`: silent logs, no jitter. */
  appOptions(configPath: string): AppOptions;
  cleanup(): Promise<void>;
}

export function appDatabase(dialect: Dialect): AppDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-app-'));
  const schema = `vigie_app_${randomBytes(5).toString('hex')}`;
  const sqlitePath = join(dir, 'vigie.db');
  const databaseUrl = dialect === 'postgres' ? TEST_PG_URL : '';
  return {
    dialect,
    dir,
    sqlitePath,
    databaseUrl,
    pgSchema: dialect === 'postgres' ? schema : undefined,
    // The key file the in-process app uses (beside `sqlitePath`), so that a child `vigie` on the
    // same PostgreSQL database reads its secrets, as every process of one deployment must.
    env: {
      ...(dialect === 'postgres' ? { VIGIE_DATABASE_URL: TEST_PG_URL, VIGIE_DATABASE_SCHEMA: schema } : { VIGIE_DATABASE_URL: '' }),
      VIGIE_SECRET_KEY_FILE: join(dir, 'secret.key'),
    },
    appOptions(configPath) {
      const pgSchema = dialect === 'postgres' ? schema : undefined;
      return { configPath, sqlitePath, databaseUrl, pgSchema, logger: createLogger('silent'), engine: { jitter: false } };
    },
    async cleanup() {
      rmSync(dir, { recursive: true, force: true });
      if (dialect !== 'postgres') return;
      const client = new pg.Client({ connectionString: TEST_PG_URL });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    },
  };
}

/** Polls `fn` until it returns a truthy value or the deadline passes (then throws with `what`). */
export async function waitFor<T>(what: string, fn: () => Promise<T> | T, timeoutMs = 30_000, everyMs = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
