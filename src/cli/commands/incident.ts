/**
 * @module `vigie incident export <id>` (an incident with its timeline and figures, as Markdown or
 * JSON), `vigie incident report <id>` (the post-incident report, as Markdown, JSON or HTML, in
 * French or English), `vigie incident ack|resolve <id>` (the same actions as the API; the running server's
 * notification loop sees them in the database: acknowledging stops the escalation) and
 * `vigie incident update <id> --public|--internal --en … --fr …` (a public update, shown on the status
 * pages and sent to their subscribers, or an internal note; the running server's status pages see it
 * within seconds).
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { incidentDocument, incidentMarkdown } from '../../incidents/incident-export.js';
import { userInfo } from 'node:os';
import { Bus } from '../../engine/bus.js';
import { IncidentActionError, IncidentActions } from '../../incidents/incident-actions.js';
import { loadReport } from '../../crisis/report-source.js';
import { REPORT_FORMATS, renderReport, type ReportFormat } from '../../crisis/report-render.js';
import { withStoreOptions } from '../options.js';
import { openCommandStore, type StoreCommandFlags } from '../store-options.js';

type ExportOpts = StoreCommandFlags & { format: 'md' | 'json'; lang: 'en' | 'fr' };

function incidentId(idText: string): number {
  const id = Number(idText);
  if (!Number.isSafeInteger(id) || id < 1) throw new Error(`"${idText}" is not an incident id (a whole number such as 12)`);
  return id;
}

type ActOpts = StoreCommandFlags & { by?: string };

function defaultAuthor(): string {
  try {
    return `${userInfo().username} (cli)`;
  } catch {
    return `${process.env.USER ?? 'someone'} (cli)`;
  }
}

async function act(action: 'acknowledge' | 'resolve', idText: string, opts: ActOpts): Promise<void> {
  const id = incidentId(idText);
  const store = await openCommandStore(opts);
  try {
    await store.migrate();
    const incident = await new IncidentActions(store, new Bus(), Date.now)[action](id, opts.by ?? defaultAuthor());
    process.stdout.write(`incident ${id} ${incident.status} by ${opts.by ?? defaultAuthor()}\n`);
  } catch (error) {
    if (!(error instanceof IncidentActionError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  } finally {
    await store.close();
  }
}

type UpdateOpts = ActOpts & { public?: boolean; internal?: boolean; en?: string; fr?: string; text?: string };

const MAX_UPDATE_TEXT = 5000;

/** The update's kind and texts from the options, or a message saying what is missing. */
export function updateInput(opts: Pick<UpdateOpts, 'public' | 'internal' | 'en' | 'fr' | 'text'>): { kind: 'public' | 'internal'; text: { en: string; fr: string } } | { error: string } {
  if (opts.public === opts.internal) return { error: 'say whether the update is --public (shown on the status pages and sent to subscribers) or --internal (a note for responders)' };
  const en = (opts.en ?? opts.text ?? '').trim();
  const fr = (opts.fr ?? opts.text ?? '').trim();
  if (!en || !fr) return { error: `give the text in both languages with --en <text> and --fr <text> (or --text <text> for both); missing: ${[!en ? '--en' : '', !fr ? '--fr' : ''].filter(Boolean).join(' and ')}` };
  if (en.length > MAX_UPDATE_TEXT || fr.length > MAX_UPDATE_TEXT) return { error: `an update is at most ${MAX_UPDATE_TEXT} characters per language` };
  return { kind: opts.public ? 'public' : 'internal', text: { en, fr } };
}

