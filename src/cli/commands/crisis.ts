/**
 * @module `vigie crisis list|show|activate|deactivate|link|check|met|draft|edit-draft|approve|send`:
 * the crisis actions of the API, run directly on the server's database with the server's
 * configuration (its cells, people and stakeholders). Pages and messages go to the deliveries
 * outbox, which the running server's notification loop sends.
 */
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { Command, Option } from 'commander';
import pino from 'pino';
import type { z } from 'zod';
import { ApiError } from '../../api/errors.js';
import { crisisActivateBody, crisisDeactivateBody, crisisDraftBody, crisisDraftEditBody } from '../../api/schemas/crisis.schemas.js';
import { CrisisApiService } from '../../api/services/crisis-api.service.js';
import { loadConfig } from '../../config/load-config.js';
import { composeDraft } from '../../crisis/draft-compose.js';
import { AUDIENCES } from '../../crisis/crisis.schema.js';
import { CrisisService } from '../../crisis/crisis-service.js';
import { Bus } from '../../engine/bus.js';
import { IncidentActions } from '../../incidents/incident-actions.js';
import { toNotificationsModel, type NotificationsModel } from '../../notifications/notifications-config.js';
import { openStore } from '../../storage/open-store.js';
import { withStoreOptions } from '../options.js';
import { commandConfigPath, storeOptions, type StoreCommandFlags } from '../store-options.js';
import { formatCrisisDetail, formatCrisisList, formatDeadline, formatDraft } from '../crisis-format.js';

type Lang = 'en' | 'fr';
type Common = StoreCommandFlags & { json?: boolean; lang: Lang; by?: string };

/** Bad input on the command line: exit 2, naming the option. */
class UsageError extends Error {}

/** What an action gets: the API layer over a crisis service on the database, and the people. */
interface Session {
  crises: CrisisApiService;
  model: NotificationsModel;
  author: string;
}

function defaultAuthor(): string {
  try {
    return `${userInfo().username} (cli)`;
  } catch {
    return `${process.env.USER ?? 'someone'} (cli)`;
  }
}

/** A whole number ≥ `min` given as `what` (an argument or option). */
function whole(text: string | undefined, what: string, min = 1): number {
  const n = Number(text);
  if (text === undefined || !/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min) throw new UsageError(`${what}: "${text ?? ''}" is not a ${min === 0 ? 'whole number (0 or more)' : 'whole number such as 3'}`);
  return n;
}

/** Parses `value` with a body schema, naming the option of each issue. */
function parse<S extends z.ZodType>(schema: S, value: unknown, flags: Record<string, string>): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => {
    const key = i.path.filter((p) => typeof p === 'string').join('.');
    return `${flags[key] ?? flags[''] ?? key}: ${i.message}`;
  });
  throw new UsageError(lines.join('\nvigie crisis: '));
}

/** Opens the configuration and the database, runs `fn`, and answers errors with exit 1 (refused) or 2 (bad input). */
async function session(opts: StoreCommandFlags & { by?: string }, fn: (s: Session) => Promise<void>): Promise<void> {
  try {
    const path = commandConfigPath(opts);
    if (path === undefined) throw new UsageError(`needs the server's configuration (its crisis cells, people and stakeholders): give --config <path> or VIGIE_CONFIG; looked for ./vigie.yaml and ./vigie.d/ in ${process.cwd()}`);
    const { config } = await loadConfig(path);
    const model = toNotificationsModel(config);
    const store = await openStore(storeOptions(opts, config));
    try {
      await store.migrate();
      const service = new CrisisService({
        store,
        log: pino({ level: 'error', base: null }, pino.destination(2)),
        config: () => config,
        model: () => model,
        actions: new IncidentActions(store, new Bus(), Date.now),
        compose: (input) => composeDraft(store, input),
        publicUrl: () => (config.server.public_url ?? `http://${config.server.host}:${config.server.port}`).replace(/\/+$/, ''),
        now: Date.now,
      });
      await fn({ crises: new CrisisApiService({ crisis: () => service, store, notifications: () => model, now: Date.now }), model, author: opts.by ?? defaultAuthor() });
    } finally {
      await store.close();
    }
  } catch (error) {
    if (error instanceof UsageError || (error instanceof ApiError && error.statusCode === 400)) {
      process.stderr.write(`vigie crisis: ${error.message}\n`);
      process.exitCode = 2;
    } else if (error instanceof ApiError) {
      process.stderr.write(`vigie crisis: ${error.message}\n`);
      process.exitCode = 1;
    } else throw error;
  }
}

/** Prints `value` as JSON, or as text. */
function print(opts: { json?: boolean }, value: unknown, text: () => string): void {
  process.stdout.write(opts.json ? `${JSON.stringify(value, null, 2)}\n` : text());
}

