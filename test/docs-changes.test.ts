/**
 * docs/changes-and-rollouts.md cannot drift from the code: every YAML configuration parses as a
 * whole Vigie config with no warning (and the freezes fall when the page says); every JSON body
 * and `-d '…'` body passes the API's own schemas; the suspects, likely causes and guard texts
 * quoted in the worked examples are what the ranking and the guard compute for those very
 * configurations; the tables (check events, host globs, link weights, no-go codes) match the
 * code; the pipeline snippets send valid bodies; and, when the `vigie change|rollout|guard`
 * commands are in this checkout, every flag the page uses exists and the quoted CLI output is
 * what the CLI prints.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { changeBody, guardView, rollbackBody, rolloutBody, rolloutStatusBody, type RolloutBody } from '../src/api/schemas/change.schemas.js';
import { kindOfCheckEvent, watchedHostOfCheck } from '../src/changes/change-service.js';
import { GUARD_REASON_CODES, type Change, type ChangeKind, type ChangeTargets, type Rollout } from '../src/changes/changes.types.js';
import { LINK_WEIGHTS, rankSuspects } from '../src/changes/correlation.js';
import { activeFreezes, freezeCovers } from '../src/changes/freeze.schema.js';
import { decideGuard, type GuardInput } from '../src/changes/guard.js';
import { hostGlobMatches, monitorsOfTargets, type MonitorFacts } from '../src/changes/targets.js';
import { diffDomain } from '../src/checks/domain/diff.js';
import { toMonitorDefinitions, type VigieConfig } from '../src/config/config.schema.js';
import { parseConfigFiles } from '../src/config/load-config.js';
import { crisisConfigWarnings } from '../src/crisis/crisis-config.js';
import type { Localized } from '../src/incidents/incident.types.js';
import { serviceIncidentTitle } from '../src/incidents/incident-texts.js';
import { notificationsConfigWarnings } from '../src/notifications/notifications-config.js';
import type { ServiceDefinition } from '../src/services/service.types.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DOC_PATH = join(ROOT, 'docs', 'changes-and-rollouts.md');
const doc = readFileSync(DOC_PATH, 'utf8');
/** The page with every run of white space (line breaks, `> ` quote marks) as one space, for sentences wrapped over lines. */
const flat = doc.replace(/\n>\s*/g, ' ').replace(/\s+/g, ' ');

const ENV = Object.fromEntries(['DC1_TOKEN', 'DC2_TOKEN', 'DC3_TOKEN', 'DC4_TOKEN'].map((name, i) => [name, `${name.toLowerCase().replace('_', '-')}-0123456789abcdef${i}`]));
const MIN = 60_000;
const HOUR = 60 * MIN;

// ---- reading the page ------------------------------------------------------------------------

interface Block {
  lang: string;
  text: string;
  /** The nearest heading above the block. */
  heading: string;
}

