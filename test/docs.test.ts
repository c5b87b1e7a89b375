/**
 * @module Drift guard for the user documentation: fails when the code grows something the docs
 * do not mention — a config field, a check type, an API route, a metric, a CLI command or
 * option — or when a link between the docs breaks.
 *
 * Every list is taken from the running code (the config JSON Schema, the check registry, the
 * OpenAPI document served by a real Vigie on loopback, the metrics registry, the command tree of
 * the real CLI), so new check types, routes and commands are covered without touching this file.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../src/app.js';
import { CHECK_TYPE_NAMES } from '../src/checks/registry.js';
import { configJsonSchema } from '../src/config/json-schema.js';
import { EngineMetrics } from '../src/engine/metrics.js';
import { createLogger } from '../src/logger.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DOC_NAMES = ['configuration.md', 'checks.md', 'api.md', 'cli.md'] as const;
const docs = Object.fromEntries(DOC_NAMES.map((name) => [name, readFileSync(join(ROOT, 'docs', name), 'utf8')])) as Record<(typeof DOC_NAMES)[number], string>;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every property name declared anywhere in a JSON Schema (objects, items, unions, $defs…). */
function schemaPropertyNames(schema: unknown): Set<string> {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.properties && typeof record.properties === 'object') {
      for (const [name, child] of Object.entries(record.properties)) {
        names.add(name);
        visit(child);
      }
    }
    for (const key of ['items', 'prefixItems', 'additionalProperties', 'anyOf', 'oneOf', 'allOf', 'not', 'if', 'then', 'else']) visit(record[key]);
    for (const key of ['$defs', 'definitions']) if (record[key] && typeof record[key] === 'object') Object.values(record[key]).forEach(visit);
  };
  visit(schema);
  return names;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
}

function headings(markdown: string): string[] {
  return markdown.split('\n').flatMap((line) => /^#{1,6}\s+(.*)$/.exec(line)?.[1] ?? []);
}

/** The other pages of docs/ that these pages link to (e.g. a check type's own page). */
function linkedPages(from: ReadonlyArray<(typeof DOC_NAMES)[number]>): string[] {
  const files = new Set<string>();
  for (const name of from) {
    for (const [, target] of docs[name].matchAll(/\]\(([\w.-]+\.md)(?:#[^)]*)?\)/g)) {
      if (!(DOC_NAMES as readonly string[]).includes(target!) && existsSync(join(ROOT, 'docs', target!))) files.add(target!);
    }
  }
  return [...files].map((file) => readFileSync(join(ROOT, 'docs', file), 'utf8'));
}

describe('docs/configuration.md and docs/checks.md', () => {
  const names = schemaPropertyNames(configJsonSchema());

  it('finds the config fields in the JSON Schema (the walk itself works)', () => {
    for (const known of ['server', 'retention', 'per_host', 'monitors', 'confirmations', 'url', 'record_type', 'warn_days']) expect(names).toContain(known);
  });

  it('mention every config field as `name` (there, or in a page of docs/ they link to)', () => {
    const text = [docs['configuration.md'], docs['checks.md'], ...linkedPages(['configuration.md', 'checks.md'])].join('\n');
    const missing = [...names].filter((name) => !text.includes(`\`${name}\``)).sort();
    expect(missing, 'config fields not documented as `name` in docs/configuration.md, docs/checks.md or a page they link to').toEqual([]);
  });

  it('give every registered check type a "## <type>" section in docs/checks.md', () => {
    expect(CHECK_TYPE_NAMES.length).toBeGreaterThanOrEqual(4);
    const sections = docs['checks.md'].split('\n').filter((line) => line.startsWith('## '));
    const missing = CHECK_TYPE_NAMES.filter((type) => !sections.some((line) => new RegExp(`^##\\s+\`?${escape(type)}\`?(\\s|$)`).test(line)));
    expect(missing, 'check types without a "## <type>" heading in docs/checks.md').toEqual([]);
  });
});

describe('docs/api.md', () => {
  let app: App;
  let dir: string;
  let routes: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigie-docs-'));
    const configPath = join(dir, 'vigie.yaml');
    writeFileSync(configPath, 'server: { host: 127.0.0.1, port: 0 }\n');
    app = await startApp({ configPath, sqlitePath: join(dir, 'vigie.db'), databaseUrl: '', host: '127.0.0.1', port: 0, watch: false, logger: createLogger('silent'), engine: { jitter: false } });
    const answer = await fetch(`${app.url}/api/v1/openapi.json`);
    const document = (await answer.json()) as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`),
    );
  });

  afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists every route of the running API as `METHOD /path`', () => {
    expect(routes).toContain('GET /api/v1/monitors/:id');
    const missing = routes.filter((route) => !new RegExp(`${escape(route)}(?![\\w/:{.-])`).test(docs['api.md']));
    expect(missing, 'routes not documented as "METHOD /path" in docs/api.md').toEqual([]);
  });

  it('lists every vigie_ metric of the engine', async () => {
    const metrics = (await new EngineMetrics(false).registry.getMetricsAsJSON()).map((m) => m.name);
    expect(metrics.length).toBeGreaterThanOrEqual(10);
    const missing = metrics.filter((name) => name.startsWith('vigie_') && !docs['api.md'].includes(`\`${name}\``));
    expect(missing, 'metrics not documented as `name` in docs/api.md').toEqual([]);
  });
});

