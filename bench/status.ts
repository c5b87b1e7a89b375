/**
 * @module `npm run bench -- status`: the status page under load while Vigie checks N monitors.
 * The app runs in this process with N HTTP monitors (keep-alive off) against a local target and
 * a status page of a few services; autocannon runs in its own process (so that it does not share
 * Vigie's event loop) against `summary.json` and the HTML page, 64 connections each, loopback.
 * Targets (issue 13): summary.json ≥ 20,000 req/s, HTML ≥ 10,000 req/s with p99 < 20 ms.
 *
 * Options: --monitors 10000 --interval 30 (s) --duration 15 (s per URL) --connections 64 --db sqlite|postgres
 * --separate (the page served by `vigie status serve` in its own process on the same database).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from '../src/app.js';
import { createLogger } from '../src/logger.js';
import { startTarget } from './engine.js';
import { appendReport } from './report.js';

interface Options {
  monitors: number;
  intervalS: number;
  durationS: number;
  connections: number;
  db: 'sqlite' | 'postgres';
  /** Serve the page from `vigie status serve` in its own process (same database) instead of the checking process. */
  separate: boolean;
}

function parseArgs(args: string[]): Options {
  const get = (name: string, fallback: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
  };
  return {
    monitors: Number(get('monitors', '10000')),
    intervalS: Number(get('interval', '30')),
    durationS: Number(get('duration', '15')),
    connections: Number(get('connections', '64')),
    db: get('db', 'sqlite') as Options['db'],
    separate: args.includes('--separate'),
  };
}

function writeConfig(dir: string, o: Options, port: number): string {
  const lines = ['server: { host: 127.0.0.1, port: 0 }', 'scheduler: { concurrency: 200, per_host: 200 }', 'monitors:'];
  for (let i = 0; i < o.monitors; i++) lines.push(`  - { id: m-${i}, interval: ${o.intervalS}s, timeout: 10s, http: { url: "http://127.0.0.1:${port}/m/${i}" } }`);
  // Ten services of ten monitors each on the page, and ten monitors shown alone.
  lines.push('services:');
  for (let s = 0; s < 10; s++) lines.push(`  - { id: svc-${s}, name: { en: Service ${s}, fr: Service ${s} }, redundancy: { members: [${Array.from({ length: 10 }, (_, k) => `m-${s * 10 + k}`).join(', ')}], min_healthy: 5 } }`);
  lines.push('status_pages:', '  - id: public', '    title: { en: Bench status, fr: État (banc) }', '    components:');
  lines.push(`      - group: { en: Services, fr: Services }\n        components: [${Array.from({ length: 10 }, (_, s) => `{ service: svc-${s} }`).join(', ')}]`);
  for (let i = 100; i < 110; i++) lines.push(`      - { monitor: m-${i}, name: { en: Endpoint ${i}, fr: Point ${i} } }`);
  const file = join(dir, 'vigie.yaml');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

interface Cannon {
  requests: { average: number; mean: number };
  latency: { p50: number; p99: number; p97_5: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** Runs autocannon in its own process against `url`; returns its JSON result. */
async function cannon(url: string, o: Options, headers: Record<string, string> = {}): Promise<Cannon> {
  const bin = new URL('../node_modules/autocannon/autocannon.js', import.meta.url).pathname;
  const args = [bin, '--json', '-c', String(o.connections), '-d', String(o.durationS), ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]), url];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`autocannon failed (exit ${code})`);
  return JSON.parse(out) as Cannon;
}

export async function runBench(args: string[]): Promise<void> {
  const o = parseArgs(args);
  const target = await startTarget();
  const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-status-'));
  const pgSchema = `bench_${randomBytes(4).toString('hex')}`;
  const pgUrl = process.env.VIGIE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const app = await startApp({
    configPath: writeConfig(dir, o, target.ports.http),
    sqlitePath: join(dir, 'vigie.db'),
    databaseUrl: o.db === 'postgres' ? pgUrl : '',
    pgSchema: o.db === 'postgres' ? pgSchema : undefined,
    logger: createLogger('warn'),
    watch: false,
  });
  const lines: string[] = [];
  try {
    let results = 0;
    app.bus.on('result', () => results++);
    const warmupMs = Math.min(o.intervalS * 1000 + 5000, 40_000);
    process.stdout.write(`${o.monitors} monitors every ${o.intervalS}s on ${o.db}: warm-up ${warmupMs / 1000}s\n`);
    await new Promise((r) => setTimeout(r, warmupMs));
    let serveProcess: ReturnType<typeof spawn> | undefined;
    let origin = app.url;
    if (o.separate) {
      const port = 20_000 + Math.floor(Math.random() * 20_000);
      const cli = new URL('../src/cli/main.ts', import.meta.url).pathname;
      const env = { ...process.env, ...(o.db === 'postgres' ? { VIGIE_DATABASE_URL: pgUrl, VIGIE_DATABASE_SCHEMA: pgSchema } : { VIGIE_DATABASE_URL: '' }), VIGIE_SECRET_KEY_FILE: join(dir, 'secret.key') };
      const args = ['--import', 'tsx', cli, 'status', 'serve', '--config', join(dir, 'vigie.yaml'), '--host', '127.0.0.1', '--port', String(port), ...(o.db === 'sqlite' ? ['--sqlite', join(dir, 'vigie.db')] : [])];
      serveProcess = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
      origin = `http://127.0.0.1:${port}`;
      for (let i = 0; i < 100; i++) {
        if ((await fetch(`${origin}/status/public/api/v2/summary.json`).then((r) => r.status).catch(() => 0)) === 200) break;
        await new Promise((r) => setTimeout(r, 300));
      }
    }
    const base = `${origin}/status/public`;
    const check = await fetch(`${base}/api/v2/summary.json`);
    if (check.status !== 200) throw new Error(`summary.json answered ${check.status}`);
    const components = ((await check.json()) as { components: unknown[] }).components.length;
    const figures: [string, string, Cannon][] = [];
    for (const [label, url] of [['summary.json', `${base}/api/v2/summary.json`], ['HTML page', base]] as const) {
      results = 0;
      const t0 = performance.now();
      const r = await cannon(url, o, { 'accept-language': 'fr' });
      const checksPerS = results / ((performance.now() - t0) / 1000);
      process.stdout.write(`${label}: ${r.requests.average.toFixed(0)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, non-2xx ${r.non2xx}, errors ${r.errors}; checks meanwhile ${checksPerS.toFixed(0)}/s\n`);
      figures.push([label, `${checksPerS.toFixed(0)} checks/s meanwhile (due ${(o.monitors / o.intervalS).toFixed(0)})`, r]);
    }
    serveProcess?.kill('SIGTERM');
    lines.push(`${o.monitors} HTTP monitors every ${o.intervalS}s on ${o.db}, status page of ${components} components${o.separate ? ' served by `vigie status serve` in its own process on the same database' : ' served by the checking process'}; autocannon ${o.connections} connections × ${o.durationS}s per URL, own process, loopback`);
    for (const [label, checks, r] of figures) {
      lines.push(`  ${label}: ${r.requests.average.toFixed(0)} req/s (mean), latency p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, non-2xx ${r.non2xx}, errors ${r.errors}; ${checks}`);
    }
  } finally {
    await app.close();
    target.stop();
    rmSync(dir, { recursive: true, force: true });
    if (o.db === 'postgres') {
      const pg = await import('pg');
      const client = new pg.default.Client({ connectionString: pgUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${pgSchema} CASCADE`);
      await client.end();
    }
  }
  appendReport(`status — page under load while ${o.monitors} monitors are checked`, lines);
}
