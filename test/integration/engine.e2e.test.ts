/**
 * End to end in one process: a config file → the engine → real HTTP/TCP targets on loopback →
 * stored results and transitions, hot reload of the file, and graceful close — on SQLite and
 * PostgreSQL.
 */
import { createServer, type Server } from 'node:http';
import { writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import type { Transition } from '../../src/engine/monitor-state.js';
import type { ResultRow } from '../../src/storage/store.js';
import { DIALECTS, dialectAvailable } from '../helpers/databases.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';

function configText(port: number, extra = ''): string {
  return `server: { host: 127.0.0.1, port: 0 }
scheduler: { batch: { size: 50, interval: 200ms } }
monitors:
  - id: web
    interval: 1s
    timeout: 1s
    http: { url: "http://127.0.0.1:${port}/health", body_contains: "ok" }
  - id: port
    interval: 1s
    tcp: { host: 127.0.0.1, port: ${port} }
${extra}`;
}

for (const dialect of DIALECTS) {
  describe(`engine end to end (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'engine end-to-end tests');
    let server: Server;
    let port = 0;
    let answer = { status: 200, body: 'ok' };
    let db: AppDatabase;
    let app: App;
    let configPath: string;
    const transitions: Transition[] = [];
    const results: ResultRow[] = [];

    beforeAll(async () => {
      if (!available) return;
      server = createServer((_req, res) => res.writeHead(answer.status, { connection: 'close' }).end(answer.body));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      port = (server.address() as { port: number }).port;
      db = appDatabase(dialect);
      configPath = join(db.dir, 'vigie.yaml');
      writeFileSync(configPath, configText(port));
      app = await startApp({
        ...db.appOptions(configPath),
      });
      app.bus.on('transition', (t) => transitions.push(t));
      app.bus.on('result', (r) => results.push(r));
    });

    afterAll(async () => {
      if (!available) return;
      await app?.close();
      await new Promise((r) => server.close(r));
      await db.cleanup();
    });

    it.skipIf(!available)('brings monitors up, stores results with phase timings and the first transitions', async () => {
      await waitFor('both monitors up', () => ['web', 'port'].every((id) => app.engine.stateOf(id)?.state === 'up'));
      const stored = await waitFor('stored results', async () => {
        const page = await app.store.results.list('web', { limit: 10 });
        return page.items.length > 0 ? page : null;
      });
      expect(stored.items[0]!.status).toBe('up');
      expect(stored.items[0]!.timings?.connect).toBeGreaterThanOrEqual(0);
      expect(stored.items[0]!.timings?.total).toBeGreaterThan(0);
      const first = await app.store.transitions.list({ monitorId: 'web' }, { limit: 10 });
      expect(first.items.map((t) => `${t.fromState}→${t.toState}`)).toEqual(['pending→up']);
    });

    it.skipIf(!available)('goes down after two failing results with the reason stored, and recovers', async () => {
      answer = { status: 503, body: 'maintenance' };
      const down = await waitFor('web down', () => transitions.find((t) => t.monitorId === 'web' && t.toState === 'down'), 20_000);
      expect(down.reason).toMatch(/^down: .*503/);
      expect(down.reason).toContain('confirmed by 2 consecutive results');
      const failing = results.filter((r) => r.monitorId === 'web' && r.status === 'down');
      expect(failing.length).toBeGreaterThanOrEqual(2);
      answer = { status: 200, body: 'ok' };
      const up = await waitFor('web recovered', () => transitions.find((t) => t.monitorId === 'web' && t.toState === 'up' && t.fromState === 'down'), 20_000);
      expect(up.reason).toMatch(/^recovered: /);
      const stored = await app.store.transitions.list({ monitorId: 'web' }, { limit: 10 });
      expect(stored.items.map((t) => t.toState)).toEqual(['up', 'down', 'up']);
      const state = await app.store.monitors.get('web');
      expect(state?.state?.state).toBe('up');
    });

    it.skipIf(!available)('hot-reloads a valid file (changed monitor rescheduled, history kept) and refuses an invalid one', async () => {
      const before = await app.store.results.count('web');
      const reloaded = new Promise((resolve) => app.bus.once('config.reloaded', resolve));
      const tmp = `${configPath}.tmp`;
      writeFileSync(tmp, configText(port, `  - id: added\n    interval: 1s\n    tcp: { host: 127.0.0.1, port: ${port} }\n`).replace('interval: 1s\n    timeout: 1s', 'interval: 2s\n    timeout: 1s'));
      renameSync(tmp, configPath);
      expect(await reloaded).toEqual({ ok: true, monitors: 3 });
      await waitFor('added monitor up', () => app.engine.stateOf('added')?.state === 'up', 20_000);
      expect(await app.store.results.count('web')).toBeGreaterThanOrEqual(before);
      expect(app.engine.stateOf('web')?.state).toBe('up');

      const refused = new Promise<unknown>((resolve) => app.bus.once('config.reloaded', resolve));
      writeFileSync(configPath, configText(port).replace(`http: { url: "http://127.0.0.1:${port}/health"`, 'http: { url: "not a url"'));
      const event = (await refused) as { ok: boolean; error: string };
      expect(event.ok).toBe(false);
      expect(event.error).toMatch(/vigie\.yaml:\d+:\d+ monitors\[0\]\.http\.url: must be an absolute http\(s\) URL/);
      expect(app.engine.size).toBe(3);
      expect(app.config().monitors.map((m) => m.id)).toEqual(['web', 'port', 'added']);
    });

    it.skipIf(!available)('removing a monitor from the file stops it but keeps its history', async () => {
      const reloaded = new Promise((resolve) => app.bus.once('config.reloaded', resolve));
      writeFileSync(configPath, configText(port).replace(/  - id: port[\s\S]*$/, ''));
      expect(await reloaded).toEqual({ ok: true, monitors: 1 });
      expect(await app.store.monitors.get('port')).toBeUndefined();
      expect(await app.store.results.count('port')).toBeGreaterThan(0);
    });

    it.skipIf(!available)('flushes every buffered result on close', async () => {
      await app.close();
      const checks = await app.engine.metrics.checks.get();
      const seen = checks.values.reduce((sum, v) => sum + v.value, 0);
      expect(seen).toBeGreaterThanOrEqual(results.length);
      const reopened = await import('../../src/storage/open-store.js').then((m) =>
        m.openStore(dialect === 'postgres' ? { url: db.databaseUrl, pgSchema: db.pgSchema } : { sqlitePath: db.sqlitePath }),
      );
      try {
        expect(await reopened.results.count()).toBe(seen);
      } finally {
        await reopened.close();
      }
    });
  });
}
