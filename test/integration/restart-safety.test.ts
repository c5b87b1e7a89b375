/**
 * Restart safety: `vigie serve` checking hundreds of monitors is killed with SIGKILL mid-work;
 * on restart nothing that was stored is lost or corrupted, every stored state has the
 * transition that led to it, and no monitor starts over. SIGTERM finishes cleanly with exit 0.
 */
import { createServer, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/storage/open-store.js';
import type { Store } from '../../src/storage/store.js';
import { DIALECTS, dialectAvailable } from '../helpers/databases.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';
import { startVigieProcess } from '../helpers/vigie-process.js';

const MONITORS = 300;

function config(port: number): string {
  const lines = ['server: { host: 127.0.0.1, port: 0 }', 'scheduler: { batch: { size: 200, interval: 300ms } }', 'monitors:'];
  for (let i = 0; i < MONITORS; i++) {
    // Every third monitor flips between up and down, so transitions are written all the time.
    const path = i % 3 === 0 ? `/flaky/${i}` : `/ok/${i}`;
    lines.push(`  - { id: m-${i}, interval: 1s, confirmations: { down: 1, up: 1 }, http: { url: "http://127.0.0.1:${port}${path}" } }`);
  }
  return `${lines.join('\n')}\n`;
}

async function countAll(store: Store): Promise<{ results: number; transitions: number }> {
  const t = await store.db.selectFrom('transitions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { results: await store.results.count(), transitions: Number(t.n) };
}

for (const dialect of DIALECTS) {
  describe(`restart safety (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'restart-safety tests');
    let server: Server;
    let db: AppDatabase;
    let configPath: string;
    let flip = 0;
    let observer: Store;

    beforeAll(async () => {
      if (!available) return;
      server = createServer((req, res) => {
        const failing = req.url!.startsWith('/flaky/') && flip++ % 2 === 0;
        res.writeHead(failing ? 500 : 200, { connection: 'close' }).end(failing ? 'boom' : 'ok');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      db = appDatabase(dialect);
      configPath = join(db.dir, 'vigie.yaml');
      writeFileSync(configPath, config((server.address() as { port: number }).port));
    });

    afterAll(async () => {
      if (!available) return;
      await observer?.close();
      await new Promise((r) => server.close(r));
      await db.cleanup();
    });

    const serveArgs = () => ['serve', '--config', configPath, '--sqlite', db.sqlitePath, '--port', '0', '--no-watch'];
    const openObserver = () => openStore(dialect === 'postgres' ? { url: db.databaseUrl, pgSchema: db.pgSchema } : { sqlitePath: db.sqlitePath });

    it.skipIf(!available)('loses nothing stored when killed with SIGKILL during heavy checking', async () => {
      const first = await startVigieProcess(serveArgs(), db.env);
      observer = await openObserver();
      await waitFor('1000 stored results', async () => (await observer.results.count()) >= 1000, 90_000);
      const before = await countAll(observer);
      first.child.kill('SIGKILL');
      expect((await first.exited).signal).toBe('SIGKILL');
      await observer.close();

      observer = await openObserver();
      if (dialect === 'sqlite') {
        const check = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(observer.db);
        expect(check.rows.map((r) => r.integrity_check)).toEqual(['ok']);
      }
      const after = await countAll(observer);
      expect(after.results).toBeGreaterThanOrEqual(before.results);
      expect(after.transitions).toBeGreaterThanOrEqual(before.transitions);

      // Every stored state is the target of that monitor's latest stored state transition.
      const states = await observer.states.loadAll();
      expect(states.size).toBeGreaterThan(0);
      for (const [monitorId, state] of states) {
        const last = await observer.transitions.list({ monitorId, kind: 'state' }, { limit: 1 });
        if (state.state === 'pending') expect(last.items).toHaveLength(0);
        else expect(last.items[0]?.toState, `state of ${monitorId}`).toBe(state.state);
      }
      const perMonitorBefore = new Map<string, number>();
      for (const id of states.keys()) perMonitorBefore.set(id, (await observer.transitions.list({ monitorId: id, kind: 'state' }, { limit: 1000 })).items.filter((t) => t.fromState === 'pending').length);

      // Restart on the same database: it carries on from the stored states.
      const second = await startVigieProcess(serveArgs(), db.env);
      await waitFor('new results after restart', async () => (await observer.results.count()) >= after.results + 600, 120_000);
      second.child.kill('SIGTERM');
      const exit = await second.exited;
      expect(exit.code).toBe(0);
      expect(second.logs.some((l) => l.msg === 'engine stopped')).toBe(true);
      for (const [id, count] of perMonitorBefore) {
        const fromPending = (await observer.transitions.list({ monitorId: id, kind: 'state' }, { limit: 1000 })).items.filter((t) => t.fromState === 'pending').length;
        expect(fromPending, `monitor ${id} started over after the restart`).toBe(count);
      }
    }, 240_000);
  });
}
