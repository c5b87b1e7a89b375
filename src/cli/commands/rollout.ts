/**
 * @module `vigie rollout create|show|list|complete|abort`: rollouts in rings through a running
 * Vigie's API (`/api/v1/rollouts`). A ring is given as a spec, `--ring dc-1 --ring dc-2 --ring
 * dc-3,dc-4`, whose items are monitor ids, `service:<id>` or `tag:<t>`; or the whole API body
 * comes from `--file rollout.yaml|json`. Exit 0 on success, 1 when the rollout does not exist or
 * its id is taken, 2 for bad input (named by its flag) or any error.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Command, Option } from 'commander';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { rolloutDetail, rolloutList } from '../../api/schemas/change.schemas.js';
import { CHANGE_KINDS } from '../../changes/changes.types.js';
import { formatDuration } from '../../core/duration.js';
import { shortTime, table } from '../crisis-format.js';
import { collect, flagOfPath, runApiCommand, usage, wholeFlag, withApiOptions, type ApiFlags, type Lang } from '../api-client.js';

type Detail = z.output<typeof rolloutDetail>;
type Summary = z.output<typeof rolloutList>['items'][number];

type CreateOpts = ApiFlags & {
  id?: string;
  title?: string;
  kind?: string;
  ref?: string;
  ring: string[];
  soak?: string;
  ringSoak: string[];
  incidents: boolean;
  crisis: boolean;
  freezes: boolean;
  guardService: string[];
  file?: string;
  json?: boolean;
};

/** The soak of a ring given no `--soak` nor `--ring-soak`. */
export const DEFAULT_SOAK = '30m';

/** What one `--ring` spec names. */
export interface RingTargets {
  monitors: string[];
  services: string[];
  tags: string[];
}

/** The flag of the `index`th ring (0-based): `--ring #2 (ring 1)`. */
export function ringFlag(index: number): string {
  return `--ring #${index + 1} (ring ${index})`;
}

/** Parses a ring spec: comma-separated monitor ids, `service:<id>`, `tag:<t>` (or `monitor:<id>`). */
export function parseRingSpec(spec: string, index: number): RingTargets {
  const ring: RingTargets = { monitors: [], services: [], tags: [] };
  const items = spec.split(',').map((s) => s.trim());
  const where = ringFlag(index);
  if (items.every((i) => i === '')) throw usage(`${where}: empty; give monitor ids, service:<id> or tag:<t>, comma-separated`, `${where} : vide ; donnez des identifiants de sondes, service:<id> ou tag:<t>, séparés par des virgules`);
  for (const item of items) {
    if (item === '') throw usage(`${where}: "${spec}" has an empty item`, `${where} : « ${spec} » contient un élément vide`);
    const colon = item.indexOf(':');
    const [prefix, value] = colon < 0 ? ['monitor', item] : [item.slice(0, colon), item.slice(colon + 1).trim()];
    const list = prefix === 'monitor' ? ring.monitors : prefix === 'service' ? ring.services : prefix === 'tag' ? ring.tags : undefined;
    if (list === undefined) throw usage(`${where}: "${item}": items are monitor ids, service:<id> or tag:<t>`, `${where} : « ${item} » : les éléments sont des identifiants de sondes, service:<id> ou tag:<t>`);
    if (value === '') throw usage(`${where}: "${item}" names nothing`, `${where} : « ${item} » ne nomme rien`);
    if (!list.includes(value)) list.push(value);
  }
  return ring;
}

/** `--ring-soak N=1h` items as ring index → duration text; N must be one of the `ringCount` rings. */
export function parseRingSoaks(items: readonly string[], ringCount: number): Map<number, string> {
  const soaks = new Map<number, string>();
  for (const item of items) {
    const m = /^\s*(\d+)\s*=\s*(\S+)\s*$/.exec(item);
    if (!m) throw usage(`--ring-soak: "${item}" is not N=duration, such as 1=2h`, `--ring-soak : « ${item} » n’est pas de la forme N=durée, comme 1=2h`);
    const index = Number(m[1]);
    if (index >= ringCount) throw usage(`--ring-soak: "${item}": there are rings 0 to ${ringCount - 1}`, `--ring-soak : « ${item} » : les anneaux vont de 0 à ${ringCount - 1}`);
    soaks.set(index, m[2]!);
  }
  return soaks;
}

