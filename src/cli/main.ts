#!/usr/bin/env node
/** @module The `vigie` command line. */
import { Command } from 'commander';
import { VERSION } from '../version.js';
import { serveCommand } from './commands/serve.js';
import { validateCommand } from './commands/validate.js';
import { checkCommand } from './commands/check.js';
import { schemaCommand } from './commands/schema.js';
import { migrateCommand } from './commands/migrate.js';
import { tokenCommand } from './commands/token.js';
import { agentCommand } from './commands/agent.js';
import { domainCommand } from './commands/domain.js';
import { incidentCommand } from './commands/incident.js';

const program = new Command()
  .name('vigie')
  .description('Vigie detects outages of critical digital services, mobilises the people who must act, and tells the public on time.')
  .version(VERSION)
  .showHelpAfterError('(run with --help for usage)');

program.addCommand(serveCommand());
program.addCommand(validateCommand());
program.addCommand(checkCommand());
program.addCommand(schemaCommand());
program.addCommand(migrateCommand());
program.addCommand(tokenCommand());
program.addCommand(agentCommand());
program.addCommand(domainCommand());
program.addCommand(incidentCommand());

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`vigie: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