async function activate(opts: Common & { cell?: string; kind?: string; incident?: string; title?: string; titleFr?: string; reason?: string }): Promise<void> {
  await session(opts, async ({ crises, author }) => {
    const title = opts.title === undefined ? undefined : opts.titleFr === undefined ? opts.title : { en: opts.title, fr: opts.titleFr };
    const incident = opts.incident === undefined ? undefined : whole(opts.incident, '--incident');
    const body = parse(crisisActivateBody, { cell: opts.cell ?? '', kind: opts.kind, incident, title, reason: opts.reason }, { cell: '--cell', kind: '--kind', title: '--title', 'title.en': '--title', 'title.fr': '--title-fr', reason: '--reason' });
    const crisis = await crises.activate(body, { author, personId: null });
    print(opts, crisis, () => formatCrisisDetail(crisis, opts.lang));
  });
}

async function deactivate(idText: string, opts: Common & { summary?: string; summaryFr?: string }): Promise<void> {
  await session(opts, async ({ crises, author }) => {
    const id = whole(idText, '<id>');
    const summary = opts.summaryFr === undefined ? (opts.summary ?? '') : { en: opts.summary ?? '', fr: opts.summaryFr };
    const body = parse(crisisDeactivateBody, { summary }, { summary: '--summary', 'summary.en': '--summary', 'summary.fr': '--summary-fr' });
    const crisis = await crises.deactivate(id, body.summary, { author, personId: null });
    print(opts, crisis, () => formatCrisisDetail(crisis, opts.lang));
  });
}

async function createDraft(idText: string, opts: Common & { deadline?: string; audience?: string; stakeholders?: string }): Promise<void> {
  await session(opts, async ({ crises, author }) => {
    const id = whole(idText, '<id>');
    const deadline = opts.deadline === undefined ? undefined : whole(opts.deadline, '--deadline');
    const stakeholders = opts.stakeholders?.split(',').map((s) => s.trim()).filter(Boolean);
    const body = parse(crisisDraftBody, { deadline, audience: opts.audience, stakeholders }, { deadline: '--deadline', audience: '--audience', stakeholders: '--stakeholders' });
    const draft = await crises.createDraft(id, body, { author, personId: null });
    print(opts, draft, () => formatDraft(draft, opts.lang));
  });
}

async function editDraft(idText: string, draftText: string, opts: Omit<Common, 'lang'> & { lang?: Lang; subject?: string; bodyFile?: string }): Promise<void> {
  await session(opts, async ({ crises, model, author }) => {
    const [id, draftId] = [whole(idText, '<id>'), whole(draftText, '<draftId>')];
    const lang = opts.lang ?? model.language;
    const body = opts.bodyFile === undefined ? undefined : await readBody(opts.bodyFile);
    const texts = parse(crisisDraftEditBody, { [lang]: { subject: opts.subject, body } }, { '': '--subject or --body-file', [lang]: '--subject or --body-file', [`${lang}.subject`]: '--subject', [`${lang}.body`]: '--body-file' });
    const draft = await crises.editDraft(id, draftId, texts, { author, personId: null });
    print(opts, draft, () => formatDraft(draft, lang));
  });
}