/** The body of `POST /api/v1/rollouts` from the flags. Soaks are sent as written: Vigie checks them. */
export function rolloutBodyOf(opts: CreateOpts): Record<string, unknown> {
  if (opts.id === undefined) throw usage('--id is needed (or --file with the whole rollout)', '--id est nécessaire (ou --file avec tout le déploiement)');
  if (opts.ring.length === 0) throw usage('--ring is needed, once per ring in order: --ring dc-1 --ring dc-2 --ring dc-3,dc-4', '--ring est nécessaire, une fois par anneau dans l’ordre : --ring dc-1 --ring dc-2 --ring dc-3,dc-4');
  const soaks = parseRingSoaks(opts.ringSoak, opts.ring.length);
  return {
    id: opts.id,
    ...(opts.title !== undefined ? { title: opts.title } : {}),
    ...(opts.kind !== undefined ? { kind: opts.kind } : {}),
    ...(opts.ref !== undefined ? { external_ref: opts.ref } : {}),
    rings: opts.ring.map((spec, i) => ({ ...parseRingSpec(spec, i), soak: soaks.get(i) ?? opts.soak ?? DEFAULT_SOAK })),
    guard: { incidents: opts.incidents, crisis: opts.crisis, freezes: opts.freezes, services: opts.guardService },
  };
}

const ROLLOUT_FLAGS: Readonly<Record<string, string>> = {
  id: '--id',
  title: '--title',
  kind: '--kind',
  external_ref: '--ref',
  rings: '--ring',
  'guard.services': '--guard-service',
  'guard.incidents': '--no-incidents',
  'guard.crisis': '--no-crisis',
  'guard.freezes': '--no-freezes',
  status: '--status',
  limit: '--limit',
};

/** The flag behind a rollout body path: `rings[1]` → `--ring #2 (ring 1)`, `rings[1].soak` → `--ring-soak 1=…` or `--soak`. */
export function rolloutFlagOf(path: string, ringSoaks: ReadonlySet<number>): string | undefined {
  const ring = /^rings\[(\d+)\](?:\.(\w+))?/.exec(path);
  if (!ring) return flagOfPath(path, ROLLOUT_FLAGS);
  const index = Number(ring[1]);
  if (ring[2] === 'soak') return ringSoaks.has(index) ? `--ring-soak ${index}=…` : '--soak';
  return ringFlag(index);
}

/** The API body from `--file` (YAML or JSON). */
async function bodyFromFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw usage(`--file: cannot read ${path}: ${why}`, `--file : impossible de lire ${path} : ${why}`);
  }
  try {
    return parseYaml(text) as unknown;
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    throw usage(`--file: ${path} is neither YAML nor JSON: ${why}`, `--file : ${path} n’est ni du YAML ni du JSON : ${why}`);
  }
}

const WORDS = {
  en: {
    rollout: 'Rollout', change: 'Change', by: 'by', created: 'created', guard: 'Guard', rings: 'Rings', timeline: 'Timeline', none: 'no rollout',
    checks: { incidents: 'open incidents', crisis: 'active crises', freezes: 'change freezes' }, off: 'not checked', services: 'guarded services',
    statuses: { active: 'active', completed: 'completed', aborted: 'aborted' },
    head: { rings: ['RING', 'NAME', 'TARGETS', 'REACHES', 'SOAK', 'DEPLOYED'], list: ['ID', 'STATUS', 'KIND', 'REF', 'RINGS', 'CREATED', 'TITLE'] },
    changeNo: (id: number) => `change #${id}`,
  },
  fr: {
    rollout: 'Déploiement', change: 'Changement', by: 'par', created: 'créé le', guard: 'Garde', rings: 'Anneaux', timeline: 'Chronologie', none: 'aucun déploiement',
    checks: { incidents: 'incidents ouverts', crisis: 'crises en cours', freezes: 'gels des changements' }, off: 'non vérifiés', services: 'services surveillés',
    statuses: { active: 'actif', completed: 'terminé', aborted: 'abandonné' },
    head: { rings: ['ANNEAU', 'NOM', 'CIBLES', 'TOUCHE', 'OBSERVATION', 'DÉPLOYÉ'], list: ['ID', 'ÉTAT', 'TYPE', 'RÉF.', 'ANNEAUX', 'CRÉÉ', 'TITRE'] },
    changeNo: (id: number) => `changement n° ${id}`,
  },
} as const;

