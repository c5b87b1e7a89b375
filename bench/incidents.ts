/**
 * @module `npm run bench -- incidents`: a failure storm through the incident engine. Monitors in
 * k-of-n services (and some outside any service) all fail at once, then all recover; the figure
 * is how fast the incident engine consumes the transitions outbox (services re-evaluated,
 * incidents opened, grouped, recovered), what an on-call engineer waits for during a big outage.
 *
 * Options: --monitors 1000 (in services of 10 members, 5 needed) --lonely 200 (in no service)
 * --rounds 3 --db sqlite|postgres (several: --db sqlite,postgres).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startApp, type App } from '../src/app.js';
import { INCIDENTS_CONSUMER } from '../src/incidents/incident-engine.js';
import { createLogger } from '../src/logger.js';
import { appendReport, quantile } from './report.js';

const PG_URL = process.env.VIGIE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const GROUP = 10;

interface Options {
  monitors: number;
  lonely: number;
  rounds: number;
  dbs: Array<'sqlite' | 'postgres'>;
}

function parseArgs(args: string[]): Options {
  const get = (name: string, fallback: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
  };
  return { monitors: Number(get('monitors', '1000')), lonely: Number(get('lonely', '200')), rounds: Number(get('rounds', '3')), dbs: get('db', 'sqlite,postgres').split(',') as Options['dbs'] };
}

function writeConfig(dir: string, o: Options): { file: string; tokens: string[] } {
  const tokens: string[] = [];
  const lines = ['server: { host: 127.0.0.1, port: 0 }', 'monitors:'];
  for (let i = 0; i < o.monitors + o.lonely; i++) {
    const token = randomBytes(12).toString('hex');
    tokens.push(token);
    lines.push(`  - { id: m-${i}, interval: 1h, confirmations: { down: 1, up: 1 }, heartbeat: { token: "${token}", period: 1h } }`);
  }
  lines.push('services:');
  for (let g = 0; g < o.monitors / GROUP; g++) {
    const members = Array.from({ length: GROUP }, (_, k) => `m-${g * GROUP + k}`).join(', ');
    lines.push(`  - { id: s-${g}, name: { en: Service ${g}, fr: Service ${g} }, redundancy: { members: [${members}], min_healthy: ${GROUP / 2} } }`);
  }
  const file = join(dir, 'vigie.yaml');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, tokens };
}

/** Pushes `status` for every token, 50 requests at a time. */
async function pushAll(app: App, tokens: string[], status: 'up' | 'down'): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tokens.length) {
      const token = tokens[next++]!;
      const res = await fetch(`${app.url}/api/v1/push/${token}?status=${status}`);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`push answered ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: 50 }, worker));
}

/** Resolves once the incident engine has consumed every transition stored so far. */
async function drained(app: App): Promise<void> {
  for (;;) {
    if ((await app.store.transitions.claim(INCIDENTS_CONSUMER, 1)).items.length === 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function runOne(o: Options, db: 'sqlite' | 'postgres'): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-incidents-'));
  const pgSchema = `bench_${randomBytes(4).toString('hex')}`;
  const { file, tokens } = writeConfig(dir, o);
  const app = await startApp({
    configPath: file, sqlitePath: join(dir, 'vigie.db'), databaseUrl: db === 'postgres' ? PG_URL : '', pgSchema: db === 'postgres' ? pgSchema : undefined,
    logger: createLogger('warn'), watch: false, incidents: { pollMs: 50 },
  });
  let transitions = 0;
  app.bus.on('transition', () => transitions++);
  const total = o.monitors + o.lonely;
  process.stdout.write(`[incidents/${db}] ${total} monitors (${o.monitors} in ${o.monitors / GROUP} services of ${GROUP}), ${o.rounds} storms\n`);
  await pushAll(app, tokens, 'up');
  await drained(app);
  const rates: number[] = [];
  const tails: number[] = [];
  const opened: number[] = [];
  try {
    for (let round = 0; round < o.rounds; round++) {
      for (const status of ['down', 'up'] as const) {
        const before = (await app.store.incidents.list({}, { limit: 1, offset: 0 })).total;
        transitions = 0;
        const t0 = performance.now();
        await pushAll(app, tokens, status);
        const pushed = performance.now();
        await drained(app);
        const seconds = (performance.now() - t0) / 1000;
        rates.push(transitions / seconds);
        tails.push(performance.now() - pushed);
        if (status === 'down') opened.push((await app.store.incidents.list({}, { limit: 1, offset: 0 })).total - before);
        process.stdout.write(`  storm ${round + 1} ${status}: ${transitions} transitions consumed in ${seconds.toFixed(2)} s, ${tails.at(-1)!.toFixed(0)} ms after the last push\n`);
      }
    }
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
  return [
    `Incident storm on ${db}: ${total} monitors (${o.monitors} in ${o.monitors / GROUP} services of ${GROUP} needing ${GROUP / 2}, ${o.lonely} in none) failing then recovering at once, ${o.rounds} times`,
    `  transitions consumed by the incident engine (push, result, transition, services, incidents): median ${quantile(rates, 0.5).toFixed(0)}/s, slowest ${Math.min(...rates).toFixed(0)}/s`,
    `  outbox drained after the last push: median ${quantile(tails, 0.5).toFixed(0)} ms, max ${Math.max(...tails).toFixed(0)} ms`,
    `  incidents opened per storm: ${opened.join(', ')} (one per failing service and per monitor in no service; later storms join the incidents still open)`,
  ];
}

export async function runBench(args: string[]): Promise<void> {
  const o = parseArgs(args);
  const lines: string[] = [];
  for (const db of o.dbs) lines.push(...(await runOne(o, db)));
  for (const line of lines) process.stdout.write(`${line}\n`);
  appendReport(`incidents — storm of ${o.monitors + o.lonely} monitors`, lines);
}
