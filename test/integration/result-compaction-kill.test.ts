/**
 * Compaction killed with SIGKILL: a child process compacting an hour of results is killed at
 * several points; every time, the results read back exactly as before (each batch of the
 * compactor is one transaction), and compacting again finishes the job. Both dialects.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openStore, type OpenStoreOptions } from '../../src/storage/open-store.js';
import type { ResultRow, Store } from '../../src/storage/store.js';
import { DIALECTS, dialectAvailable, TEST_PG_URL } from '../helpers/databases.js';

const HOUR = 3_600_000;
const MONITORS = 200;
const OPEN_STORE = fileURLToPath(new URL('../../src/storage/open-store.ts', import.meta.url));

/** Starts a child that opens the store and compacts `hour`; resolves once it is compacting. */
async function compactInChild(opts: OpenStoreOptions, hour: number) {
  const script = `import { openStore } from ${JSON.stringify(OPEN_STORE)};
const store = await openStore(${JSON.stringify(opts)});
process.stdout.write('compacting\\n');
await store.results.compactHour(${hour});
process.stdout.write('done\\n');
await store.close();`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    lines.once('line', () => resolve());
    child.once('exit', () => reject(new Error('the compacting child exited before starting')));
  });
  return { child, exited, done: new Promise<void>((resolve) => lines.on('line', (l) => l === 'done' && resolve())) };
}

async function everything(store: Store, hour: number) {
  const pages = [];
  for (const id of ['m-0', 'm-77', `m-${MONITORS - 1}`]) pages.push(await store.results.list(id, { limit: 1000 }));
  return { count: await store.results.count(), pages, counts: await store.results.countByStatus(['m-1', 'm-2'], [[hour, hour + HOUR]]) };
}

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect, 'compaction kill tests')))(`compaction killed with SIGKILL (${dialect})`, () => {
    it('loses and duplicates nothing, whenever it is killed, and a later run finishes', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'vigie-kill-compact-'));
      const schema = `vigie_test_${randomBytes(6).toString('hex')}`;
      const opts: OpenStoreOptions = dialect === 'postgres' ? { url: TEST_PG_URL, pgSchema: schema, secretKeyFile: join(dir, 'secret.key') } : { sqlitePath: join(dir, 'vigie.db') };
      let store = await openStore(opts);
      try {
        await store.migrate();
        const hour = Date.UTC(2025, 6, 1, 9);
        for (let m = 0; m < MONITORS; m++) await store.monitors.upsert({ id: `m-${m}`, name: `m-${m}`, type: 'http', source: 'api', input: {}, tags: [], paused: true }, 0);
        const rows: ResultRow[] = [];
        for (let k = 0; k < 180; k++) {
          for (let m = 0; m < MONITORS; m++) {
            const took = ((k * 7 + m) % 300) / 10 + 1;
            const up = (k + m) % 31 !== 0;
            rows.push({ monitorId: `m-${m}`, location: 'local', at: hour + k * 20_000 + m * 10, status: up ? 'up' : 'down', latencyMs: took, message: up ? `HTTP 200 in ${took} ms` : 'expected status 200, got 503', timings: { connect: 0.5, firstByte: 1, total: took } });
          }
        }
        await store.results.insertMany(rows);
        const before = await everything(store, hour);
        expect(before.count).toBe(180 * MONITORS);
        await store.close();

        for (const delayMs of [0, 30, 120, 400]) {
          const run = await compactInChild(opts, hour);
          await new Promise((r) => setTimeout(r, delayMs));
          run.child.kill('SIGKILL');
          expect(await run.exited).toBe('SIGKILL');
          store = await openStore(opts);
          expect(await everything(store, hour)).toEqual(before);
          await store.close();
        }
        store = await openStore(opts);
        await store.results.compactHour(hour);
        expect(await store.db.selectFrom('results').select('id').execute()).toEqual([]);
        expect(await everything(store, hour)).toEqual(before);
      } finally {
        await store.close().catch(() => {});
        rmSync(dir, { recursive: true, force: true });
        if (dialect === 'postgres') {
          const client = new pg.Client({ connectionString: TEST_PG_URL });
          await client.connect();
          await client.query(`drop schema if exists "${schema}" cascade`);
          await client.end();
        }
      }
    }, 240_000);
  });
}
