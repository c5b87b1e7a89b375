#!/usr/bin/env node
/** @module The `vigie` command line. */
import { Command } from 'commander';
import { VERSION } from '../version.js';

/**
 * Each command's module, loaded only when needed: `vigie guard check` starts without the server,
 * the checks or the database drivers (a pipeline step runs it often). Every command is loaded
 * for `vigie --help` and anything that is not a known command name.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./commands/serve.js')).serveCommand(),
  validate: async () => (await import('./commands/validate.js')).validateCommand(),
  check: async () => (await import('./commands/check.js')).checkCommand(),
  schema: async () => (await import('./commands/schema.js')).schemaCommand(),
  migrate: async () => (await import('./commands/migrate.js')).migrateCommand(),
  token: async () => (await import('./commands/token.js')).tokenCommand(),
  agent: async () => (await import('./commands/agent.js')).agentCommand(),
  domain: async () => (await import('./commands/domain.js')).domainCommand(),
  incident: async () => (await import('./commands/incident.js')).incidentCommand(),
  oncall: async () => (await import('./commands/oncall.js')).oncallCommand(),
  silence: async () => (await import('./commands/silence.js')).silenceCommand(),
  notify: async () => (await import('./commands/notify.js')).notifyCommand(),
  crisis: async () => (await import('./commands/crisis.js')).crisisCommand(),
  status: async () => (await import('./commands/status.js')).statusCommand(),
  change: async () => (await import('./commands/change.js')).changeCommand(),
  rollout: async () => (await import('./commands/rollout.js')).rolloutCommand(),
  guard: async () => (await import('./commands/guard.js')).guardCommand(),
};

const program = new Command()
  .name('vigie')
  .description('Vigie detects outages of critical digital services, mobilises the people who must act, and tells the public on time.')
  .version(VERSION)
  .showHelpAfterError('(run with --help for usage)');

const asked = process.argv[2];
for (const name of asked !== undefined && Object.hasOwn(COMMANDS, asked) ? [asked] : Object.keys(COMMANDS)) program.addCommand(await COMMANDS[name]!());

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`vigie: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
