/**
 * SQLite WAL checkpoints run in a worker thread, not inside the main thread's commits: the main
 * connection's auto-checkpoint is off, yet the database file receives the WAL's pages while the
 * store stays open.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/storage/open-store.js';
import type { ResultRow } from '../../src/storage/store.js';
import { waitFor } from '../helpers/app-database.js';

describe('SQLite checkpoints off the main thread', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-ckpt-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('switches off the inline auto-checkpoint and still moves the WAL into the database file', async () => {
    const path = join(dir, 'vigie.db');
    const store = await openStore({ sqlitePath: path });
    try {
      await store.migrate();
      const auto = await sql<{ wal_autocheckpoint: number }>`PRAGMA wal_autocheckpoint`.execute(store.db);
      expect(auto.rows[0]?.wal_autocheckpoint).toBe(0);
      await store.monitors.upsert({ id: 'm', name: 'm', type: 'http', source: 'api', input: {}, tags: [], paused: false }, 1);
      const before = statSync(path).size;
      const rows: ResultRow[] = Array.from({ length: 20_000 }, (_, i) => ({
        monitorId: 'm', location: 'local', at: 1_000_000 + i, status: 'up', latencyMs: i % 100, message: `HTTP 200 in ${i % 100} ms`, timings: { total: i % 100 },
      }));
      await store.results.insertMany(rows);
      // Only a checkpoint writes pages into the main file; the main connection never runs one.
      await waitFor('the worker to checkpoint the WAL into the database file', () => statSync(path).size > before + 1_000_000, 20_000, 200);
    } finally {
      await store.close();
    }
  });

  it('keeps SQLite\'s own auto-checkpoint with VIGIE_SQLITE_CHECKPOINT=inline', async () => {
    process.env.VIGIE_SQLITE_CHECKPOINT = 'inline';
    const store = await openStore({ sqlitePath: join(dir, 'inline.db') });
    try {
      const auto = await sql<{ wal_autocheckpoint: number }>`PRAGMA wal_autocheckpoint`.execute(store.db);
      expect(auto.rows[0]?.wal_autocheckpoint).toBe(1000);
    } finally {
      delete process.env.VIGIE_SQLITE_CHECKPOINT;
      await store.close();
    }
  });
});
