/** @module `vigie validate`: checks a config file or directory and prints every error with its position. */
import { Command } from 'commander';
import { loadConfig } from '../../config/load-config.js';
import { toMonitorDefinitions } from '../../config/config.schema.js';
import { defaultConfigPath } from '../options.js';

export function validateCommand(): Command {
  return new Command('validate')
    .description('Validate a config file or directory; prints file:line:column field: message for each error. Exit 0 when valid, 1 when not.')
    .argument('[path]', 'config file or directory', defaultConfigPath())
    .action(async (path: string) => {
      try {
        const { config, files } = await loadConfig(path);
        process.stdout.write(`${path}: valid — ${toMonitorDefinitions(config).length} monitor(s) in ${files.length} file(s)\n`);
      } catch (err) {
        process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 1;
      }
    });
}
