/**
 * @module `npm run bench -- push`: heartbeat and traffic pushes at full speed. Vigie starts with
 * N heartbeat (or traffic) monitors; autocannon (in its own process, over loopback) sends pushes
 * that rotate over the N distinct tokens; the figures are requests per second (median of the
 * per-second counts) and latency p50/p99, what servers pushing every few seconds need.
 *
 * Options: --monitors 10000 --duration 10 (s, measured, after a warm-up pass over every token)
 * --connections 50 --kind heartbeat|traffic (several: --kind heartbeat,traffic)
 * --db sqlite|postgres (several: --db sqlite,postgres) --before <dir> (a checkout of earlier
 * code with node_modules linked: its src/ runs under this harness too, so before and after come
 * from the same run on the same load).
 *
 * Each token pushes a few times per run, under the per-token rate limit (30 in a burst): a
 * refused push would be measured as a fast 429.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { randomBytes } from 'node:crypto';
import { appendReport, appModules, countQueries, dropPgSchema, option, type QueryCount } from './report.js';

const PG_URL = process.env.VIGIE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const HERE = join(import.meta.dirname, '..');

/** What this benchmark reads of autocannon's result. */
interface CannonResult {
  requests: { p50: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}

/**
 * The load generator, run by node in its own process (so that it does not share Vigie's event
 * loop): every request takes the next token of the list, whatever its connection, so that the
 * tokens rotate evenly (autocannon's `requests` array would send the same token on every
 * connection at once and hit the per-token rate limit).
 */
const CANNON_SCRIPT = `
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const [root, spec] = process.argv.slice(2);
const autocannon = createRequire(root + '/package.json')('autocannon');
const o = JSON.parse(readFileSync(spec, 'utf8'));
let next = 0;
const requests = [{ method: o.method, setupRequest: (req) => ({ ...req, path: o.paths[next++ % o.paths.length], ...(o.headers ? { headers: { ...req.headers, ...o.headers } } : {}), ...(o.body ? { body: o.body } : {}) }) }];
const result = await autocannon({ url: o.url, connections: o.connections, requests, ...(o.amount ? { amount: o.amount } : { duration: o.duration }) });
process.stdout.write(JSON.stringify(result));
`;

type Kind = 'heartbeat' | 'traffic';
type Db = 'sqlite' | 'postgres';

interface Options {
  monitors: number;
  durationS: number;
  connections: number;
  kinds: Kind[];
  dbs: Db[];
  before: string | undefined;
}

function parseArgs(args: string[]): Options {
  const get = (name: string, fallback: string) => option(args, name, fallback);
  return {
    monitors: Number(get('monitors', '10000')),
    durationS: Number(get('duration', '10')),
    connections: Number(get('connections', '50')),
    kinds: get('kind', 'heartbeat,traffic').split(',') as Kind[],
    dbs: get('db', 'sqlite,postgres').split(',') as Db[],
    before: args.includes('--before') ? resolvePath(get('before', '')) : undefined,
  };
}

function writeConfig(dir: string, kind: Kind, monitors: number): { file: string; tokens: string[] } {
  const tokens: string[] = [];
  const lines = ['server: { host: 127.0.0.1, port: 0 }', 'monitors:'];
  for (let i = 0; i < monitors; i++) {
    const token = randomBytes(16).toString('hex');
    tokens.push(token);
    const block = kind === 'heartbeat' ? `heartbeat: { token: "${token}", period: 1h }` : `traffic: { token: "${token}", bucket: 5m, volume: attempts }`;
    lines.push(`  - { id: ${kind}-${i}, interval: 1h, ${block} }`);
  }
  const file = join(dir, 'vigie.yaml');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, tokens };
}

interface Load {
  method: 'GET' | 'POST';
  paths: string[];
  headers?: Record<string, string>;
  body?: string;
}

function loadFor(kind: Kind, tokens: string[]): Load {
  if (kind === 'heartbeat') return { method: 'GET', paths: tokens.map((t) => `/api/v1/push/${t}?status=up`) };
  return { method: 'POST', paths: tokens.map((t) => `/api/v1/metrics/${t}`), headers: { 'content-type': 'application/json' }, body: JSON.stringify({ counts: { attempts: 120, answered: 110 } }) };
}

/** Runs autocannon in its own process for `durationS` seconds, or for `amount` requests. */
async function cannon(dir: string, url: string, load: Load, connections: number, run: { durationS?: number; amount?: number }): Promise<CannonResult> {
  const script = join(dir, 'cannon.mjs');
  const spec = join(dir, 'cannon.json');
  writeFileSync(script, CANNON_SCRIPT);
  writeFileSync(spec, JSON.stringify({ ...load, url, connections, duration: run.durationS, amount: run.amount }));
  const child = spawn(process.execPath, [script, HERE, spec], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`autocannon failed (exit ${code})`);
  return JSON.parse(out) as CannonResult;
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  total: number;
  queries: QueryCount;
}

async function runOne(o: Options, kind: Kind, db: Db, root: string, counter: { take(): QueryCount }): Promise<Figures> {
  const { startApp, createLogger } = await appModules(root);
  const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-push-'));
  const pgSchema = `bench_${randomBytes(4).toString('hex')}`;
  const { file, tokens } = writeConfig(dir, kind, o.monitors);
  const app = await startApp({
    configPath: file, sqlitePath: join(dir, 'vigie.db'), databaseUrl: db === 'postgres' ? PG_URL : '', pgSchema: db === 'postgres' ? pgSchema : undefined,
    logger: createLogger('error'), watch: false,
  });
  try {
    const load = loadFor(kind, tokens);
    // Warm-up: every token once (first pushes of a monitor read what it pushed before).
    await cannon(dir, app.url, load, o.connections, { amount: tokens.length });
    counter.take();
    const result = await cannon(dir, app.url, load, o.connections, { durationS: o.durationS });
    const queries = counter.take();
    return {
      rps: result.requests.p50, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors, total: result.requests.total, queries,
    };
  } finally {
    await app.close();
    if (db === 'postgres') await dropPgSchema(PG_URL, pgSchema);
    rmSync(dir, { recursive: true, force: true });
  }
}

function line(label: string, f: Figures): string {
  const per = f.total > 0 ? (f.queries.statements / f.total).toFixed(2) : '0';
  return `  ${label}: ${f.rps.toFixed(0)} requests/s (median of seconds), latency p50 ${f.p50} ms, p99 ${f.p99} ms; ${f.total} pushes, ${f.non2xx} not 2xx, ${f.errors} errors; ${per} database statements per push (${f.queries.commits} commits)`;
}

export async function runBench(args: string[]): Promise<void> {
  const o = parseArgs(args);
  const counter = await countQueries();
  const lines: string[] = [];
  for (const db of o.dbs) {
    for (const kind of o.kinds) {
      lines.push(`${kind} pushes on ${db}: ${o.monitors} monitors, ${o.monitors} distinct tokens, ${o.connections} connections, ${o.durationS} s measured (autocannon in its own process, loopback)`);
      if (o.before) {
        process.stdout.write(`[push/${kind}/${db}] before (${o.before})\n`);
        lines.push(line(`before (${o.before})`, await runOne(o, kind, db, o.before, counter)));
      }
      process.stdout.write(`[push/${kind}/${db}] this tree\n`);
      lines.push(line(o.before ? 'after (this tree)' : 'this tree', await runOne(o, kind, db, HERE, counter)));
      process.stdout.write(`${lines.at(-1)}\n`);
    }
  }
  for (const l of lines) process.stdout.write(`${l}\n`);
  appendReport(`push — ${o.monitors} tokens`, lines);
}