/** Every fenced code block, with its language and the heading it sits under. */
function codeBlocks(): Block[] {
  const blocks: Block[] = [];
  let heading = '';
  let open: { lang: string; lines: string[] } | undefined;
  for (const line of doc.split('\n')) {
    if (open) {
      if (/^\s*```\s*$/.test(line)) {
        blocks.push({ lang: open.lang, text: open.lines.join('\n'), heading });
        open = undefined;
      } else open.lines.push(line);
      continue;
    }
    const fence = /^\s*```(\w*)\s*$/.exec(line);
    if (fence) open = { lang: fence[1]!, lines: [] };
    else if (/^#{1,6} /.test(line)) heading = line.replace(/^#+ /, '');
  }
  expect(open, 'an unclosed code block').toBeUndefined();
  return blocks;
}

const blocks = codeBlocks();
const blocksOf = (lang: string) => blocks.filter((b) => b.lang === lang);

/** The one block of `lang` under a heading. */
function blockUnder(heading: string, lang: string): string {
  const found = blocks.filter((b) => b.heading === heading && b.lang === lang);
  expect(found.map((b) => b.heading), `one ${lang} block under "${heading}"`).toHaveLength(1);
  return found[0]!.text;
}

/** The text from a heading to the next heading of the same or a higher level, code blocks included. */
function section(heading: string): string {
  const lines = doc.split('\n');
  const start = lines.indexOf(heading);
  if (start === -1) throw new Error(`docs/changes-and-rollouts.md has no heading "${heading}"`);
  const level = /^#+/.exec(heading)![0].length;
  let fenced = false;
  for (let i = start + 1; i < lines.length; i++) {
    if (/^\s*```/.test(lines[i]!)) fenced = !fenced;
    const hashes = /^(#+) /.exec(lines[i]!)?.[1];
    if (!fenced && hashes && hashes.length <= level) return lines.slice(start + 1, i).join('\n');
  }
  return lines.slice(start + 1).join('\n');
}

/** The rows of the first Markdown table of a text, as cells without the outer pipes. */
function tableRows(text: string): string[][] {
  const rows = text.split('\n').map((l) => l.trim()).filter((l) => /^\|.*\|$/.test(l));
  return rows.slice(2).map((r) => r.trim().slice(1, -1).split('|').map((c) => c.trim()));
}

/** Shell continuation lines (`\\` at the end) joined. */
const joinLines = (text: string) => text.replace(/\\\n\s*/g, ' ');
const codeSpans = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
const cap = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

// ---- configurations --------------------------------------------------------------------------

const CONFIG_KEYS = ['changes', 'monitors', 'services', 'domains'];

/** Parses a block as a whole Vigie config; fails with the loader's words and every warning. */
function load(name: string, text: string): VigieConfig {
  const config = parseConfigFiles([{ file: `${name}.yaml`, text }], ENV);
  const warnings = [...notificationsConfigWarnings(config, Date.parse('2026-06-02T14:45:00Z')), ...crisisConfigWarnings(config)].map((w) => `${w.path.join('.')}: ${w.message}`);
  expect(warnings, `warnings of the ${name} example`).toEqual([]);
  return config;
}

const configBlocks = blocksOf('yaml').filter((b) => {
  const value = parseYaml(b.text) as unknown;
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).some((k) => CONFIG_KEYS.includes(k));
});

const dcConfig = () => load('domain-controllers', blockUnder('KB5009557 on four domain controllers (OPT, 2022)', 'yaml'));
const callsConfig = () => load('call-servers', blockUnder('A procedure on six call servers (2 June 2021)', 'yaml'));
const geConfig = () => load('ge-ch', blockUnder('ge.ch: a registry change seen by the domain check (September 2021)', 'yaml'));

/** What the ranking and the guard know of a config: monitors with their tags and target host, services by id. */
function topology(config: VigieConfig): { monitors: Map<string, MonitorFacts>; services: Map<string, ServiceDefinition> } {
  const monitors = new Map(
    toMonitorDefinitions(config).map((m): [string, MonitorFacts] => [m.id, { id: m.id, tags: m.tags, host: watchedHostOfCheck(m.type, m.check) }]),
  );
  return { monitors, services: new Map(config.services.map((s) => [s.id, s])) };
}

// ---- changes, rollouts and the guard, as the service builds them -----------------------------

const T = Date.parse('2022-01-11T11:29:00Z'); // a first failure

function change(id: number, parts: { kind: ChangeKind; at: number; externalRef?: string; summary?: string; targets: Partial<ChangeTargets>; origin?: 'api' | 'check' }): Change {
  return {
    id,
    summary: parts.summary ?? `change ${id}`,
    source: null,
    kind: parts.kind,
    externalRef: parts.externalRef ?? null,
    at: parts.at,
    links: [],
    details: {},
    targets: { monitors: [], services: [], tags: [], hosts: [], ...parts.targets },
    origin: parts.origin ?? 'api',
    transitionId: null,
    rolloutId: null,
    ring: null,
    author: 'docs',
    rolledBackAt: null,
    rolledBackBy: null,
    rollbackNote: null,
    createdAt: parts.at,
  };
}

function rank(config: VigieConfig, changes: Change[], failedMonitors: string[], failedServices: string[], commonMode = false) {
  const { monitors, services } = topology(config);
  return rankSuspects({
    incident: { firstFailureAt: T, failedMonitors, failedServices, commonMode },
    changes,
    monitors,
    services,
    windowMs: config.changes.correlation.window,
    likelyWithinMs: config.changes.correlation.likely_within,
  });
}

/** The timeline sentence of the change recorder: "Likely cause: …. Suspect changes: …". */
function timelineText(list: ReturnType<typeof rankSuspects>): string {
  const lead = list.likelyCause ? `${cap(list.likelyCause.text.en)}. ` : '';
  return `${lead}Suspect changes: ${list.suspects.slice(0, 3).map((s) => s.text.en).join('; ')}`;
}

/** A rollout as the store gives it back, from a parsed API body. */
function rolloutOf(body: RolloutBody, status: Rollout['status'] = 'active'): Rollout {
  return {
    id: body.id,
    title: body.title ?? body.external_ref ?? body.id,
    changeKind: body.kind,
    externalRef: body.external_ref ?? null,
    rings: body.rings.map((r) => ({ name: r.name ?? null, monitors: r.monitors, services: r.services, tags: r.tags, soakMs: r.soak })),
    guard: body.guard,
    status,
    author: 'docs',
    createdAt: 0,
    updatedAt: 0,
  };
}

/** Every JSON block that creates a rollout. */
const rolloutJson = () => {
  const found = blocksOf('json').map((b) => JSON.parse(b.text) as Record<string, unknown>).filter((j) => 'rings' in j);
  expect(found).toHaveLength(1);
  return rolloutBody.parse(found[0]);
};

type Lang = keyof Localized;
/** A decision as `vigie guard check` prints it: a head line, then `  code: text` per reason or `  ok: text` per check. */
function printed(d: ReturnType<typeof decideGuard>, lang: Lang = 'en'): string {
  const head = `${d.verdict}: ring ${d.ring} of rollout ${d.rolloutId}`;
  const lines = d.verdict === 'go' ? d.checked.map((c) => `  ok: ${c[lang]}`) : d.reasons.map((r) => `  ${r.code}: ${r.text[lang]}`);
  return [head, ...lines].join('\n');
}

// ---- the CLI ----------------------------------------------------------------------------------

const CLI_FILES = ['change', 'rollout', 'guard'].map((name) => join(ROOT, 'src', 'cli', 'commands', `${name}.ts`));
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');
const cliPresent = CLI_FILES.every((f) => existsSync(f)) && /guardCommand\(\)/.test(readFileSync(MAIN, 'utf8')) && /rolloutCommand\(\)/.test(readFileSync(MAIN, 'utf8')) && /changeCommand\(\)/.test(readFileSync(MAIN, 'utf8'));
const WHY_SKIPPED = ' — SKIPPED: src/cli/commands/change.ts, rollout.ts and guard.ts are not (all) in this checkout or not registered in src/cli/main.ts';
const cliTest = (name: string) => (cliPresent ? name : `${name}${WHY_SKIPPED}`);

const run = promisify(execFile);

/**
 * What the tests use of the CLI modules, typed here rather than imported, so that this file
 * type-checks in a checkout without them.
 */
interface ChangeCli {
  describeRecorded(change: unknown, lang: Lang): string;
}
interface GuardCli {
  guardAnswer: { parse(value: unknown): unknown };
  formatDecision(answer: unknown, lang: Lang): string;
  WAITABLE_REASONS: ReadonlySet<string>;
}
interface RolloutCli {
  rolloutBodyOf(opts: Record<string, unknown>): Record<string, unknown>;
}
const importCli = (name: string): Promise<unknown> => import(/* @vite-ignore */ pathToFileURL(join(ROOT, 'src', 'cli', 'commands', `${name}.ts`)).href);

/** Loads the real CLI in a child process where commander's parse prints the command tree as JSON (as test/docs.test.ts does). */
const DUMP_COMMANDS = `
import { Command } from 'commander';
const walk = (cmd, path) => cmd.commands.filter((c) => c.name() !== 'help').flatMap((c) => [
  { path: [...path, c.name()], options: c.options.map((o) => o.long).filter((f) => f && f !== '--help' && f !== '--version') },
  ...walk(c, [...path, c.name()]),
]);
Command.prototype.parse = Command.prototype.parseAsync = function () {
  process.stdout.write(JSON.stringify(walk(this, [])));
  return Promise.resolve(this);
};
await import('./src/cli/main.ts');
`;

/** Every `vigie change|rollout|guard|token <sub> …` the page writes (continuation lines joined), with its flags. */
function cliInvocations(): Array<{ path: string[]; flags: string[]; text: string }> {
  const joined = doc.replace(/\\\n\s*/g, ' ');
  return [...joined.matchAll(/\bvigie (change|rollout|guard|token) ([a-z]+)([^\n`|;]*)/g)].map((m) => ({
    path: [m[1]!, m[2]!],
    flags: [...m[3]!.replace(/"[^"]*"/g, '""').matchAll(/(?<![\w-])(--[a-z][a-z-]*)/g)].map((f) => f[1]!),
    text: m[0]!,
  }));
}

/** A TCP port on loopback where nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// ---- the tests --------------------------------------------------------------------------------

describe('docs/changes-and-rollouts.md: configurations', () => {
  it('has five configurations (settings, freezes, three worked examples), each a whole config with no warning', () => {
    expect(configBlocks.map((b) => b.heading)).toEqual([
      'Settings',
      'Freezes',
      'KB5009557 on four domain controllers (OPT, 2022)',
      'A procedure on six call servers (2 June 2021)',
      'ge.ch: a registry change seen by the domain check (September 2021)',
    ]);
    configBlocks.forEach((b, i) => load(`block-${i}`, b.text));
    const others = blocksOf('yaml').filter((b) => !configBlocks.includes(b)).map((b) => b.heading);
    expect(others, 'the yaml blocks that are not Vigie configs: the Ansible play and the GitHub Actions step').toEqual(['Ansible', 'GitHub Actions']);
  });

  it('settings: the correlation window, likely_within and record_check_changes are the defaults the page gives', () => {
    const config = load('settings', blockUnder('Settings', 'yaml'));
    expect(config.changes.correlation).toEqual({ window: 24 * HOUR, likely_within: 2 * HOUR });
    expect(config.changes.record_check_changes).toBe(true);
    const defaults = load('empty', 'monitors: []\n');
    expect(defaults.changes.correlation).toEqual(config.changes.correlation);
    expect(defaults.changes.record_check_changes).toBe(true);
  });

  it('freezes: year-end over Christmas, weekends from Friday 16:00 to Monday 08:00 in Nouméa, evenings only for "emergency" rollouts', () => {
    const { freezes } = load('freezes', blockUnder('Freezes', 'yaml')).changes;
    expect(freezes.map((f) => f.id)).toEqual(['year-end', 'weekends', 'emergency-calls-evenings']);
    const active = (iso: string) => activeFreezes(freezes, Date.parse(iso)).map((f) => f.id);
    expect(active('2026-12-23T12:00:00+01:00')).toEqual(['year-end']); // a Wednesday
    expect(active('2026-06-05T15:59:00+11:00')).toEqual([]); // Friday, Nouméa
    expect(active('2026-06-05T16:00:00+11:00')).toEqual(['weekends']);
    expect(active('2026-06-08T07:59:00+11:00')).toEqual(['weekends']); // Monday
    expect(active('2026-06-08T08:00:00+11:00')).toEqual([]);
    expect(active('2026-06-03T18:00:00+02:00')).toEqual(['emergency-calls-evenings']); // a Wednesday evening in Paris
    const evenings = freezes.find((f) => f.id === 'emergency-calls-evenings')!;
    expect(freezeCovers(evenings, { services: ['emergency-calls'], monitors: ['call-lille'], tags: ['emergency'] })).toBe(true);
    expect(freezeCovers(evenings, { services: ['authentication'], monitors: ['dc-1'], tags: ['domain-controllers'] })).toBe(false);
    expect(freezeCovers(freezes.find((f) => f.id === 'weekends')!, { services: [], monitors: ['dc-1'], tags: [] })).toBe(true);
  });

  it('a freeze may only name monitors and services that exist', () => {
    const text = blockUnder('Freezes', 'yaml').replace('      tags: [emergency]\n', '      tags: [emergency]\n      services: [emergency-call]\n');
    expect(() => load('bad-freeze', text)).toThrow(/changes\.freezes\[2\]\.services\[0\].*unknown service "emergency-call"/s);
  });
});

describe('docs/changes-and-rollouts.md: request bodies', () => {
  it('every JSON block is a valid change body, rollout body or guard answer', () => {
    const kinds = blocksOf('json').map((b) => {
      const json = JSON.parse(b.text) as Record<string, unknown>;
      if ('rings' in json) return (rolloutBody.parse(json), 'rollout');
      if ('verdict' in json) return (guardView.parse(json), 'guard answer');
      if ('summary' in json) return (changeBody.parse(json), 'change');
      throw new Error(`a JSON block under "${b.heading}" is neither a change, a rollout nor a guard answer`);
    });
    expect(kinds).toEqual(['change', 'rollout', 'guard answer']);
  });

  it("every -d '…' body is valid for the route it is sent to", () => {
    const bodies = blocksOf('sh').flatMap((b) =>
      b.text
        .replace(/\\\n\s*/g, ' ')
        .split('\n')
        .flatMap((line) => {
          const body = /(?:^|\s)(?:-d|--data) '([^']*)'/.exec(line)?.[1];
          if (body === undefined) return [];
          const route = /\/api\/v1\/[^\s"']*/.exec(line)?.[0];
          if (route === undefined) throw new Error(`a -d body without an /api/v1 URL on its line: ${line}`);
          return [{ route, body: JSON.parse(body) as unknown }];
        }),
    );
    const schemaFor = (route: string) =>
      /\/changes$/.test(route) ? changeBody : /\/changes\/\d+\/rollback$/.test(route) ? rollbackBody : /\/rollouts$/.test(route) ? rolloutBody : /\/rollouts\/[^/]+\/status$/.test(route) ? rolloutStatusBody : undefined;
    expect(bodies.map((b) => b.route)).toEqual(['/api/v1/changes', '/api/v1/changes/41/rollback', '/api/v1/changes']);
    for (const { route, body } of bodies) {
      const schema = schemaFor(route);
      expect(schema, route).toBeDefined();
      schema!.parse(body);
    }
  });

  it('the rollout of the examples reaches dc-1 | dc-2 | dc-3, dc-4 without overlap, with the soaks of the table', () => {
    const body = rolloutJson();
    const config = dcConfig();
    const { monitors, services } = topology(config);
    expect(body.rings.map((r) => monitorsOfTargets({ ...r, hosts: [] }, [...monitors.values()], services))).toEqual([['dc-1'], ['dc-2'], ['dc-3', 'dc-4']]);
    expect(body.rings.map((r) => r.soak)).toEqual([30 * MIN, 30 * MIN, HOUR]);
    for (const id of body.guard.services) expect(services.has(id), `guard.services: ${id}`).toBe(true);
    const table = tableRows(section('### Rings and soak'));
    expect(table).toEqual([['0', 'dc-1', '30 min'], ['1', 'dc-2', '30 min'], ['2', 'dc-3, dc-4', '1 h']]);
  });
});

