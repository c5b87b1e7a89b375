/** @module Options shared by several commands, and where their defaults come from. */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';

/** The config path: `--config`, then `VIGIE_CONFIG`, then `./vigie.yaml` or `./vigie.d/`. */
export function defaultConfigPath(): string {
  if (process.env.VIGIE_CONFIG) return process.env.VIGIE_CONFIG;
  if (!existsSync('vigie.yaml') && existsSync('vigie.d')) return 'vigie.d';
  return 'vigie.yaml';
}

export function withConfigOption(cmd: Command): Command {
  return cmd.option('-c, --config <path>', 'config file or directory of YAML files (env VIGIE_CONFIG)', defaultConfigPath());
}

export function withDatabaseOptions(cmd: Command): Command {
  return cmd
    .option('--database-url <url>', 'PostgreSQL URL (default: env VIGIE_DATABASE_URL, then storage.url from the config); SQLite when there is none')
    .option('--sqlite <path>', 'SQLite database file (default: storage.sqlite_path from the config)');
}

/**
 * The options of a command that opens the server's database (`migrate`, `token`, `incident`):
 * `--config` (no default here: without one, the database must be given) and the database flags.
 */
export function withStoreOptions(cmd: Command): Command {
  return withDatabaseOptions(
    cmd.option('-c, --config <path>', "the server's config file or directory, to find its database (default: env VIGIE_CONFIG, then ./vigie.yaml or ./vigie.d/)"),
  );
}
