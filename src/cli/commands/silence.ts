/** @module `vigie silence add|list|expire`: silences, stored in the server's database. */
import { userInfo } from 'node:os';
import { Command } from 'commander';
import { ApiError } from '../../api/errors.js';
import { silenceBody } from '../../api/schemas/notification.schemas.js';
import { SilenceService } from '../../api/services/silence.service.js';
import type { Store } from '../../storage/store.js';
import { withStoreOptions } from '../options.js';
import { openCommandStore, type StoreCommandFlags } from '../store-options.js';

type AddOpts = StoreCommandFlags & { service: string[]; tag: string[]; severity: string[]; incident: string[]; start?: string; end?: string; duration?: string; comment?: string; json?: boolean };

/** The flag behind each field of the body, for error messages. */
const FLAGS: Record<string, string> = { 'matchers.services': '--service', 'matchers.tags': '--tag', 'matchers.severities': '--severity', 'matchers.incidents': '--incident', matchers: '--service, --tag, --severity or --incident', starts_at: '--start', ends_at: '--end', duration: '--duration', comment: '--comment' };

const collect = (value: string, previous: string[]) => [...previous, value];

/** Who runs the command, as the author of a silence: the system user, marked `(cli)`. */
function cliAuthor(): string {
  let name: string | undefined;
  try {
    name = userInfo().username;
  } catch {
    name = process.env['USER'] || process.env['USERNAME'];
  }
  return `${name || 'someone'} (cli)`;
}

async function withStore(opts: StoreCommandFlags, fn: (silences: SilenceService, store: Store) => Promise<void>): Promise<void> {
  const store = await openCommandStore(opts);
  try {
    await store.migrate();
    await fn(new SilenceService(store, Date.now), store);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    process.stderr.write(`vigie silence: ${err.message}\n`);
    process.exitCode = 1;
  } finally {
    await store.close();
  }
}

function flagOf(path: PropertyKey[]): string {
  const key = path.filter((p) => typeof p === 'string').join('.');
  return FLAGS[key] ?? key;
}

type SilenceLine = { id: number; active: boolean; startsAt: string; endsAt: string; matchers: Record<string, unknown[] | undefined>; author: string; comment: string };

function describe(s: SilenceLine): string {
  const matchers = Object.entries(s.matchers).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${v!.join(',')}`).join(' ');
  return `${s.id}  ${s.active ? 'active' : 'upcoming'}  ${s.startsAt} → ${s.endsAt}  ${matchers}  by ${s.author}: ${s.comment}`;
}

async function add(opts: AddOpts): Promise<void> {
  const num = (text: string) => (/^\d+$/.test(text) ? Number(text) : text);
  const matchers = {
    ...(opts.service.length > 0 ? { services: opts.service } : {}),
    ...(opts.tag.length > 0 ? { tags: opts.tag } : {}),
    ...(opts.severity.length > 0 ? { severities: opts.severity.map((s) => s.toUpperCase()) } : {}),
    ...(opts.incident.length > 0 ? { incidents: opts.incident.map(num) } : {}),
  };
  const input = silenceBody.safeParse({ matchers, starts_at: opts.start, ends_at: opts.end, duration: opts.duration, comment: opts.comment ?? '' });
  if (!input.success) {
    for (const issue of input.error.issues) process.stderr.write(`vigie silence: ${flagOf(issue.path as PropertyKey[])}: ${issue.message}\n`);
    process.exitCode = 2;
    return;
  }
  await withStore(opts, async (silences) => {
    const created = await silences.create(input.data, cliAuthor());
    process.stdout.write(opts.json ? `${JSON.stringify(created, null, 2)}\n` : `${describe(created)}\n`);
  });
}

/** The `silence` command. */
export function silenceCommand(): Command {
  const cmd = new Command('silence').description('Silences: hold back the notifications of matching incidents for a while (stored in the database).');
  withStoreOptions(cmd.command('add').description('Add a silence; every given matcher must match, any value of each. Prints the silence with its id.'))
    .option('--service <id>', 'a service id (repeatable)', collect, [])
    .option('--tag <tag>', 'a tag of the incident’s monitors or services (repeatable)', collect, [])
    .option('--severity <sev>', 'SEV1, SEV2, SEV3 or SEV4 (repeatable)', collect, [])
    .option('--incident <id>', 'an incident id (repeatable)', collect, [])
    .option('--start <time>', 'when it starts: ISO 8601 or epoch milliseconds (default: now)')
    .option('--end <time>', 'when it ends (or give --duration)')
    .option('--duration <duration>', 'how long from the start: 30m, 2h, 1d (or give --end)')
    .option('--comment <text>', 'why (required)')
    .option('--json', 'print the silence as JSON')
    .action(add);
  withStoreOptions(cmd.command('list').description('List silences in force or upcoming, soonest end first.'))
    .option('--json', 'print them as JSON')
    .action(async (opts: StoreCommandFlags & { json?: boolean }) => {
      await withStore(opts, async (silences) => {
        const { items } = await silences.list();
        if (opts.json) process.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
        else if (items.length === 0) process.stdout.write('no active or upcoming silence\n');
        else for (const s of items) process.stdout.write(`${describe(s)}\n`);
      });
    });
  withStoreOptions(cmd.command('expire').description('End a silence now.').argument('<id>', 'the silence id')).action(async (idText: string, opts: StoreCommandFlags) => {
    const id = Number(idText);
    if (!Number.isSafeInteger(id) || id < 1) {
      process.stderr.write(`vigie silence: "${idText}" is not a silence id (a whole number such as 3)\n`);
      process.exitCode = 2;
      return;
    }
    await withStore(opts, async (silences) => {
      await silences.expire(id);
      process.stderr.write(`silence ${id} expired.\n`);
    });
  });
  return cmd;
}
