/**
 * File monitors across restarts, on SQLite and PostgreSQL: a restart with the same file rewrites
 * no monitor (secrets sealed and push tokens hashed included) and still schedules every one; a
 * changed monitor is the only one written; a removed one is soft-deleted; a pause made through
 * the API stands; and a config of 1,200 monitors is stored in multi-row statements.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { DIALECTS, dialectAvailable } from '../helpers/databases.js';
import { appDatabase, type AppDatabase } from '../helpers/app-database.js';

const MANY = 1200;

function config(extra = '', names: Record<string, string> = {}): string {
  const lines = [
    'server: { host: 127.0.0.1, port: 0 }',
    'monitors:',
    '  - id: web',
    `    name: ${names['web'] ?? 'Web'}`,
    '    interval: 1h',
    '    http: { url: "http://127.0.0.1:9/health?token=s3cret", headers: { Authorization: "Bearer abc" } }',
    '  - id: beat',
    '    interval: 1h',
    '    heartbeat: { token: beat-0123456789abcdef, period: 1h }',
    '  - id: quiet',
    '    interval: 1h',
    '    paused: true',
    '    tcp: { host: 127.0.0.1, port: 9 }',
  ];
  for (let i = 0; i < MANY; i++) lines.push(`  - { id: bulk-${i}, interval: 1h, tags: [bulk], tcp: { host: 127.0.0.1, port: 9 } }`);
  return `${lines.join('\n')}\n${extra}`;
}

for (const dialect of DIALECTS) {
  describe(`file monitors across restarts (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'file monitor sync tests');
    let db: AppDatabase;
    let app: App | undefined;
    let configPath: string;

    const start = async (text: string): Promise<App> => {
      await app?.close();
      writeFileSync(configPath, text);
      app = await startApp({ ...db.appOptions(configPath), watch: false });
      return app;
    };
    const stamps = async (a: App) => new Map((await a.store.monitors.all()).map((m) => [m.id, m.updatedAt]));

    beforeAll(async () => {
      if (!available) return;
      db = appDatabase(dialect);
      configPath = join(db.dir, 'vigie.yaml');
    });
    afterAll(async () => {
      await app?.close();
      await db?.cleanup();
    });

    it.skipIf(!available)('rewrites nothing when restarted on the same file, and schedules every monitor', async () => {
      const first = await start(config());
      const before = await stamps(first);
      expect(before.size).toBe(MANY + 3);
      await new Promise((r) => setTimeout(r, 20)); // a rewrite would carry a later updated_at
      const again = await start(config());
      expect(await stamps(again)).toEqual(before);
      // Scheduled all the same: each can be run now, and the paused one stays paused.
      expect(await again.engine.runNow('bulk-7')).toMatchObject({ status: 'down' });
      expect((await again.store.monitors.get('quiet'))?.paused).toBe(true);
      expect((await again.store.monitors.get('beat'))?.input).toMatchObject({ heartbeat: { token: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) } });
    }, 120_000);

    it.skipIf(!available)('writes only the changed monitor, removes the one taken out, and keeps a pause made through the API', async () => {
      const running = await start(config());
      await running.engine.setPaused('bulk-3', true, 'test');
      const before = await stamps(running);
      await new Promise((r) => setTimeout(r, 20));
      const changed = await start(config('', { web: 'Web shop' }).replace('  - { id: bulk-9, interval: 1h, tags: [bulk], tcp: { host: 127.0.0.1, port: 9 } }\n', ''));
      const after = await stamps(changed);
      const rewritten = [...after].filter(([id, at]) => before.get(id) !== at).map(([id]) => id);
      expect(rewritten).toEqual(['web']);
      expect(after.has('bulk-9')).toBe(false);
      expect((await changed.store.monitors.get('web'))?.name).toBe('Web shop');
      expect((await changed.store.monitors.get('bulk-3'))?.paused).toBe(true);
      expect((await changed.store.monitors.get('bulk-9'))).toBeUndefined();
    }, 120_000);
  });
}
