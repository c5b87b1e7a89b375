/**
 * @module `npm run bench -- engine`: N monitors against a local target (HTTP with keep-alive off,
 * or TCP) at a fixed interval, run in-process through the real app (config file → engine →
 * storage), measuring what a user of a busy instance feels: checks/s achieved vs due, schedule
 * lag, event-loop delay, CPU, peak RSS and database growth.
 *
 * Options: --monitors 10000 --interval 30 (s) --duration 180 (s, after one interval of warm-up)
 * --type http|tcp --db sqlite|postgres (several: --type http,tcp --db sqlite,postgres).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants as perfConstants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { startApp } from '../src/app.js';
import { createLogger } from '../src/logger.js';
import { appendReport, quantile } from './report.js';

interface Options {
  monitors: number;
  intervalS: number;
  durationS: number;
  types: Array<'http' | 'tcp'>;
  dbs: Array<'sqlite' | 'postgres'>;
}

function parseArgs(args: string[]): Options {
  const get = (name: string, fallback: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
  };
  return {
    monitors: Number(get('monitors', '10000')),
    intervalS: Number(get('interval', '30')),
    durationS: Number(get('duration', '180')),
    types: get('type', 'http,tcp').split(',') as Options['types'],
    dbs: get('db', 'sqlite,postgres').split(',') as Options['dbs'],
  };
}

/** The HTTP and TCP target in its own process (bench/target-server.ts). */
export async function startTarget(): Promise<{ ports: { http: number; tcp: number }; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./target-server.ts', import.meta.url).pathname], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  return { ports: JSON.parse(line) as { http: number; tcp: number }, stop: () => child.kill('SIGTERM') };
}

function writeConfig(dir: string, o: Options, type: 'http' | 'tcp', ports: { http: number; tcp: number }): string {
  const lines = ['server: { host: 127.0.0.1, port: 0 }', `scheduler: { concurrency: 200, per_host: 200 }`, 'monitors:'];
  for (let i = 0; i < o.monitors; i++) {
    const block = type === 'http' ? `http: { url: "http://127.0.0.1:${ports.http}/m/${i}" }` : `tcp: { host: 127.0.0.1, port: ${ports.tcp}, expect: "220" }`;
    lines.push(`  - { id: m-${i}, interval: ${o.intervalS}s, timeout: 10s, ${block} }`);
  }
  const file = join(dir, 'vigie.yaml');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function runOne(o: Options, type: 'http' | 'tcp', db: 'sqlite' | 'postgres', ports: { http: number; tcp: number }): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-'));
  const pgSchema = `bench_${randomBytes(4).toString('hex')}`;
  const configPath = writeConfig(dir, o, type, ports);
  const app = await startApp({
    configPath,
    sqlitePath: join(dir, 'vigie.db'),
    databaseUrl: db === 'postgres' ? (process.env.VIGIE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test') : '',
    pgSchema: db === 'postgres' ? pgSchema : undefined,
    logger: createLogger('warn'),
    watch: false,
  });
  let results = 0;
  app.bus.on('result', () => results++);
  const warmupMs = o.intervalS * 1000 + 5000;
  process.stdout.write(`[${type}/${db}] ${o.monitors} monitors every ${o.intervalS}s: warm-up ${warmupMs / 1000}s, then ${o.durationS}s measured\n`);
  await new Promise((r) => setTimeout(r, warmupMs));

  app.engine.metrics.lagSamples = [];
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const skipped0 = (await app.engine.metrics.skipped.get()).values[0]?.value ?? 0;
  const missed0 = (await app.engine.metrics.missed.get()).values[0]?.value ?? 0;
  const size0 = await app.store.sizeBytes();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  results = 0;
  let peakRss = 0;
  let peakHeap = 0;
  // A peak taken before the first full collection is not the steady-state peak: count them.
  let majorGcs = 0;
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if ((entry as unknown as { detail?: { kind?: number } }).detail?.kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR) majorGcs++;
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 500);
  await new Promise((r) => setTimeout(r, o.durationS * 1000));
  clearInterval(sampler);
  gcObserver.disconnect();
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  loop.disable();
  const size1 = await app.store.sizeBytes();
  const lags = app.engine.metrics.lagSamples;
  const skipped = ((await app.engine.metrics.skipped.get()).values[0]?.value ?? 0) - skipped0;
  const missed = ((await app.engine.metrics.missed.get()).values[0]?.value ?? 0) - missed0;
  await app.close();
  if (db === 'postgres') {
    const pg = await import('pg');
    const client = new pg.default.Client({ connectionString: process.env.VIGIE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test' });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${pgSchema} CASCADE`);
    await client.end();
  }
  rmSync(dir, { recursive: true, force: true });

  const due = o.monitors / o.intervalS;
  const achieved = results / wallS;
  const figures = [
    `${type.toUpperCase()} on ${db}: ${o.monitors} monitors every ${o.intervalS}s, measured ${wallS.toFixed(0)}s after ${warmupMs / 1000}s warm-up`,
    `  checks/s achieved ${achieved.toFixed(1)} vs due ${due.toFixed(1)} (${((achieved / due) * 100).toFixed(1)} %), skipped ${skipped}, missed ${missed}`,
    `  schedule lag p50 ${quantile(lags, 0.5).toFixed(1)} ms, p99 ${quantile(lags, 0.99).toFixed(1)} ms, max ${Math.max(0, ...lags).toFixed(1)} ms (${lags.length} runs)`,
    `  event-loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms`,
    `  CPU ${(((cpu.user + cpu.system) / 1e6 / wallS) * 100).toFixed(0)} % of one core (Vigie's process), peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`,
    `  database growth ${(((size1 - size0) / wallS) * 3600 / 2 ** 20).toFixed(0)} MB/hour (raw results; pruned after 14 days, rolled up hourly)`,
    `  peak JS heap used ${(peakHeap / 2 ** 20).toFixed(0)} MB, ${majorGcs} full garbage collections in the window`,
  ];
  return figures;
}

/** Runs one configuration in a child process, so that each figure (RSS above all) is its own. */
async function runChild(o: Options, type: 'http' | 'tcp', db: 'sqlite' | 'postgres', ports: { http: number; tcp: number }): Promise<string[]> {
  const args = ['--import', 'tsx', new URL('./run.ts', import.meta.url).pathname, 'engine', '--single', '--type', type, '--db', db,
    '--monitors', String(o.monitors), '--interval', String(o.intervalS), '--duration', String(o.durationS), '--ports', JSON.stringify(ports)];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    process.stdout.write(`${line}\n`);
    if (line.startsWith('FIGURE ')) lines.push(line.slice(7));
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`benchmark ${type}/${db} failed (exit ${code})`);
  return lines;
}

export async function runBench(args: string[]): Promise<void> {
  const o = parseArgs(args);
  if (args.includes('--single')) {
    const ports = JSON.parse(args[args.indexOf('--ports') + 1]!) as { http: number; tcp: number };
    for (const line of await runOne(o, o.types[0]!, o.dbs[0]!, ports)) process.stdout.write(`FIGURE ${line}\n`);
    return;
  }
  const target = await startTarget();
  const lines: string[] = [];
  try {
    for (const db of o.dbs) for (const type of o.types) lines.push(...(await runChild(o, type, db, target.ports)));
  } finally {
    target.stop();
  }
  appendReport(`engine — ${o.monitors} monitors at ${o.intervalS}s`, lines);
}
