/** @module `vigie serve`: runs the engine, the API and the config watcher until SIGTERM/SIGINT. */
import { Command } from 'commander';
import { startApp } from '../../app.js';
import { createLogger } from '../../logger.js';
import { withConfigOption, withDatabaseOptions } from '../options.js';

export function serveCommand(): Command {
  const cmd = new Command('serve').description('Run Vigie: checks, API and status data, reloading the config when it changes.');
  withDatabaseOptions(withConfigOption(cmd))
    .option('--host <host>', 'address to listen on (default: server.host from the config)')
    .option('--port <port>', 'port to listen on (default: server.port from the config)', (v) => Number.parseInt(v, 10))
    .option('--no-watch', 'do not reload the config when its files change')
    .action(async (opts: { config: string; databaseUrl?: string; sqlite?: string; host?: string; port?: number; watch: boolean }) => {
      const log = createLogger();
      const app = await startApp({
        configPath: opts.config,
        databaseUrl: opts.databaseUrl,
        sqlitePath: opts.sqlite,
        host: opts.host,
        port: opts.port,
        watch: opts.watch,
        logger: log,
        logLevelFromConfig: true,
      });
      log.info({ url: app.url, config: opts.config, database: app.store.dialect }, `Vigie is listening on ${app.url}`);
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        log.info({ signal }, 'shutting down: finishing in-flight checks and flushing results');
        app.close().then(
          () => process.exit(0),
          (err: unknown) => {
            log.error({ err }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
    });
  return cmd;
}