async function update(idText: string, opts: UpdateOpts): Promise<void> {
  const id = incidentId(idText);
  const input = updateInput(opts);
  if ('error' in input) {
    process.stderr.write(`${input.error}\n`);
    process.exitCode = 1;
    return;
  }
  const store = await openCommandStore(opts);
  try {
    await store.migrate();
    await new IncidentActions(store, new Bus(), Date.now).addUpdate(id, input.kind, input.text, opts.by ?? defaultAuthor());
    process.stdout.write(`${input.kind === 'public' ? 'public update' : 'internal note'} added to incident ${id} by ${opts.by ?? defaultAuthor()}\n`);
  } catch (error) {
    if (!(error instanceof IncidentActionError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  } finally {
    await store.close();
  }
}

async function exportIncident(idText: string, opts: ExportOpts): Promise<void> {
  const id = incidentId(idText);
  const store = await openCommandStore(opts);
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

type ReportOpts = StoreCommandFlags & { format: ReportFormat; lang: 'en' | 'fr'; out?: string };

async function reportIncident(idText: string, opts: ReportOpts): Promise<void> {
  const id = incidentId(idText);
  const store = await openCommandStore(opts);
  let text: string;
  try {
    await store.migrate();
    const report = await loadReport(store, id, Date.now());
    if (!report) {
      process.stderr.write(opts.lang === 'fr' ? `aucun incident n° ${id} (no incident with id ${id})\n` : `no incident with id ${id}\n`);
      process.exitCode = 1;
      return;
    }
    text = renderReport(report, opts.format, opts.lang);
  } finally {
    await store.close();
  }
  if (opts.out === undefined) {
    process.stdout.write(text);
    return;
  }
  const path = resolve(opts.out);
  try {
    await writeFile(path, text, 'utf8');
  } catch (error) {
    const why = (error as Error).message;
    process.stderr.write(opts.lang === 'fr' ? `impossible d'écrire le rapport dans ${path} : ${why}\n` : `cannot write the report to ${path}: ${why}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(opts.lang === 'fr' ? `rapport de l'incident ${id} écrit dans ${path}\n` : `report of incident ${id} written to ${path}\n`);
}

/** The `incident` command. */
export function incidentCommand(): Command {
  const cmd = new Command('incident').description('Incidents: acknowledge, resolve, post public updates and internal notes, export one with its timeline and figures, print its post-incident report.');
  withStoreOptions(cmd.command('ack').description('Acknowledge an incident: its escalation stops and everyone paged is told.').argument('<id>', 'the incident id'))
    .option('--by <name>', 'who acknowledges (default: the system user)')
    .action((id: string, opts: ActOpts) => act('acknowledge', id, opts));
  withStoreOptions(cmd.command('resolve').description('Resolve an incident: everyone paged is told.').argument('<id>', 'the incident id'))
    .option('--by <name>', 'who resolves (default: the system user)')
    .action((id: string, opts: ActOpts) => act('resolve', id, opts));
  withStoreOptions(cmd.command('update').description('Add a public update (status pages, subscribers) or an internal note to an incident, in English and French.').argument('<id>', 'the incident id'))
    .option('--public', 'a public update: shown on the status pages and sent to their subscribers')
    .option('--internal', 'an internal note for responders')
    .option('--en <text>', 'the text in English')
    .option('--fr <text>', 'the text in French')
    .option('--text <text>', 'the same text in both languages (when --en or --fr is not given)')
    .option('--by <name>', 'who writes it (default: the system user)')
    .action(update);
  withStoreOptions(cmd.command('export').description('Print an incident with its timeline and figures (time to detect, acknowledge, resolve).').argument('<id>', 'the incident id'))
    .addOption(new Option('--format <format>', 'md (Markdown) or json').choices(['md', 'json']).default('md'))
    .addOption(new Option('--lang <lang>', 'language of the Markdown text').choices(['en', 'fr']).default('en'))
    .action(exportIncident);
  withStoreOptions(cmd.command('report').description('Print the post-incident report: figures (time to detect, acknowledge, activate the crisis cell, communicate, recover), deadlines met or missed, impact, timeline.').argument('<id>', 'the incident id'))
    .addOption(new Option('--format <format>', 'md (Markdown), json or html (a standalone page)').choices([...REPORT_FORMATS]).default('md'))
    .addOption(new Option('--lang <lang>', 'language of the report').choices(['en', 'fr']).default('en'))
    .option('--out <file>', 'write the report to this file instead of the standard output')
    .action(reportIncident);
  return cmd;
}
