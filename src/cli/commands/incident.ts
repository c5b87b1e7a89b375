/** @module `vigie incident export <id>`: an incident with its timeline and figures, as Markdown or JSON, read from the database. */
import { Command, Option } from 'commander';
import { incidentDocument, incidentMarkdown } from '../../incidents/incident-export.js';
import { openStore } from '../../storage/open-store.js';
import { withDatabaseOptions } from '../options.js';

type ExportOpts = { databaseUrl?: string; sqlite?: string; format: 'md' | 'json'; lang: 'en' | 'fr' };

async function exportIncident(idText: string, opts: ExportOpts): Promise<void> {
  const id = Number(idText);
  if (!Number.isSafeInteger(id) || id < 1) throw new Error(`"${idText}" is not an incident id (a whole number such as 12)`);
  const store = await openStore({ url: opts.databaseUrl ?? process.env.VIGIE_DATABASE_URL, sqlitePath: opts.sqlite, pgSchema: process.env.VIGIE_DATABASE_SCHEMA || undefined });
  try {
    await store.migrate();
    const incident = await store.incidents.get(id);
    if (!incident) {
      process.stderr.write(`no incident with id ${id}\n`);
      process.exitCode = 1;
      return;
    }
    const timeline = await store.incidents.timeline(id);
    const text = opts.format === 'json' ? `${JSON.stringify(incidentDocument(incident, timeline), null, 2)}\n` : incidentMarkdown(incident, timeline, opts.lang);
    process.stdout.write(text);
  } finally {
    await store.close();
  }
}

/** The `incident` command. */
export function incidentCommand(): Command {
  const cmd = new Command('incident').description('Incidents: export one with its timeline and figures.');
  withDatabaseOptions(cmd.command('export').description('Print an incident with its timeline and figures (time to detect, acknowledge, resolve).').argument('<id>', 'the incident id'))
    .addOption(new Option('--format <format>', 'md (Markdown) or json').choices(['md', 'json']).default('md'))
    .addOption(new Option('--lang <lang>', 'language of the Markdown text').choices(['en', 'fr']).default('en'))
    .action(exportIncident);
  return cmd;
}