interface CliCommand {
  path: string[];
  options: string[];
}

const run = promisify(execFile);

/**
 * Loads the real CLI (`src/cli/main.ts`) in a child process where commander's `parse` and
 * `parseAsync` print the command tree as JSON instead of running a command.
 */
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

/** Every command and subcommand of the CLI with its long options. */
async function cliCommands(): Promise<CliCommand[]> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', DUMP_COMMANDS], { cwd: ROOT, timeout: 90_000 });
  return JSON.parse(stdout) as CliCommand[];
}

/** The text under the heading `vigie <path>` down to the next heading of the same or a higher level. */
function cliSection(markdown: string, path: string[]): string | undefined {
  const lines = markdown.split('\n');
  const heading = new RegExp(`^(#{2,6})\\s+\`?vigie ${escape(path.join(' '))}\`?\\s*$`);
  const start = lines.findIndex((line) => heading.test(line));
  if (start === -1) return undefined;
  const level = heading.exec(lines[start]!)![1]!.length;
  const end = lines.findIndex((line, i) => i > start && /^(#{1,6})\s/.test(line) && /^#+/.exec(line)![0].length <= level);
  return lines.slice(start, end === -1 ? undefined : end).join('\n');
}

describe('docs/cli.md', () => {
  let commands: CliCommand[] = [];

  beforeAll(async () => {
    commands = await cliCommands();
  }, 120_000);

  it('has a "vigie <command>" heading for every command and subcommand', () => {
    expect(commands.map((c) => c.path.join(' '))).toEqual(expect.arrayContaining(['serve', 'check', 'token create']));
    const missing = commands.filter((c) => cliSection(docs['cli.md'], c.path) === undefined).map((c) => `vigie ${c.path.join(' ')}`);
    expect(missing, 'commands without a "## vigie <command>" heading in docs/cli.md').toEqual([]);
  });

  it('README lists every top-level command as `vigie <command>`', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const top = commands.filter((c) => c.path.length === 1).map((c) => c.path[0]!);
    expect(top).toEqual(expect.arrayContaining(['serve', 'agent', 'domain', 'incident']));
    const missing = top.filter((name) => !new RegExp(`\`vigie ${escape(name)}(?![\\w-])`).test(readme));
    expect(missing, 'commands not listed as `vigie <command>` in README.md').toEqual([]);
  });

  it("mentions every option in its command's section (or a parent command's)", () => {
    const missing = commands.flatMap((c) => {
      const sections = c.path.map((_, i) => cliSection(docs['cli.md'], c.path.slice(0, i + 1)) ?? '').join('\n');
      return c.options.filter((flag) => !new RegExp(`${escape(flag)}(?![\\w-])`).test(sections)).map((flag) => `vigie ${c.path.join(' ')} ${flag}`);
    });
    expect(missing, 'options not mentioned under their command in docs/cli.md').toEqual([]);
  });
});

describe('links', () => {
  it('between the docs (and from the README to them) lead to existing files and headings', () => {
    const sources = [...DOC_NAMES.map((name) => join(ROOT, 'docs', name)), join(ROOT, 'README.md')];
    const broken: string[] = [];
    for (const source of sources) {
      const text = readFileSync(source, 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target!)) continue; // external
        const [file, anchor] = target!.split('#') as [string, string | undefined];
        const path = file === '' ? source : resolve(dirname(source), file);
        const ours = DOC_NAMES.some((name) => path === join(ROOT, 'docs', name));
        if (source.endsWith('README.md') && !ours) continue; // the README's other links belong to others
        if (!existsSync(path)) broken.push(`${source.slice(ROOT.length)}: ${target} (no such file)`);
        else if (anchor && path.endsWith('.md') && !headings(readFileSync(path, 'utf8')).some((h) => slug(h) === anchor)) {
          broken.push(`${source.slice(ROOT.length)}: ${target} (no such heading)`);
        }
      }
    }
    expect(broken).toEqual([]);
  });
});
