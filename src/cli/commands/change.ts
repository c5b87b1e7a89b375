/**
 * @module `vigie change record|list|rollback`: changes recorded through a running Vigie's API
 * (`/api/v1/changes`), for scripts and pipelines on other machines. Exit 0 on success, 1 when
 * Vigie answers that the change does not exist, 2 for bad input (named by its flag) or any error.
 */
import { Command, Option } from 'commander';
import { changeList, changeView } from '../../api/schemas/change.schemas.js';
import { CHANGE_KINDS } from '../../changes/changes.types.js';
import { parseDuration } from '../../core/duration.js';
import { shortTime, table } from '../crisis-format.js';
import { collect, flagOfPath, runApiCommand, usage, wholeFlag, withApiOptions, type ApiFlags, type Lang } from '../api-client.js';
import type { z } from 'zod';

type ChangeView = z.output<typeof changeView>;

type RecordOpts = ApiFlags & {
  summary: string;
  kind?: string;
  ref?: string;
  source?: string;
  at?: string;
  monitor: string[];
  service: string[];
  tag: string[];
  host: string[];
  link: string[];
  detail: string[];
  rollout?: string;
  ring?: string;
  json?: boolean;
};
type ListOpts = ApiFlags & { rollout?: string; monitor?: string; kind?: string; since?: string; limit?: string; json?: boolean };

/** The flag behind each field of the change body and of the list query. */
export const CHANGE_FLAGS: Readonly<Record<string, string>> = {
  summary: '--summary',
  source: '--source',
  timestamp: '--at',
  kind: '--kind',
  external_ref: '--ref',
  links: '--link',
  custom_details: '--detail',
  'targets.monitors': '--monitor',
  'targets.services': '--service',
  'targets.tags': '--tag',
  'targets.hosts': '--host',
  targets: '--monitor, --service, --tag or --host',
  rollout: '--rollout',
  ring: '--ring',
  from: '--since',
  monitor: '--monitor',
  limit: '--limit',
  note: '--note',
  id: '<id>',
};

const WORDS = {
  en: {
    recorded: (id: number, what: string, ring: string, reach: string) => `change #${id} recorded (${what})${ring}: ${reach}`,
    rolledBackLine: (id: number, at: string, by: string, note: string) => `change #${id} rolled back at ${at} by ${by}${note ? `: ${note}` : ''}`,
    reaches: 'reaches', nothing: 'reaches no monitor now', asRing: (ring: number, rollout: string) => `deployment of ring ${ring} of rollout ${rollout}`,
    none: 'no change', rolledBack: 'rolled back', by: 'by', head: ['ID', 'AT', 'KIND', 'REF', 'ROLLOUT', 'REACHES', 'SUMMARY'],
  },
  fr: {
    recorded: (id: number, what: string, ring: string, reach: string) => `changement n° ${id} enregistré (${what})${ring} : ${reach}`,
    rolledBackLine: (id: number, at: string, by: string, note: string) => `changement n° ${id} annulé le ${at} par ${by}${note ? ` : ${note}` : ''}`,
    reaches: 'touche', nothing: 'ne touche aucune sonde actuellement', asRing: (ring: number, rollout: string) => `déploiement de l’anneau ${ring} du déploiement ${rollout}`,
    none: 'aucun changement', rolledBack: 'annulé', by: 'par', head: ['N°', 'DATE', 'TYPE', 'RÉF.', 'DÉPLOIEMENT', 'TOUCHE', 'RÉSUMÉ'],
  },
} as const;

/** `--detail key=value` items as custom details (the last value of a key wins). */
export function parseDetails(items: readonly string[]): Record<string, string> {
  const details: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw usage(`--detail: "${item}" is not key=value`, `--detail : « ${item} » n’est pas de la forme clé=valeur`);
    details[item.slice(0, eq).trim()] = item.slice(eq + 1);
  }
  return details;
}

/** `--at`: epoch milliseconds as a number, anything else as text for Vigie to read (it names `--at` when it cannot). */
export function atValue(text: string): string | number {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : text;
}

/** The body of `POST /api/v1/changes` from the flags. */
export function changeBodyOf(opts: RecordOpts): Record<string, unknown> {
  const targets = { monitors: opts.monitor, services: opts.service, tags: opts.tag, hosts: opts.host };
  const hasTargets = opts.monitor.length + opts.service.length + opts.tag.length + opts.host.length > 0;
  if ((opts.rollout === undefined) !== (opts.ring === undefined)) {
    throw usage('--rollout and --ring go together: the ring of the rollout this change deploys', '--rollout et --ring vont ensemble : l’anneau du déploiement que ce changement déploie');
  }
  return {
    summary: opts.summary,
    ...(opts.source !== undefined ? { source: opts.source } : {}),
    ...(opts.at !== undefined ? { timestamp: atValue(opts.at) } : {}),
    ...(opts.kind !== undefined ? { kind: opts.kind } : {}),
    ...(opts.ref !== undefined ? { external_ref: opts.ref } : {}),
    links: opts.link.map((href) => ({ href })),
    ...(opts.detail.length > 0 ? { custom_details: parseDetails(opts.detail) } : {}),
    ...(hasTargets ? { targets } : {}),
    ...(opts.rollout !== undefined ? { rollout: opts.rollout, ring: wholeFlag(opts.ring!, '--ring') } : {}),
  };
}