describe('docs/changes-and-rollouts.md: tables', () => {
  it('check events: each event exists in a check and is recorded with the kind the table gives', () => {
    const checkSources = readdirSync(join(ROOT, 'src', 'checks'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => readFileSync(join(ROOT, 'src', 'checks', f), 'utf8'))
      .join('\n');
    const rows = tableRows(section('### Changes the checks record by themselves'));
    expect(rows.map((r) => codeSpans(r[1]!)[0])).toEqual(['registry', 'renewal', 'dns', 'certificate']);
    let events = 0;
    for (const [eventsCell, kindCell] of rows) {
      for (const event of codeSpans(eventsCell!).filter((e) => /^[a-z]+\.[a-z_]+$/.test(e))) {
        events++;
        expect(checkSources, `a check raises ${event}`).toContain(`'${event}'`);
        expect(kindOfCheckEvent(event), event).toBe(codeSpans(kindCell!)[0]);
      }
    }
    expect(events).toBe(11);
    expect(kindOfCheckEvent('heartbeat.rebooted'), 'a reboot is no change').toBeUndefined();
  });

  it('check events: the summaries are the messages the domain check writes', () => {
    const base = { name: 'ge.ch', source: 'rdap', server: 'https://rdap.nic.ch/', status: ['ok'], expiry: '2028-01-07T10:00:00.000Z', registered: null, lastChanged: null, lastTransferred: null, registrar: 'Registrar SA', registrarIanaId: null, nameservers: ['ns1.ge.ch', 'ns2.ge.ch'], delegationSigned: true };
    const held = diffDomain({ ...base }, { status: 'down', message: '', latencyMs: 1, details: { ...base, status: ['clientHold'], cached: false } });
    expect(held.map((e) => [e.type, e.message])).toEqual([['domain.status_changed', 'registry status of ge.ch changed: ok → clientHold']]);
    const renewed = diffDomain({ ...base, name: 'example.org' }, { status: 'up', message: '', latencyMs: 1, details: { ...base, name: 'example.org', expiry: '2029-01-07T10:00:00.000Z', cached: false } });
    expect(renewed.map((e) => e.message)).toEqual(['expiry of example.org moved: 2028-01-07 → 2029-01-07']);
    const summaries = tableRows(section('### Changes the checks record by themselves')).flatMap((r) => codeSpans(r[2]!));
    expect(summaries).toEqual(expect.arrayContaining([held[0]!.message, renewed[0]!.message]));
  });

  it('host globs: the table says what hostGlobMatches does', () => {
    const rows = tableRows(section('### Targets').split('A host glob')[1]!);
    expect(rows).toHaveLength(3);
    for (const [globCell, matchCell, noMatchCell] of rows) {
      const glob = codeSpans(globCell!)[0]!;
      for (const host of codeSpans(matchCell!)) expect(hostGlobMatches(glob, host), `${glob} matches ${host}`).toBe(true);
      for (const host of codeSpans(noMatchCell!)) expect(hostGlobMatches(glob, host), `${glob} does not match ${host}`).toBe(false);
      expect(hostGlobMatches(glob, `${codeSpans(matchCell!)[0]!}:636`), 'a port does not count').toBe(true);
    }
  });

  it('links: the table lists every link, strongest first, with its weight', () => {
    const rows = tableRows(section('### How suspects are ranked'));
    expect(rows.map((r) => [codeSpans(r[0]!)[0], Number(r[2])])).toEqual(Object.entries(LINK_WEIGHTS));
  });

  it('no-go codes: the table lists every code the guard has, in its order', () => {
    const rows = tableRows(section('### What the guard checks'));
    expect(rows.map((r) => codeSpans(r[0]!)[0])).toEqual(['rollout_closed', 'ring_not_deployed', 'reboot_loop', 'ring_unhealthy', 'ring_soaking', 'incident_open', 'crisis_active', 'freeze']);
    expect([...rows.map((r) => codeSpans(r[0]!)[0])].sort()).toEqual([...GUARD_REASON_CODES].sort());
  });
});

describe('docs/changes-and-rollouts.md: what the worked examples say', () => {
  it('KB5009557: the likely cause on the incident, on its timeline, and the first ring\'s no-go, soak and go', () => {
    const config = dcConfig();
    const kb = change(41, { kind: 'patch', externalRef: 'KB5009557', at: T - 25 * MIN, targets: { monitors: ['dc-1'] } });
    const list = rank(config, [kb], ['dc-1'], ['authentication']);
    expect(list.likelyCause?.changeId).toBe(41);
    expect(flat).toContain(`${cap(list.likelyCause!.text.en)}.`);
    expect(flat, 'the timeline entry quoted in "Where suspects appear"').toContain(timelineText(list));

    const rollout = rolloutOf(rolloutJson());
    const authentication = config.services.find((s) => s.id === 'authentication')!;
    const facts = (now: number, states: GuardInput['states'], rolledBackAt: number | null, openIncidents: GuardInput['openIncidents'] = []): GuardInput => ({
      rollout, ring: 1, now, ringMonitors: [['dc-1'], ['dc-2'], ['dc-3', 'dc-4']],
      ringChanges: [{ id: 41, at: kb.at, rolledBackAt }, null, null], states, openIncidents, activeCrises: [], activeFreezes: [],
    });
    const looping = decideGuard(
      facts(T + 20 * MIN, new Map([['dc-1', { state: 'down', since: T, message: 'reboot loop: 4 boots in 22 min' }]]), null, [{ id: 12, title: serviceIncidentTitle(authentication.name, 'degraded_performance') }]),
    );
    expect(looping.reasons.map((r) => r.code)).toEqual(['reboot_loop', 'incident_open']);
    expect(doc.split(printed(looping)).length - 1, 'the no-go, in "Exit codes" and in the example').toBe(2);

    const back = T + 2 * HOUR; // dc-1 up again
    const soaking = decideGuard(facts(back + 12 * MIN, new Map([['dc-1', { state: 'up', since: back, message: 'last heartbeat at 00:40' }]]), back - 30 * MIN));
    expect(soaking.reasons.map((r) => r.code)).toEqual(['ring_soaking']);
    expect(doc).toContain(printed(soaking));
    const answer = blocksOf('json').map((b) => JSON.parse(b.text) as Record<string, unknown>).find((j) => 'verdict' in j)!;
    expect(answer).toMatchObject({ rollout: 'kb5009557-dc', ring: 1, verdict: 'no-go', reasons: [{ code: 'ring_soaking', text: soaking.reasons[0]!.text, remaining_ms: soaking.reasons[0]!.remainingMs }], checked: soaking.checked });

    const go = decideGuard(facts(back + 30 * MIN, new Map([['dc-1', { state: 'up', since: back, message: 'last heartbeat at 00:58' }]]), back - 30 * MIN));
    expect(go.verdict).toBe('go');
    expect(doc.split(printed(go)).length - 1, 'the go, in "What the guard checks" and in the example').toBe(2);
  });

  it('call servers: the procedure tried on call-lille is its likely cause and stops ring 1; run on all six, it is the common-mode cause', () => {
    const config = callsConfig();
    const first = change(8, { kind: 'procedure', externalRef: 'PROC-RECONNECT', at: T - 3 * MIN, targets: { monitors: ['call-lille'] } });
    const list = rank(config, [first], ['call-lille'], ['emergency-calls']);
    expect(list.likelyCause?.changeId).toBe(8);
    expect(flat).toContain(`${cap(list.likelyCause!.text.en)}.`);

    const body = rolloutBody.parse({ id: 'reconnect-2021-06', kind: 'procedure', external_ref: 'PROC-RECONNECT', rings: [{ monitors: ['call-lille'], soak: '2h' }, { monitors: ['call-lyon', 'call-marseille'], soak: '30m' }, { monitors: ['call-paris', 'call-rennes', 'call-toulouse'], soak: '30m' }] });
    const emergency = config.services.find((s) => s.id === 'emergency-calls')!;
    const stopped = decideGuard({
      rollout: rolloutOf(body), ring: 1, now: T + 10 * MIN, ringMonitors: body.rings.map((r) => r.monitors),
      ringChanges: [{ id: 8, at: first.at, rolledBackAt: null }, null, null],
      states: new Map([['call-lille', { state: 'down', since: T, message: 'no answer to OPTIONS after 4 transmissions (4000 ms)' }]]),
      openIncidents: [{ id: 31, title: serviceIncidentTitle(emergency.name, 'degraded_performance') }], activeCrises: [], activeFreezes: [],
    });
    expect(doc).toContain(printed(stopped));

    const calls = config.services[0]!.redundancy!.members;
    const allAtOnce = change(7, { kind: 'procedure', externalRef: 'PROC-RECONNECT', at: T - 2 * MIN, targets: { services: ['emergency-calls'] } });
    const common = rank(config, [allAtOnce], calls, ['emergency-calls'], true);
    expect(common.likelyCause?.changeId).toBe(7);
    expect(flat, 'in "The likely cause"').toContain(common.likelyCause!.text.en);
    expect(flat, 'in the example').toContain(`${cap(common.likelyCause!.text.en)}.`);
  });

  it('ge.ch: the registry change is the likely cause when the hold is seen, still once the delegation, site and mail fail, and with a second event of the same run', () => {
    const config = geConfig();
    expect(toMonitorDefinitions(config).find((m) => m.id === 'domain-ge-ch')?.intervalMs).toBe(5 * MIN);
    const base = { name: 'ge.ch', source: 'rdap', server: 'https://rdap.nic.ch/', status: ['ok'], expiry: null, registered: null, lastChanged: '2021-03-01T08:00:00.000Z', lastTransferred: null, registrar: 'Registrar SA', registrarIanaId: null, nameservers: ['ns1.ge.ch', 'ns2.ge.ch'], delegationSigned: true };
    // One run's events are one change, on the domain monitor and the host names under the domain (ChangeService.recordRunFromCheck).
    const fromCheck = (events: ReturnType<typeof diffDomain>) => [
      change(57, { kind: 'registry', at: T, summary: events.map((e) => e.message).join('; '), origin: 'check', targets: { monitors: ['domain-ge-ch'], hosts: ['ge.ch', '**.ge.ch'] } }),
    ];

    const hold = fromCheck(diffDomain({ ...base }, { status: 'down', message: '', latencyMs: 1, details: { ...base, status: ['clientHold'], cached: false } }));
    expect(flat).toContain(`kind \`registry\`, origin \`check\`, author \`vigie\`, targets \`domain-ge-ch\` and the hosts \`ge.ch\` and \`**.ge.ch\`, summary \`${hold[0]!.summary}\``);
    const atFirst = rank(config, hold, ['domain-ge-ch'], ['ge-ch-domain', 'ge-ch-website', 'ge-ch-mail']);
    expect(atFirst.likelyCause?.changeId).toBe(57);
    expect(flat).toContain(`${cap(atFirst.likelyCause!.text.en)}.`);

    const later = rank(config, hold, ['domain-ge-ch', 'delegation-ge-ch', 'www-ge-ch', 'mx-ge-ch'], ['ge-ch-domain', 'ge-ch-website', 'ge-ch-mail']);
    expect(later.likelyCause?.changeId, 'still the likely cause: the host names reach the delegation, the site and the mail').toBe(57);

    const twoInOneRun = fromCheck(diffDomain({ ...base }, { status: 'down', message: '', latencyMs: 1, details: { ...base, status: ['clientHold'], lastChanged: '2021-09-05T08:25:00.000Z', cached: false } }));
    expect(twoInOneRun[0]!.summary.split('; ')).toHaveLength(2);
    expect(rank(config, twoInOneRun, ['domain-ge-ch'], ['ge-ch-domain']).likelyCause?.changeId, 'one run, one change: still the likely cause').toBe(57);

    const seenLate = change(60, { kind: 'registry', at: T + 5 * MIN, summary: hold[0]!.summary, origin: 'check', targets: { monitors: ['domain-ge-ch'] } });
    expect(rank(config, [seenLate], ['delegation-ge-ch'], ['ge-ch-domain']).suspects, 'a change seen after the first failure is no suspect').toEqual([]);
  });

  it('freezes: the no-go quoted in "Freezes" is what the guard says for the weekends freeze', () => {
    const weekends = load('freezes', blockUnder('Freezes', 'yaml')).changes.freezes.find((f) => f.id === 'weekends')!;
    const decision = decideGuard({
      rollout: rolloutOf(rolloutJson()), ring: 0, now: T, ringMonitors: [['dc-1'], ['dc-2'], ['dc-3', 'dc-4']], ringChanges: [null, null, null], states: new Map(),
      openIncidents: [], activeCrises: [], activeFreezes: [{ id: weekends.id, reason: weekends.reason ?? null, endsAt: T + 150 * MIN }],
    });
    expect(decision.reasons.map((r) => r.code)).toEqual(['freeze']);
    expect(flat).toContain(decision.reasons[0]!.text.en);
  });
});

describe('docs/changes-and-rollouts.md: pipeline snippets', () => {
  const waitsInTable = () => tableRows(section('### What the guard checks')).filter((r) => r[2] === 'waits').map((r) => codeSpans(r[0]!)[0]);

  it('POSIX shell: the loop deploys the rings of the call-server rollout, in order, and obeys guard wait', () => {
    const script = blockUnder('POSIX shell', 'sh');
    const create = /vigie rollout create --id reconnect-2021-06[^\n]*/.exec(joinLines(blockUnder('A procedure on six call servers (2 June 2021)', 'sh')))![0];
    const rings = [...create.matchAll(/--ring (\S+)/g)].map((m) => m[1]!);
    expect(rings).toEqual(['call-lille', 'call-lyon,call-marseille', 'call-paris,call-rennes,call-toulouse']);
    expect(/^for servers in (.*); do$/m.exec(script)?.[1]?.split(' ')).toEqual(rings);
    expect(script).toContain('ROLLOUT=reconnect-2021-06');
    expect(script).toMatch(/vigie guard wait [^\n]*\|\| \{\n\s*status=\$\?/);
    expect(script).toMatch(/^set -eu$/m);
  });

  it('PowerShell: the change body has only API fields, the rollout is completed with a valid body, and it waits only where waiting helps', () => {
    const script = blockUnder('PowerShell and WSUS', 'powershell');
    const table = /\$body = @\{\n([\s\S]*?)\n\s*\} \| ConvertTo-Json/.exec(script)?.[1];
    expect(table).toBeDefined();
    const keys = [...table!.matchAll(/^\s*(\w+)\s*=/gm)].map((m) => m[1]!);
    expect(keys).toEqual(['summary', 'kind', 'external_ref', 'source', 'rollout', 'ring']);
    changeBody.parse({ summary: 'KB5009557 approved for DC-Ring0', kind: 'patch', external_ref: 'KB5009557', source: 'wsus WSUS01', rollout: 'kb5009557-dc', ring: 0 });
    const status = /-Uri "\$Vigie\/api\/v1\/rollouts\/\$Rollout\/status" -Body '([^']*)'/.exec(script)?.[1];
    rolloutStatusBody.parse(JSON.parse(status!));
    const waitable = [...(/\$Waitable = @\(([^)]*)\)/.exec(script)?.[1] ?? '').matchAll(/'([a-z_]+)'/g)].map((m) => m[1]);
    expect(waitable).toEqual(waitsInTable());
    expect(script).toContain("-Approval AnyExceptDeclined");
    expect(script).toMatch(/\$ErrorActionPreference = 'Stop'/);
  });

  it('Ansible: serial batches are the rings, the change body is valid once the ring is added, and the guard fails closed', () => {
    const [play] = parseYaml(blockUnder('Ansible', 'yaml')) as Array<{ serial: number[]; max_fail_percentage: number; vars: { change: Record<string, unknown>; waitable: string[]; rollout: string }; tasks: Array<Record<string, any>> }>;
    expect(play!.serial).toEqual(rolloutJson().rings.map((r) => r.monitors.length));
    expect(play!.max_fail_percentage).toBe(0);
    expect(play!.vars.waitable).toEqual(waitsInTable());
    expect(play!.vars.change.rollout).toBe(play!.vars.rollout);
    const [guardTask, recordTask] = play!.tasks;
    expect(guardTask!['ansible.builtin.uri'].url).toContain('/api/v1/rollouts/{{ rollout }}/guard?ring={{ vigie_ring }}');
    expect(guardTask!.failed_when).toBe("guard.status != 200 or guard.json.verdict != 'go'");
    expect(recordTask!['ansible.builtin.uri']).toMatchObject({ method: 'POST', body_format: 'json', status_code: 201, body: "{{ change | combine({'ring': vigie_ring | int}) }}" });
    changeBody.parse({ ...play!.vars.change, ring: 0 });
    expect(() => changeBody.parse({ ...play!.vars.change, ring: '0' }), 'a ring sent as a string is refused, as the page warns').toThrow();
  });

  it('GitHub Actions: asks the guard, exits 1 on no-go and 2 when the guard cannot be asked', () => {
    const step = blockUnder('GitHub Actions', 'yaml');
    const [parsed] = parseYaml(step) as Array<{ run: string; env: Record<string, string> }>;
    expect(parsed!.run).toMatch(/\/api\/v1\/rollouts\/[\w.-]+\/guard\?ring=1/);
    expect(parsed!.run).toMatch(/\|\| \{ echo "::error::cannot ask the Vigie guard: \$answer"; exit 2; \}/);
    expect(parsed!.run).toMatch(/jq -er '\.verdict'\) \\\n\s*\|\| \{ [^}]*exit 2; \}/);
    expect(parsed!.run).toMatch(/if \[ "\$verdict" != go \]; then [^\n]*exit 1; fi/);
    expect(parsed!.env.VIGIE_TOKEN).toBe('${{ secrets.VIGIE_TOKEN }}');
  });
});

