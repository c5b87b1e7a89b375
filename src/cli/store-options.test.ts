import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandStoreOptions, storeOptions } from './store-options.js';

const PG = 'postgres://vigie@db.example.test/vigie';
const config = (storage: { url?: string; sqlite_path: string }) => ({ storage: { ...storage, retention: { raw: 1, rollups: 1 }, batch: { size: 1, interval: 1 } } }) as never;

describe('storeOptions', () => {
  it('takes a URL from the flag, then VIGIE_DATABASE_URL, then storage.url; an empty variable counts as unset', () => {
    const withUrl = config({ url: 'postgres://file@db.example.test/vigie', sqlite_path: '/var/lib/vigie/vigie.db' });
    expect(storeOptions({ databaseUrl: PG }, withUrl, { VIGIE_DATABASE_URL: 'postgres://env@db/vigie' }).url).toBe(PG);
    expect(storeOptions({}, withUrl, { VIGIE_DATABASE_URL: 'postgres://env@db/vigie' }).url).toBe('postgres://env@db/vigie');
    expect(storeOptions({}, withUrl, { VIGIE_DATABASE_URL: '' }).url).toBe('postgres://file@db.example.test/vigie');
    expect(storeOptions({ databaseUrl: '' }, withUrl, { VIGIE_DATABASE_URL: PG }).url).toBe('');
  });

  it('takes the SQLite file from --sqlite, then storage.sqlite_path, then ./data/vigie.db; the schema from the flag, then VIGIE_DATABASE_SCHEMA', () => {
    const file = config({ sqlite_path: '/var/lib/vigie/vigie.db' });
    expect(storeOptions({ sqlite: '/tmp/x.db' }, file, {})).toEqual({ url: undefined, sqlitePath: '/tmp/x.db', pgSchema: undefined });
    expect(storeOptions({}, file, { VIGIE_DATABASE_SCHEMA: 'ops' })).toEqual({ url: undefined, sqlitePath: '/var/lib/vigie/vigie.db', pgSchema: 'ops' });
    expect(storeOptions({ pgSchema: 'tests' }, undefined, { VIGIE_DATABASE_SCHEMA: 'ops' })).toEqual({ url: undefined, sqlitePath: './data/vigie.db', pgSchema: 'tests' });
  });
});

describe('commandStoreOptions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-store-options-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the configuration given by --config or VIGIE_CONFIG, with ${VAR} expanded from the same environment', async () => {
    const path = join(dir, 'vigie.yaml');
    writeFileSync(path, 'storage:\n  sqlite_path: ${STATE_DIR}/vigie.db\nmonitors: []\n');
    expect((await commandStoreOptions({ config: path }, { STATE_DIR: '/srv' })).sqlitePath).toBe('/srv/vigie.db');
    expect((await commandStoreOptions({}, { VIGIE_CONFIG: path, STATE_DIR: '/opt' })).sqlitePath).toBe('/opt/vigie.db');
  });

  it('needs no configuration when the database is given, and refuses to guess without one', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      rmSync(join(dir, 'vigie.yaml'), { force: true });
      expect(await commandStoreOptions({ sqlite: 'x.db' }, {})).toMatchObject({ sqlitePath: 'x.db' });
      expect(await commandStoreOptions({}, { VIGIE_DATABASE_URL: PG })).toMatchObject({ url: PG });
      await expect(commandStoreOptions({}, { VIGIE_CONFIG: '', VIGIE_DATABASE_URL: '' })).rejects.toThrow(/^no configuration found to tell where the database is/);
    } finally {
      process.chdir(cwd);
    }
  });
});
