/**
 * @module `npm run bench -- engine`: N monitors against a local target (HTTP with keep-alive off,
 * or TCP) at a fixed interval, run in-process through the real app (config file → engine →
 * storage), measuring what a user of a busy instance feels: checks/s achieved vs due, schedule
 * lag, event-loop delay, CPU, peak RSS and database growth.
 *
 * Options: --monitors 10000 --interval 30 (s) --duration 180 (s, after one interval of warm-up)
 * --type http|tcp --db sqlite|postgres (several: --type http,tcp --db sqlite,postgres)
 * --repeat 3 (runs each configuration that many times and reports the median CPU per check)
 * --before <dir> (a checkout of earlier code, e.g. `git worktree add /tmp/wt-before <commit>` with
 * node_modules linked: its src/ runs under this harness, alternating with this tree's, so that
 * before and after are measured in the same run on the same load)
 * --cpu-prof <path prefix> (profiles the measured window of each run: <prefix>-<run>.cpuprofile
 * and a summary of where the time went).
 *
 * CPU per check is the process's user + system CPU time (`process.cpuUsage`) over the measured
 * window divided by the results recorded in it: unlike wall time it does not grow when other
 * work shares the machine (much), so the load average is printed beside it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { constants as perfConstants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { saveProfile, startCpuProfile } from './cpu-profile.js';
import { appendReport, quantile } from './report.js';

interface Options {
  monitors: number;
  intervalS: number;
  durationS: number;
  types: Array<'http' | 'tcp'>;
  dbs: Array<'sqlite' | 'postgres'>;
  repeat: number;
  /** A checkout of earlier code to measure alternately with this one. */
  before: string | undefined;
  cpuProf: string | undefined;
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
    repeat: Math.max(1, Number(get('repeat', '1'))),
    before: args.includes('--before') ? resolvePath(get('before', '')) : undefined,
    cpuProf: args.includes('--cpu-prof') ? resolvePath(get('cpu-prof', 'engine')) : undefined,
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

/** What one run measured: its figure lines, CPU ms per check, and the load average at its start and end. */
interface RunFigures {
  lines: string[];
  cpuMsPerCheck: number;
  /** Checks achieved in the window, in % of those due (below 100 the fixed costs weigh more per check). */
  achievedPct: number;
  load: [number, number];
}

/** The app of the code under `root` (this tree by default, or the `--before` checkout). */
async function appModules(root: string) {
  const app = (await import(pathToFileURL(join(root, 'src/app.ts')).href)) as typeof import('../src/app.js');
  const logger = (await import(pathToFileURL(join(root, 'src/logger.ts')).href)) as typeof import('../src/logger.js');
  return { startApp: app.startApp, createLogger: logger.createLogger };
}

async function runOne(o: Options, type: 'http' | 'tcp', db: 'sqlite' | 'postgres', ports: { http: number; tcp: number }, root: string, profileAs?: string): Promise<RunFigures> {
  const { startApp, createLogger } = await appModules(root);
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
  const load0 = loadavg()[0]!;
  const profiler = profileAs ? await startCpuProfile() : undefined;
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
  const measured = results;
  const profileLines = profiler && profileAs ? saveProfile(await profiler.stop(), profileAs) : [];
  const load1 = loadavg()[0]!;
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
  const achieved = measured / wallS;
  const cpuMsPerCheck = (cpu.user + cpu.system) / 1000 / measured;
  const figures = [
    `${type.toUpperCase()} on ${db}: ${o.monitors} monitors every ${o.intervalS}s, measured ${wallS.toFixed(0)}s after ${warmupMs / 1000}s warm-up`,
    `  checks/s achieved ${achieved.toFixed(1)} vs due ${due.toFixed(1)} (${((achieved / due) * 100).toFixed(1)} %), skipped ${skipped}, missed ${missed}`,
    `  schedule lag p50 ${quantile(lags, 0.5).toFixed(1)} ms, p99 ${quantile(lags, 0.99).toFixed(1)} ms, max ${Math.max(0, ...lags).toFixed(1)} ms (${lags.length} runs)`,
    `  event-loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms`,
    `  CPU ${cpuMsPerCheck.toFixed(3)} ms per check (user ${(cpu.user / 1000 / measured).toFixed(3)} + system ${(cpu.system / 1000 / measured).toFixed(3)}), ${(((cpu.user + cpu.system) / 1e6 / wallS) * 100).toFixed(0)} % of one core (Vigie's process), load average ${load0.toFixed(1)} → ${load1.toFixed(1)}${profiler ? ' (profiler on)' : ''}`,
    `  peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`,
    `  database growth ${(((size1 - size0) / wallS) * 3600 / 2 ** 20).toFixed(0)} MB/hour (raw results; pruned after 14 days, rolled up hourly)`,
    `  peak JS heap used ${(peakHeap / 2 ** 20).toFixed(0)} MB, ${majorGcs} full garbage collections in the window`,
  ];
  for (const line of profileLines) process.stdout.write(`${line}\n`);
  return { lines: figures, cpuMsPerCheck, achievedPct: (achieved / due) * 100, load: [load0, load1] };
}