function ringTargets(r: Detail['rings'][number]): string {
  return [...r.monitors, ...r.services.map((s) => `service:${s}`), ...r.tags.map((t) => `tag:${t}`)].join(',');
}

/** A rollout with its rings (targets, what they reach, soak, deployed at) and its timeline. */
export function formatRolloutDetail(r: Detail, lang: Lang): string {
  const w = WORDS[lang];
  const indent = (lines: string[]) => lines.map((l) => `  ${l}`);
  const checks = (['incidents', 'crisis', 'freezes'] as const).map((k) => (r.guard[k] ? w.checks[k] : `${w.checks[k]} ${w.off}`));
  if (r.guard.services.length > 0) checks.push(`${w.services}: ${r.guard.services.join(', ')}`);
  const rings = r.rings.map((g) => [
    String(g.index),
    g.name ?? '—',
    ringTargets(g),
    g.reaches.join(',') || '—',
    formatDuration(g.soak_ms),
    g.deployed_at === null ? '—' : `${shortTime(g.deployed_at)}${g.change !== null ? ` (${w.changeNo(g.change)})` : ''}`,
  ]);
  const timeline = r.timeline.map((e) => {
    const when = e.count > 1 ? `${shortTime(e.at)} → ${shortTime(e.last_at)} ×${e.count}` : shortTime(e.at);
    return `${when}  ${e.text[lang]}`;
  });
  const lines = [
    `${w.rollout} ${r.id} — ${w.statuses[r.status]} — ${r.title}`,
    `${w.change}: ${[r.kind, r.external_ref].filter((x) => x !== null).join(' ')} · ${w.by} ${r.author} · ${w.created} ${shortTime(r.created_at)}`,
    `${w.guard}: ${checks.join('; ')}`,
    `${w.rings}:`,
    ...indent(table([[...w.head.rings], ...rings])),
  ];
  if (timeline.length > 0) lines.push(`${w.timeline}:`, ...indent(timeline));
  return `${lines.join('\n')}\n`;
}

/** One line per rollout, newest first. */
export function formatRolloutList(items: readonly Summary[], lang: Lang): string {
  const w = WORDS[lang];
  if (items.length === 0) return `${w.none}\n`;
  const rows = items.map((r) => [r.id, w.statuses[r.status], r.kind, r.external_ref ?? '—', r.rings.map((g) => g.reaches.join(',') || '—').join(' | '), shortTime(r.created_at), r.title]);
  return `${table([[...w.head.list], ...rows]).join('\n')}\n`;
}

const print = (json: boolean | undefined, value: unknown, text: string) => process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : text);
const rolloutPath = (id: string) => `/api/v1/rollouts/${encodeURIComponent(id)}`;
const plainFlags = (path: string) => flagOfPath(path, ROLLOUT_FLAGS);

async function create(opts: CreateOpts): Promise<void> {
  const fromFlags = opts.id !== undefined || opts.ring.length > 0 || opts.title !== undefined || opts.kind !== undefined || opts.ref !== undefined || opts.soak !== undefined ||
    opts.ringSoak.length > 0 || opts.guardService.length > 0 || !opts.incidents || !opts.crisis || !opts.freezes;
  const soaked = new Set(opts.ringSoak.flatMap((s) => /^\s*(\d+)\s*=/.exec(s)?.slice(1).map(Number) ?? []));
  const file = opts.file;
  const flagOf = file === undefined ? (path: string) => rolloutFlagOf(path, soaked) : (path: string) => `${basename(file)}: ${path}`;
  await runApiCommand(
    'rollout',
    opts,
    async (api) => {
      if (file !== undefined && fromFlags) throw usage('--file gives the whole rollout: do not combine it with --id, --ring or the other rollout flags', '--file donne tout le déploiement : ne le combinez pas avec --id, --ring ni les autres options du déploiement');
      const body = file !== undefined ? await bodyFromFile(file) : rolloutBodyOf(opts);
      const rollout = await api.post('/api/v1/rollouts', rolloutDetail, body);
      print(opts.json, rollout, formatRolloutDetail(rollout, opts.lang));
      return 0;
    },
    { flagOf },
  );
}

