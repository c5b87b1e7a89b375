/**
 * @module Fresh, migrated stores for tests, one database per test file and dialect: a temporary
 * SQLite file, or a PostgreSQL schema of its own (`vigie_test_<random>`) dropped at the end.
 *
 * PostgreSQL runs at `VIGIE_TEST_PG_URL` (default `postgres://postgres@127.0.0.1:5432/test`).
 * When it is unreachable its tests are skipped loudly (and listed in `test/.skipped`), unless
 * `VIGIE_TEST_REQUIRE_ALL=1`, which makes the suite fail instead.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { openStore } from '../../src/storage/open-store.js';
import { redactUrl } from '../../src/storage/postgres/open-postgres.js';
import type { Dialect, Store } from '../../src/storage/store.js';

export const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];
export const TEST_PG_URL = process.env.VIGIE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SKIPPED_FILE = fileURLToPath(new URL('../.skipped', import.meta.url));

let postgresReachable: Promise<string | null> | undefined;

/** Null when PostgreSQL answers, otherwise why not. */
async function probePostgres(): Promise<string | null> {
  const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return (error as Error).message || String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Whether tests of this dialect can run here. For an unreachable PostgreSQL: throws when
 * `VIGIE_TEST_REQUIRE_ALL=1`, otherwise warns, records the skip in `test/.skipped` and returns false.
 */
export async function dialectAvailable(dialect: Dialect, suite = 'tests'): Promise<boolean> {
  if (dialect === 'sqlite') return true;
  const reason = await (postgresReachable ??= probePostgres());
  if (reason === null) return true;
  const why = `PostgreSQL not reachable at ${redactUrl(TEST_PG_URL)} (${reason}) — install with: apt-get install postgresql, or set VIGIE_TEST_PG_URL`;
  if (process.env.VIGIE_TEST_REQUIRE_ALL === '1') throw new Error(`Cannot run the postgres ${suite}: ${why}. VIGIE_TEST_REQUIRE_ALL=1 requires every dialect to run.`);
  const line = `SKIPPED postgres ${suite}: ${why}`;
  console.warn(line);
  appendFileSync(SKIPPED_FILE, `${line}\n`);
  return false;
}

/** A test database: its current store, and a way to reopen it as after a restart. */
export interface StoreFixture {
  readonly store: Store;
  /** Closes the current store and opens a new one on the same database (like a restart). */
  reopen(): Promise<Store>;
  /** Opens one more store on the same database (another process); closed at the end. */
  openAnother(): Promise<Store>;
}

/**
 * Registers hooks in the current `describe` that open a fresh migrated store of `dialect`
 * before its tests and close and remove it after them.
 */
export function withStore(dialect: Dialect): StoreFixture {
  const schema = `vigie_test_${randomBytes(6).toString('hex')}`;
  let dir: string | undefined;
  let current: Store | undefined;
  const extra: Store[] = [];

  const open = (): Promise<Store> =>
    dialect === 'postgres' ? openStore({ url: TEST_PG_URL, pgSchema: schema }) : openStore({ sqlitePath: join(dir!, 'vigie.db') });

  beforeAll(async () => {
    if (dialect === 'sqlite') dir = mkdtempSync(join(tmpdir(), 'vigie-store-'));
    current = await open();
    await current.migrate();
  }, 180_000);

  afterAll(async () => {
    for (const store of extra) await store.close();
    await current?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (dialect === 'postgres') {
      const client = new pg.Client({ connectionString: TEST_PG_URL });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    }
  }, 180_000);

  return {
    get store() {
      if (!current) throw new Error('The test store is not open yet: use it inside a test or hook.');
      return current;
    },
    async reopen() {
      await current?.close();
      current = await open();
      return current;
    },
    async openAnother() {
      const store = await open();
      extra.push(store);
      return store;
    },
  };
}
