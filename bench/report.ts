/** @module Figures helpers and the docs/benchmarks.md appender shared by benchmarks. */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The value at quantile q (0..1) of a list, nearest rank. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function machine(): string {
  const cpu = cpus();
  return `${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}

const FILE = new URL('../docs/benchmarks.md', import.meta.url);

/** Appends a section to docs/benchmarks.md (creating the file with its header if needed). */
export function appendReport(title: string, lines: string[]): void {
  if (!existsSync(FILE)) {
    writeFileSync(FILE, '# Benchmarks\n\nAppended by `npm run bench`; newest last. Figures are medians or quantiles of one run each.\n');
  }
  const section = [`\n## ${title}`, '', `- Date: ${new Date().toISOString()}`, `- Machine: ${machine()}`, ...lines.map((l) => `- ${l}`), ''];
  appendFileSync(FILE, section.join('\n'));
}

/** Statements sent to the database, and how many of them ended in a commit (a WAL flush). */
export interface QueryCount {
  statements: number;
  commits: number;
}

/**
 * Counts the statements this process sends to PostgreSQL (`pg`) and SQLite (`better-sqlite3`)
 * from now on, and the commits among them: an explicit `commit`, or a write outside a
 * transaction. Unlike wall time, these counts do not depend on what else loads the machine.
 */
export async function countQueries(): Promise<{ take(): QueryCount }> {
  const count: QueryCount = { statements: 0, commits: 0 };
  const inTransaction = new WeakSet<object>();
  const note = (owner: object, text: string) => {
    count.statements++;
    const head = text.trimStart().slice(0, 8).toLowerCase();
    if (head.startsWith('begin')) inTransaction.add(owner);
    else if (head.startsWith('commit') || head.startsWith('rollback')) {
      if (head.startsWith('commit')) count.commits++;
      inTransaction.delete(owner);
    } else if (!inTransaction.has(owner) && /^(insert|update|delete)/.test(head)) count.commits++;
  };
  const pg = (await import('pg')).default;
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: object, ...args: unknown[]) {
    const config = args[0] as string | { text?: string };
    note(this, typeof config === 'string' ? config : (config?.text ?? ''));
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
  const Sqlite = (await import('better-sqlite3')).default;
  const prepare = Sqlite.prototype.prepare;
  Sqlite.prototype.prepare = function (this: object, source: string) {
    const stmt = prepare.call(this, source);
    const owner = this;
    for (const method of ['run', 'all', 'get', 'iterate'] as const) {
      const original = stmt[method].bind(stmt) as (...args: unknown[]) => unknown;
      (stmt as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        note(owner, source);
        return original(...args);
      };
    }
    return stmt;
  } as typeof Sqlite.prototype.prepare;
  return {
    take() {
      const taken = { ...count };
      count.statements = 0;
      count.commits = 0;
      return taken;
    },
  };
}

/** The value of `--name` in `args`, or `fallback`. */
export function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
}

/** Drops a benchmark's PostgreSQL schema. */
export async function dropPgSchema(url: string, schema: string): Promise<void> {
  const pg = await import('pg');
  const client = new pg.default.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
}

/** `startApp` and `createLogger` of the code under `root` (this tree, or a `--before` checkout). */
export async function appModules(root: string) {
  const app = (await import(pathToFileURL(join(root, 'src/app.ts')).href)) as typeof import('../src/app.js');
  const logger = (await import(pathToFileURL(join(root, 'src/logger.ts')).href)) as typeof import('../src/logger.js');
  return { startApp: app.startApp, createLogger: logger.createLogger };
}