/** Runs one configuration in a child process, so that each figure (RSS above all) is its own. */
async function runChild(o: Options, type: 'http' | 'tcp', db: 'sqlite' | 'postgres', ports: { http: number; tcp: number }, root: string, profileAs?: string): Promise<RunFigures> {
  const args = ['--import', 'tsx', new URL('./run.ts', import.meta.url).pathname, 'engine', '--single', '--type', type, '--db', db,
    '--monitors', String(o.monitors), '--interval', String(o.intervalS), '--duration', String(o.durationS), '--ports', JSON.stringify(ports), '--root', root,
    ...(profileAs ? ['--cpu-prof', profileAs] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let figures: RunFigures | undefined;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    process.stdout.write(`${line}\n`);
    if (line.startsWith('FIGURES ')) figures = JSON.parse(line.slice(8)) as RunFigures;
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0 || !figures) throw new Error(`benchmark ${type}/${db} failed (exit ${code})`);
  return figures;
}

const HERE = fileURLToPath(new URL('..', import.meta.url));

/** `label: median X ms per check (runs a, b, c; load average …)`. */
function medianLine(label: string, runs: RunFigures[]): string {
  const values = runs.map((r) => r.cpuMsPerCheck);
  const loads = runs.map((r) => `${r.load[0].toFixed(1)}→${r.load[1].toFixed(1)}`).join(', ');
  const achieved = runs.map((r) => `${r.achievedPct.toFixed(0)} %`).join(', ');
  return `${label}: median ${quantile(values, 0.5).toFixed(3)} ms of CPU per check (runs ${values.map((v) => v.toFixed(3)).join(', ')}; checks achieved of due ${achieved}; load average ${loads})`;
}

export async function runBench(args: string[]): Promise<void> {
  const o = parseArgs(args);
  if (args.includes('--single')) {
    const ports = JSON.parse(args[args.indexOf('--ports') + 1]!) as { http: number; tcp: number };
    const root = args.includes('--root') ? args[args.indexOf('--root') + 1]! : HERE;
    const figures = await runOne(o, o.types[0]!, o.dbs[0]!, ports, root, o.cpuProf);
    process.stdout.write(`FIGURES ${JSON.stringify(figures)}\n`);
    return;
  }
  const target = await startTarget();
  const lines: string[] = [];
  try {
    for (const db of o.dbs) {
      for (const type of o.types) {
        const after: RunFigures[] = [];
        const before: RunFigures[] = [];
        for (let i = 0; i < o.repeat; i++) {
          const profileAs = (which: string) => (o.cpuProf ? `${o.cpuProf}-${type}-${db}-${which}-${i + 1}` : undefined);
          if (o.before) before.push(await runChild(o, type, db, target.ports, o.before, profileAs('before')));
          after.push(await runChild(o, type, db, target.ports, HERE, profileAs('after')));
        }
        // The full figures of the median run of this tree, then the CPU medians.
        const median = [...after].sort((a, b) => a.cpuMsPerCheck - b.cpuMsPerCheck)[Math.floor((after.length - 1) / 2)]!;
        lines.push(...median.lines);
        if (o.repeat > 1 || o.before) lines.push(medianLine(`  ${o.before ? 'after (this tree)' : 'CPU per check'}`, after));
        if (o.before) lines.push(medianLine(`  before (${o.before})`, before));
      }
    }
  } finally {
    target.stop();
  }
  appendReport(`engine — ${o.monitors} monitors at ${o.intervalS}s`, lines);
}
