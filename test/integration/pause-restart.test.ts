/**
 * A pause made through the API on a file monitor survives a restart, and the file still wins
 * when it changes its own `paused` value.
 */
import { createServer, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../../src/app.js';
import { DIALECTS, dialectAvailable } from '../helpers/databases.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect, 'pause/restart tests')))(`pause across restarts (${dialect})`, () => {
    let server: Server;
    let db: AppDatabase;
    let configPath: string;
    const write = (paused: boolean) =>
      writeFileSync(configPath, `server: { host: 127.0.0.1, port: 0 }\nmonitors:\n  - id: web\n    interval: 1s\n    paused: ${paused}\n    http: { url: "http://127.0.0.1:${(server.address() as { port: number }).port}/" }\n`);
    const start = () =>
      startApp({ ...db.appOptions(configPath), watch: false });

    beforeAll(async () => {
      server = createServer((_req, res) => res.end('ok'));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      db = appDatabase(dialect);
      configPath = join(db.dir, 'vigie.yaml');
      write(false);
    });
    afterAll(async () => {
      await new Promise((r) => server.close(r));
      await db.cleanup();
    });

    it('keeps an API pause of a file monitor after a restart, until the file itself changes `paused`', async () => {
      const first = await start();
      await waitFor('web up', () => first.engine.stateOf('web')?.state === 'up');
      await first.engine.setPaused('web', true, 'ops');
      await first.close();

      const second = await start();
      expect(second.engine.stateOf('web')?.state).toBe('paused');
      expect((await second.store.monitors.get('web'))?.paused).toBe(true);
      const count = await second.store.results.count('web');
      await new Promise((r) => setTimeout(r, 2500));
      expect(await second.store.results.count('web')).toBe(count);

      // The file now says paused: true, then false: the file changed its own value, so it wins.
      write(true);
      await second.reload();
      write(false);
      await second.reload();
      expect((await second.store.monitors.get('web'))?.paused).toBe(false);
      await waitFor('web up again after the file resumed it', () => second.engine.stateOf('web')?.state === 'up', 20_000);
      const reasons = (await second.store.transitions.list({ monitorId: 'web', kind: 'state' }, { limit: 10 })).items.map((t) => t.reason);
      expect(reasons.slice(0, 3)).toEqual([expect.stringMatching(/^up: /), 'resumed by the configuration file', 'paused by ops']);
      await second.close();
    });
  });
}