/** "change #12 recorded (patch KB5009557), deployment of ring 0 of rollout kb-dc: reaches dc-1". */
export function describeRecorded(c: ChangeView, lang: Lang): string {
  const w = WORDS[lang];
  const what = [c.kind, c.external_ref].filter((x) => x !== null).join(' ');
  const ring = c.rollout !== null && c.ring !== null ? `, ${w.asRing(c.ring, c.rollout)}` : '';
  return w.recorded(c.id, what, ring, c.reaches.length > 0 ? `${w.reaches} ${c.reaches.join(', ')}` : w.nothing);
}

/** One line per change, newest first, under a header. */
export function formatChangeList(items: readonly ChangeView[], lang: Lang): string {
  const w = WORDS[lang];
  if (items.length === 0) return `${w.none}\n`;
  const rows = items.map((c) => [
    String(c.id),
    shortTime(c.timestamp),
    c.kind,
    c.external_ref ?? '—',
    c.rollout === null ? '—' : `${c.rollout}#${c.ring ?? '?'}`,
    c.reaches.join(',') || '—',
    `${c.summary}${c.rolled_back_at ? ` [${w.rolledBack} ${shortTime(c.rolled_back_at)} ${w.by} ${c.rolled_back_by ?? '—'}]` : ''}`,
  ]);
  return `${table([[...w.head], ...rows]).join('\n')}\n`;
}

/** `--since`: a duration back from now (`24h`), or a time (ISO 8601 or epoch ms) passed on. */
export function sinceValue(text: string, now: number): string {
  const ms = parseDuration(text);
  return ms === undefined ? text : String(now - ms);
}

const kindOption = (what: string) => new Option('--kind <kind>', what).choices(CHANGE_KINDS);
const flagOf = (path: string) => flagOfPath(path, CHANGE_FLAGS);
const print = (json: boolean | undefined, value: unknown, text: string) => process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : text);

/** The `change` command. */
export function changeCommand(): Command {
  const cmd = new Command('change')
    .description('Changes (patches, deployments, procedures…) recorded through a running Vigie, shown beside incidents as suspects.')
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
  withApiOptions(cmd.command('record').description('Record a change; prints its id and the monitors it reaches. Exit 0 recorded, 2 refused or error.'))
    .requiredOption('--summary <text>', 'what changed, in one line')
    .addOption(kindOption('what kind of change (default: the rollout’s kind, else other)'))
    .option('--ref <ref>', 'an external reference: KB5009557, a ticket, a commit')
    .option('--source <source>', 'where it comes from: a pipeline, a tool, a host')
    .option('--at <time>', 'when it was made: ISO 8601 with an offset or epoch milliseconds (default: now; not in the future)')
    .option('--monitor <id>', 'a monitor it touched (repeatable)', collect, [])
    .option('--service <id>', 'a service it touched (repeatable)', collect, [])
    .option('--tag <tag>', 'a tag: every monitor and service with it (repeatable)', collect, [])
    .option('--host <glob>', 'a host name or glob matched against the monitors’ targets, e.g. dc-*.corp.example (repeatable)', collect, [])
    .option('--link <url>', 'an http(s) link (repeatable)', collect, [])
    .option('--detail <key=value>', 'a custom detail (repeatable)', collect, [])
    .option('--rollout <id>', 'the rollout this change deploys a ring of (with --ring; targets default to the ring’s)')
    .option('--ring <n>', 'the ring of --rollout it deploys (0 is the first)')
    .option('--json', 'print the change as JSON')
    .action(async (opts: RecordOpts) => {
      await runApiCommand(
        'change',
        opts,
        async (api) => {
          const change = await api.post('/api/v1/changes', changeView, changeBodyOf(opts));
          print(opts.json, change, `${describeRecorded(change, opts.lang)}\n`);
          return 0;
        },
        { flagOf },
      );
    });
  withApiOptions(cmd.command('list').description('List changes, newest first.'))
    .option('--rollout <id>', 'only the steps of this rollout')
    .option('--monitor <id>', 'only changes that name this monitor')
    .addOption(kindOption('only changes of this kind'))
    .option('--since <duration|time>', 'only changes made since: 24h, 7d, or an ISO 8601 time')
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'print them as JSON')
    .action(async (opts: ListOpts) => {
      await runApiCommand(
        'change',
        opts,
        async (api) => {
          const { items } = await api.get('/api/v1/changes', changeList, {
            rollout: opts.rollout,
            monitor: opts.monitor,
            kind: opts.kind,
            from: opts.since === undefined ? undefined : sinceValue(opts.since, Date.now()),
            limit: wholeFlag(opts.limit ?? '100', '--limit', 1),
          });
          print(opts.json, items, formatChangeList(items, opts.lang));
          return 0;
        },
        { flagOf },
      );
    });
  withApiOptions(cmd.command('rollback').description('Mark a change rolled back (a second time keeps the first). Exit 1 when there is no such change.').argument('<id>', 'the change id'))
    .option('--note <text>', 'how it was rolled back: uninstalled, reverted…')
    .option('--json', 'print the change as JSON')
    .action(async (idText: string, opts: ApiFlags & { note?: string; json?: boolean }) => {
      await runApiCommand(
        'change',
        opts,
        async (api) => {
          const id = wholeFlag(idText, '<id>', 1);
          const change = await api.post(`/api/v1/changes/${id}/rollback`, changeView, opts.note !== undefined ? { note: opts.note } : {});
          const w = WORDS[opts.lang];
          print(opts.json, change, `${w.rolledBackLine(change.id, shortTime(change.rolled_back_at ?? change.created_at), change.rolled_back_by ?? '—', change.rollback_note ?? '')}\n`);
          return 0;
        },
        { flagOf },
      );
    });
  return cmd;
}