async function readBody(file: string): Promise<string> {
  try {
    return file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--body-file: cannot read ${file}: ${(error as Error).message}`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function approve(idText: string, draftText: string, opts: Common & { as: string }): Promise<void> {
  await session(opts, async ({ crises, model, author }) => {
    const [id, draftId] = [whole(idText, '<id>'), whole(draftText, '<draftId>')];
    if (!model.people.has(opts.as)) throw new UsageError(`--as: unknown person "${opts.as}"; people: ${[...model.people.keys()].join(', ') || 'none'}`);
    const draft = await crises.approveDraft(id, draftId, { author, personId: opts.as });
    print(opts, draft, () => formatDraft(draft, opts.lang));
  });
}

/** The options every subcommand takes: the database, `--json`, `--lang`, and `--by` for those that act. */
function sub(cmd: Command, name: string, description: string, { writes = true, lang = new Option('--lang <lang>', 'language of the texts printed').default('en') } = {}): Command {
  const c = withStoreOptions(cmd.command(name).description(description))
    .option('--json', 'print the answer as JSON (as the API gives it)')
    .addOption(lang.choices(['en', 'fr']));
  return writes ? c.option('--by <name>', 'who acts, in the timeline (default: the system user)') : c;
}

/** The `crisis` command. */
export function crisisCommand(): Command {
  const cmd = new Command('crisis')
    .description('Crisis cells: activate, follow and deactivate crises; tick the checklist, meet deadlines, prepare, approve and send communications (on the database, with the server’s configuration).')
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
  sub(cmd, 'list', 'List crises, newest first.', { writes: false })
    .addOption(new Option('--status <status>', 'only active or deactivated crises').choices(['active', 'deactivated']))
    .action((opts: Common & { status?: 'active' | 'deactivated' }) =>
      session(opts, async ({ crises }) => {
        const { items } = await crises.list({ status: opts.status, limit: 500 });
        print(opts, items, () => formatCrisisList(items, opts.lang));
      }),
    );
  sub(cmd, 'show', 'Show a crisis: roles, checklist, incidents, deadlines (time left, late), drafts.', { writes: false })
    .argument('<id>', 'the crisis id')
    .action((idText: string, opts: Common) =>
      session(opts, async ({ crises }) => {
        const crisis = await crises.get(whole(idText, '<id>'));
        print(opts, crisis, () => formatCrisisDetail(crisis, opts.lang));
      }),
    );
  sub(cmd, 'activate', 'Activate a crisis cell by hand: its members are paged (by the running server) and the deadlines start.')
    .requiredOption('--cell <id>', 'the crisis cell')
    .option('--kind <kind>', 'the crisis kind: picks the checklist (default: default)')
    .option('--incident <id>', 'the incident the crisis is for (default: a SEV1 incident is opened)')
    .option('--title <text>', 'title of the incident opened without --incident (both languages, unless --title-fr)')
    .option('--title-fr <text>', 'its French title')
    .option('--reason <text>', 'why, in the timeline')
    .action(activate);
  sub(cmd, 'deactivate', 'Deactivate a crisis with a summary; its members are told.')
    .argument('<id>', 'the crisis id')
    .requiredOption('--summary <text>', 'how it ended (both languages, unless --summary-fr)')
    .option('--summary-fr <text>', 'the summary in French')
    .action(deactivate);
  sub(cmd, 'link', 'Join an incident to a crisis.')
    .argument('<id>', 'the crisis id')
    .argument('<incident>', 'the incident id')
    .action((idText: string, incidentText: string, opts: Common) =>
      session(opts, async ({ crises, author }) => {
        const crisis = await crises.link(whole(idText, '<id>'), whole(incidentText, '<incident>'), { author, personId: null });
        print(opts, crisis, () => formatCrisisDetail(crisis, opts.lang));
      }),
    );
  sub(cmd, 'check', 'Tick a checklist item (or untick it with --undo).')
    .argument('<id>', 'the crisis id')
    .argument('<index>', 'the item, from 0 (as `show` lists them)')
    .option('--undo', 'mark it not done')
    .action((idText: string, indexText: string, opts: Common & { undo?: boolean }) =>
      session(opts, async ({ crises, author }) => {
        const crisis = await crises.checklist(whole(idText, '<id>'), whole(indexText, '<index>', 0), opts.undo !== true, { author, personId: null });
        print(opts, crisis, () => formatCrisisDetail(crisis, opts.lang));
      }),
    );
  sub(cmd, 'met', 'Mark a deadline met by hand (a call, a form on a regulator’s site).')
    .argument('<id>', 'the crisis id')
    .argument('<deadlineId>', 'the deadline id (as `show` lists them)')
    .option('--note <text>', 'how it was met, in the timeline')
    .action((idText: string, deadlineText: string, opts: Common & { note?: string }) =>
      session(opts, async ({ crises, author }) => {
        const note = opts.note?.trim() || undefined;
        const deadline = await crises.meet(whole(idText, '<id>'), whole(deadlineText, '<deadlineId>'), note, { author, personId: null });
        print(opts, deadline, () => formatDeadline(deadline, opts.lang));
      }),
    );
  sub(cmd, 'draft', 'Prepare a draft with the facts filled in: for a deadline, or for an audience (internal by default).')
    .argument('<id>', 'the crisis id')
    .option('--deadline <id>', 'the deadline it is for (its audience and stakeholders)')
    .addOption(new Option('--audience <audience>', 'who it is for (not with --deadline)').choices([...AUDIENCES]))
    .option('--stakeholders <ids>', 'stakeholder ids, comma-separated (authority and stakeholder audiences)')
    .action(createDraft);
  sub(cmd, 'edit-draft', 'Change the subject or body of a draft in one language; an approved draft needs approving again.', { lang: new Option('--lang <lang>', 'which text to change, and print (default: notifications.language)') })
    .argument('<id>', 'the crisis id')
    .argument('<draftId>', 'the draft id')
    .option('--subject <text>', 'the new subject')
    .option('--body-file <file>', 'a file with the new body (- for the standard input)')
    .action(editDraft);
  sub(cmd, 'approve', 'Approve a draft as the communication lead.')
    .argument('<id>', 'the crisis id')
    .argument('<draftId>', 'the draft id')
    .requiredOption('--as <person>', 'the person approving: the communication lead’s person id')
    .action(approve);
  sub(cmd, 'send', 'Send an approved draft (the running server delivers it); meets its deadline.')
    .argument('<id>', 'the crisis id')
    .argument('<draftId>', 'the draft id')
    .action((idText: string, draftText: string, opts: Common) =>
      session(opts, async ({ crises, author }) => {
        const draft = await crises.sendDraft(whole(idText, '<id>'), whole(draftText, '<draftId>'), { author, personId: null });
        print(opts, draft, () => formatDraft(draft, opts.lang));
      }),
    );
  return cmd;
}
