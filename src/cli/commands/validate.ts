/** @module `vigie validate`: checks a config file or directory and prints every error with its position, then its warnings. */
import { Command } from 'commander';
import { formatIssue } from '../../config/config-error.js';
import { locate, type ConfigNode } from '../../config/config-tree.js';
import { loadConfig } from '../../config/load-config.js';
import { toMonitorDefinitions } from '../../config/config.schema.js';
import { notificationsConfigWarnings } from '../../notifications/notifications-config.js';
import { crisisConfigWarnings } from '../../crisis/crisis-config.js';
import { statusConfigWarnings } from '../../status/status-config.js';
import { defaultConfigPath } from '../options.js';

/** One warning line: `warning: vigie.yaml:12:5 people[1].contacts: …`, placed through the tree when there is one. */
export function formatWarning(warning: { path: (string | number)[]; message: string }, tree: ConfigNode | undefined, fallbackFile: string): string {
  const at = tree ? locate(tree, warning.path).at : { file: fallbackFile };
  return `warning: ${formatIssue({ ...at, path: warning.path, message: warning.message })}`;
}

export function validateCommand(): Command {
  return new Command('validate')
    .description('Validate a config file or directory; prints file:line:column field: message for each error, then warnings (people nobody can reach, schedule gaps in the next 28 days). Exit 0 when valid (even with warnings), 1 when not.')
    .argument('[path]', 'config file or directory', defaultConfigPath())
    .action(async (path: string) => {
      try {
        const { config, files, tree } = await loadConfig(path);
        process.stdout.write(`${path}: valid — ${toMonitorDefinitions(config).length} monitor(s) in ${files.length} file(s)\n`);
        for (const warning of [...notificationsConfigWarnings(config, Date.now()), ...crisisConfigWarnings(config), ...statusConfigWarnings(config, toMonitorDefinitions(config))]) process.stderr.write(`${formatWarning(warning, tree, path)}\n`);
      } catch (err) {
        process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 1;
      }
    });
}