describe('docs/changes-and-rollouts.md: the CLI', () => {
  it.skipIf(!cliPresent)(cliTest('every vigie change|rollout|guard|token command and flag the page uses exists in the CLI'), async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', DUMP_COMMANDS], { cwd: ROOT, timeout: 90_000 });
    const commands = JSON.parse(stdout) as Array<{ path: string[]; options: string[] }>;
    const optionsOf = new Map(commands.map((c) => [c.path.join(' '), c.options]));
    const invocations = cliInvocations();
    expect(invocations.length).toBeGreaterThan(20);
    const missing = invocations.flatMap(({ path, flags, text }) => {
      const options = optionsOf.get(path.join(' '));
      if (!options) return [`no command "vigie ${path.join(' ')}" (${text})`];
      return flags.filter((f) => !options.includes(f)).map((f) => `vigie ${path.join(' ')} ${f} (${text})`);
    });
    expect(missing).toEqual([]);
    // Flags named alone in the prose (`--soak`, `--no-incidents`…) belong to one of these commands.
    const all = new Set(commands.filter((c) => ['change', 'rollout', 'guard'].includes(c.path[0]!)).flatMap((c) => c.options));
    const prose = [...new Set([...doc.matchAll(/`(--[a-z][a-z-]*)/g)].map((m) => m[1]!))];
    expect(prose.filter((f) => !all.has(f))).toEqual([]);
  }, 120_000);

  it.skipIf(!cliPresent)(cliTest('vigie guard check exits 2 with the words of the page when Vigie cannot be reached'), async () => {
    const port = await closedPort();
    const quoted = /^\$ VIGIE_URL=http:\/\/127\.0\.0\.1:3000 (vigie guard check [^#\n]*?)\s+#[^\n]*\n(vigie guard: [^\n]*)\n\$ echo \$\?\n(\d)$/m.exec(doc);
    expect(quoted, 'the unreachable example in "Exit codes"').not.toBeNull();
    const args = quoted![1]!.split(/\s+/).slice(1);
    const child = await run(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, timeout: 60_000, env: { ...process.env, VIGIE_URL: `http://127.0.0.1:${port}`, VIGIE_TOKEN: 'docs-token-0123456789' } }).then(
      (r) => ({ code: 0, stderr: r.stderr }),
      (err: { code?: number; stderr?: string }) => ({ code: err.code, stderr: err.stderr ?? '' }),
    );
    expect(child.code).toBe(Number(quoted![3]));
    expect(child.stderr.trim()).toBe(quoted![2]!.replaceAll(':3000', `:${port}`));
  }, 90_000);

  it.skipIf(!cliPresent)(cliTest('the CLI prints what the page quotes: the recorded change, the guard decisions, and the rollout body from the flags'), async () => {
    const changeCli = (await importCli('change')) as ChangeCli;
    const guardCli = (await importCli('guard')) as GuardCli;
    const rolloutCli = (await importCli('rollout')) as RolloutCli;

    const recorded = changeCli.describeRecorded(
      { id: 41, summary: 'KB5009557 approved for dc-1', source: 'wsus', kind: 'patch', external_ref: 'KB5009557', timestamp: '2022-01-11T11:04:00.000Z', links: [], custom_details: {}, targets: { monitors: ['dc-1'], services: [], tags: [], hosts: [] }, reaches: ['dc-1'], origin: 'api', rollout: 'kb5009557-dc', ring: 0, author: 'wsus', rolled_back_at: null, rolled_back_by: null, rollback_note: null, created_at: '2022-01-11T11:04:00.000Z' },
      'en',
    );
    expect(doc).toContain(`# ${recorded}\n`);

    // The decisions of the KB5009557 example, as `vigie guard check` formats them.
    for (const quoted of [...doc.matchAll(/^(?:go|no-go): ring \d+ of rollout [\w-]+\n(?: {2}[^\n]+\n)+/gm)].map((m) => m[0])) {
      const [head, ...lines] = quoted.trimEnd().split('\n');
      const [, verdict, ring, rollout] = /^(go|no-go): ring (\d+) of rollout ([\w-]+)$/.exec(head!)!;
      const reasons = verdict === 'go' ? [] : lines.map((l) => ({ code: l.trim().split(':')[0]!, text: { en: l.trim().slice(l.trim().indexOf(': ') + 2), fr: '' } }));
      const checked = verdict === 'go' ? lines.map((l) => ({ en: l.trim().slice('ok: '.length), fr: '' })) : [];
      const answer = guardCli.guardAnswer.parse({ rollout, ring: Number(ring), verdict, reasons, checked, at: '2022-01-11T13:10:00.000Z' });
      expect(guardCli.formatDecision(answer, 'en')).toBe(quoted);
    }
    expect(new Set(guardCli.WAITABLE_REASONS)).toEqual(new Set(tableRows(section('### What the guard checks')).filter((r) => r[2] === 'waits').map((r) => codeSpans(r[0]!)[0])));

    // `vigie rollout create` of the KB5009557 example gives the rings and soaks of the JSON body.
    const create = /vigie rollout create --id kb5009557-dc[^\n]*/.exec(joinLines(section('### Rings and soak')))![0];
    const flag = (name: string) => [...create.matchAll(new RegExp(`--${name} (\\S+)`, 'g'))].map((m) => m[1]!);
    const body = rolloutCli.rolloutBodyOf({
      id: flag('id')[0], kind: flag('kind')[0], ref: flag('ref')[0], ring: flag('ring'), soak: flag('soak')[0], ringSoak: flag('ring-soak'),
      incidents: true, crisis: true, freezes: true, guardService: flag('guard-service'), timeoutRequest: '10s', lang: 'en',
    });
    const parsed = rolloutBody.parse(body);
    const json = rolloutJson();
    expect(parsed.rings.map((r) => [r.monitors, r.soak])).toEqual(json.rings.map((r) => [r.monitors, r.soak]));
    expect([parsed.id, parsed.kind, parsed.external_ref, parsed.guard]).toEqual([json.id, json.kind, json.external_ref, json.guard]);
  }, 60_000);
});

describe('docs/changes-and-rollouts.md: links', () => {
  it('lead to existing pages and headings', () => {
    const slug = (h: string) => h.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
    const headingsOf = (text: string) => text.split('\n').flatMap((l) => /^#{1,6}\s+(.*)$/.exec(l)?.[1] ?? []).map(slug);
    const broken: string[] = [];
    for (const [, target] of doc.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(target!)) continue;
      const [file, anchor] = target!.split('#') as [string, string | undefined];
      const path = file === '' ? DOC_PATH : join(ROOT, 'docs', file);
      if (!existsSync(path)) broken.push(`${target} (no such file)`);
      else if (anchor && !headingsOf(readFileSync(path, 'utf8')).includes(anchor)) broken.push(`${target} (no such heading)`);
    }
    expect(broken).toEqual([]);
  });
});
