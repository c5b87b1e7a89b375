/** `log.level` from the config file: applied at start and on reload, unless VIGIE_LOG_LEVEL is set. */
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApp, type App } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { appDatabase, type AppDatabase } from '../helpers/app-database.js';
import { DIALECTS, dialectAvailable } from '../helpers/databases.js';

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect, 'log level tests')))(`log.level (${dialect})`, () => {
    let db: AppDatabase | undefined;
    let app: App | undefined;
    const saved = process.env.VIGIE_LOG_LEVEL;
    afterEach(async () => {
      await app?.close();
      await db?.cleanup();
      app = undefined;
      db = undefined;
      if (saved === undefined) delete process.env.VIGIE_LOG_LEVEL;
      else process.env.VIGIE_LOG_LEVEL = saved;
    });

    async function start(level: string, env: string | undefined) {
      db = appDatabase(dialect);
      const configPath = join(db.dir, 'vigie.yaml');
      const write = (l: string) => writeFileSync(configPath, `server: { host: 127.0.0.1, port: 0 }\nlog: { level: ${l} }\nmonitors: []\n`);
      write(level);
      if (env === undefined) delete process.env.VIGIE_LOG_LEVEL;
      else process.env.VIGIE_LOG_LEVEL = env;
      const logger = createLogger(env ?? 'info');
      app = await startApp({ configPath, sqlitePath: db.sqlitePath, databaseUrl: db.databaseUrl, pgSchema: db.pgSchema, logger, watch: false, logLevelFromConfig: true });
      return { logger, write, app };
    }

    it('applies the file level at start and again on reload', async () => {
      const { logger, write, app: running } = await start('warn', undefined);
      expect(logger.level).toBe('warn');
      write('debug');
      await running.reload();
      expect(logger.level).toBe('debug');
    });

    it('leaves the level of VIGIE_LOG_LEVEL alone', async () => {
      const { logger, write, app: running } = await start('warn', 'error');
      expect(logger.level).toBe('error');
      write('debug');
      await running.reload();
      expect(logger.level).toBe('error');
    });
  });
}
