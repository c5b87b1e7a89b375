import { mkdtempSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from './open-sqlite.js';

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe('openSqlite', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a new database, its -wal and -shm files with mode 0600 and its missing folders with 0700', async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigie-sqlite-mode-'));
    const path = join(dir, 'data', 'nested', 'vigie.db');
    const { db } = openSqlite(path);
    try {
      await sql`create table t (x integer)`.execute(db);
      await sql`insert into t values (1)`.execute(db);
      expect({ db: modeOf(path), wal: modeOf(`${path}-wal`), shm: modeOf(`${path}-shm`) }).toEqual({ db: '600', wal: '600', shm: '600' });
      expect({ data: modeOf(join(dir, 'data')), nested: modeOf(join(dir, 'data', 'nested')) }).toEqual({ data: '700', nested: '700' });
    } finally {
      await db.destroy();
    }
  });

  it('leaves the mode of an existing database file alone', async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigie-sqlite-mode-'));
    const path = join(dir, 'vigie.db');
    writeFileSync(path, '');
    chmodSync(path, 0o640);
    const { db } = openSqlite(path);
    await sql`select 1`.execute(db);
    await db.destroy();
    expect(modeOf(path)).toBe('640');
  });
});