async function setStatus(id: string, status: 'completed' | 'aborted', opts: ApiFlags & { json?: boolean }): Promise<void> {
  await runApiCommand('rollout', opts, async (api) => {
    const rollout = await api.post(`${rolloutPath(id)}/status`, rolloutDetail, { status });
    const w = WORDS[opts.lang];
    print(opts.json, rollout, `${w.rollout} ${rollout.id} ${w.statuses[rollout.status]}\n`);
    return 0;
  });
}

/** The `rollout` command. */
export function rolloutCommand(): Command {
  const cmd = new Command('rollout')
    .description('Rollouts in rings through a running Vigie: each ring is deployed only once the guard says go (see `vigie guard`).')
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
  withApiOptions(cmd.command('create').description('Create a rollout: ring 0 first, one --ring each (or --file with the API body). Exit 0 created, 1 id taken, 2 not valid or error.'))
    .option('--id <id>', 'your id for the rollout, e.g. kb5009557-dc')
    .option('--title <text>', 'what is rolled out (default: --ref)')
    .addOption(new Option('--kind <kind>', 'the kind of change rolled out (default deploy)').choices(CHANGE_KINDS))
    .option('--ref <ref>', 'the change rolled out: KB5009557, a version, a procedure’s name')
    .option('--ring <spec>', 'a ring, in order (repeatable): monitor ids, service:<id> or tag:<t>, comma-separated, e.g. --ring dc-1 --ring dc-2 --ring dc-3,dc-4', collect, [])
    .option('--soak <duration>', `how long each ring must stay healthy after its change before the next may go (default ${DEFAULT_SOAK})`)
    .option('--ring-soak <n=duration>', 'the soak of ring n, e.g. 0=2h (repeatable)', collect, [])
    .option('--no-incidents', 'do not block on open incidents of guarded services')
    .option('--no-crisis', 'do not block while a crisis is active')
    .option('--no-freezes', 'do not block during change freezes')
    .option('--guard-service <id>', 'another service whose open incidents block the rollout (repeatable)', collect, [])
    .option('--file <path>', 'the whole rollout as the API body, in YAML or JSON (instead of the flags above)')
    .option('--json', 'print the rollout as JSON')
    .action(create);
  withApiOptions(cmd.command('show').description('Show a rollout: its rings (targets, what they reach, soak, deployed at) and its timeline.').argument('<id>', 'the rollout id'))
    .option('--json', 'print it as JSON')
    .action(async (id: string, opts: ApiFlags & { json?: boolean }) => {
      await runApiCommand('rollout', opts, async (api) => {
        const rollout = await api.get(rolloutPath(id), rolloutDetail);
        print(opts.json, rollout, formatRolloutDetail(rollout, opts.lang));
        return 0;
      });
    });
  withApiOptions(cmd.command('list').description('List rollouts, newest first.'))
    .addOption(new Option('--status <status>', 'only rollouts in this status').choices(['active', 'completed', 'aborted']))
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'print them as JSON')
    .action(async (opts: ApiFlags & { status?: string; limit: string; json?: boolean }) => {
      await runApiCommand(
        'rollout',
        opts,
        async (api) => {
          const { items } = await api.get('/api/v1/rollouts', rolloutList, { status: opts.status, limit: wholeFlag(opts.limit, '--limit', 1) });
          print(opts.json, items, formatRolloutList(items, opts.lang));
          return 0;
        },
        { flagOf: plainFlags },
      );
    });
  withApiOptions(cmd.command('complete').description('Mark a rollout completed: the guard then says no-go to every ring.').argument('<id>', 'the rollout id'))
    .option('--json', 'print the rollout as JSON')
    .action((id: string, opts: ApiFlags & { json?: boolean }) => setStatus(id, 'completed', opts));
  withApiOptions(cmd.command('abort').description('Abort a rollout: the guard then says no-go to every ring.').argument('<id>', 'the rollout id'))
    .option('--json', 'print the rollout as JSON')
    .action((id: string, opts: ApiFlags & { json?: boolean }) => setStatus(id, 'aborted', opts));
  return cmd;
}
