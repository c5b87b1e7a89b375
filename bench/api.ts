/**
 * @module `npm run bench -- api`: the monitor list API at size. N heartbeat monitors (default
 * 100,000; passive, so nothing but the API loads the process) from a config file, through the real
 * app on SQLite and PostgreSQL; then each query of the list API answered M times over HTTP on
 * loopback with a bearer token (the monitors are judged hourly, so the figures are the API's own), reporting the median and p95 time to the whole answer: the first
 * page, a page deep in the list (keyset `after`, and the older `offset` for comparison), a state
 * filter that matches nothing, a tag filter, a search, and the whole list as the console loads it.
 *
 * Options: --monitors 100000 --repeat 20 --db sqlite,postgres
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startApp, type App } from '../src/app.js';
import { generateToken, hashToken } from '../src/api/tokens.js';
import { createLogger } from '../src/logger.js';
import { appendReport, quantile } from './report.js';

interface Options {
  monitors: number;
  repeat: number;
  dbs: Array<'sqlite' | 'postgres'>;
}

const PG_URL = process.env.VIGIE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function parseArgs(args: string[]): Options {
  const get = (name: string, fallback: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
  };
  return { monitors: Number(get('monitors', '100000')), repeat: Number(get('repeat', '20')), dbs: get('db', 'sqlite,postgres').split(',') as Options['dbs'] };
}

const idOf = (i: number) => `hb-${String(i).padStart(6, '0')}`;

/** A config folder: the server in one file, the monitors in files of 20,000 (a file may hold at most 4 MiB). */
function writeConfig(dir: string, n: number): string {
  const folder = join(dir, 'config');
  mkdirSync(folder);
  writeFileSync(join(folder, '00-server.yaml'), 'server: { host: 127.0.0.1, port: 0 }\n');
  for (let first = 0, file = 1; first < n; first += 20_000, file++) {
    const lines = ['monitors:'];
    for (let i = first; i < Math.min(n, first + 20_000); i++) {
      lines.push(`  - { id: ${idOf(i)}, name: Branch office ${i}, tags: [t${i % 10}], interval: 1h, heartbeat: { token: tok-${i}-${'x'.repeat(16)}, period: 1h, grace: 1h } }`);
    }
    writeFileSync(join(folder, `${String(file).padStart(2, '0')}-monitors.yaml`), `${lines.join('\n')}\n`);
  }
  return folder;
}

interface Timed {
  median: number;
  p95: number;
  bytes: number;
}

async function time(app: App, token: string, path: string, repeat: number): Promise<Timed> {
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    const res = await fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' } });
    const body = await res.arrayBuffer();
    samples.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${Buffer.from(body).toString('utf8').slice(0, 300)}`);
    bytes = body.byteLength;
  }
  return { median: quantile(samples, 0.5), p95: quantile(samples, 0.95), bytes };
}

/** The whole list, page after page, as the console loads it (keyset when the API has it). */
async function wholeList(app: App, token: string, keyset: boolean, pageSize: number): Promise<{ ms: number; requests: number }> {
  const t0 = performance.now();
  let requests = 0;
  let after: string | undefined;
  let offset = 0;
  for (;;) {
    const query = keyset ? `view=summary&limit=${pageSize}${after ? `&after=${encodeURIComponent(after)}` : ''}` : `limit=${pageSize}&offset=${offset}`;
    const res = await fetch(`${app.url}/api/v1/monitors?${query}`, { headers: { authorization: `Bearer ${token}` } });
    requests++;
    const page = (await res.json()) as { items: Array<{ id: string }>; next?: string | null };
    if (res.status !== 200) throw new Error(`whole list: ${res.status} ${JSON.stringify(page).slice(0, 300)}`);
    if (keyset) {
      if (!page.next) break;
      after = page.next;
    } else {
      offset += page.items.length;
      if (page.items.length < pageSize) break;
    }
  }
  return { ms: performance.now() - t0, requests };
}

async function runOne(o: Options, db: 'sqlite' | 'postgres'): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-api-'));
  const pgSchema = `bench_${randomBytes(4).toString('hex')}`;
  const configPath = writeConfig(dir, o.monitors);
  const t0 = performance.now();
  const app = await startApp({
    configPath,
    sqlitePath: join(dir, 'vigie.db'),
    databaseUrl: db === 'postgres' ? PG_URL : '',
    pgSchema: db === 'postgres' ? pgSchema : undefined,
    logger: createLogger('warn'),
    watch: false,
  });
  const startS = (performance.now() - t0) / 1000;
  const lines: string[] = [];
  try {
    const token = generateToken();
    await app.store.tokens.create({ id: randomUUID(), name: 'bench', role: 'viewer', tokenHash: hashToken(token) }, Date.now());
    // What this version of the API takes: `after` and `q` answer 400 where they are unknown.
    const takes = async (query: string) => (await fetch(`${app.url}/api/v1/monitors?limit=1&${query}`, { headers: { authorization: `Bearer ${token}` } })).status === 200;
    const params = new Set([...((await takes('after=a')) ? ['after'] : []), ...((await takes('q=a')) ? ['q'] : [])]);
    const keyset = params.has('after');
    const deepId = idOf(o.monitors - 600);
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const queries: Array<[string, string]> = [
      ['first page of 50', '/api/v1/monitors'],
      ['first page of 500', '/api/v1/monitors?limit=500'],
      [`page of 500 at offset ${o.monitors - 600}`, `/api/v1/monitors?limit=500&offset=${o.monitors - 600}`],
      ...(keyset ? [[`page of 500 after ${deepId} (keyset)`, `/api/v1/monitors?limit=500&after=${deepId}`] as [string, string]] : []),
      ['state=down (no match)', '/api/v1/monitors?state=down'],
      ['tag=t7, page of 50', '/api/v1/monitors?tag=t7'],
      ...(params.has('q') ? [['search q="office 99999"', '/api/v1/monitors?q=office%2099999'] as [string, string]] : []),
    ];
    for (const [label, path] of queries) {
      await time(app, token, path, 2); // warm
      const t = await time(app, token, path, o.repeat);
      lines.push(`  ${label}: median ${t.median.toFixed(1)} ms, p95 ${t.p95.toFixed(1)} ms (${(t.bytes / 1024).toFixed(0)} KB)`);
    }
    const whole = await wholeList(app, token, keyset, keyset ? 5000 : 500);
    lines.push(`  whole list as the console loads it (${keyset ? 'summary view, keyset pages of 5,000' : 'pages of 500 by offset'}): ${whole.ms.toFixed(0)} ms in ${whole.requests} requests`);
    loop.disable();
    lines.push(`  event-loop delay meanwhile p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms`);
  } finally {
    await app.close();
    if (db === 'postgres') {
      const pg = await import('pg');
      const client = new pg.default.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${pgSchema} CASCADE`);
      await client.end();
    }
    rmSync(dir, { recursive: true, force: true });
  }
  return [`${db}: ${o.monitors} monitors (started in ${startS.toFixed(1)} s), ${o.repeat} answers per query`, ...lines];
}

export async function runBench(args: string[]): Promise<void> {
  const o = parseArgs(args);
  const lines: string[] = [];
  for (const db of o.dbs) {
    const figures = await runOne(o, db);
    for (const line of figures) process.stdout.write(`${line}\n`);
    lines.push(...figures);
  }
  appendReport(`api — monitor list at ${o.monitors} monitors`, lines);
}
