/**
 * @module `npm run bench -- incidents`: a failure storm through the incident engine. Monitors in
 * k-of-n services (and some outside any service) all fail at once, then all recover; the figure
 * is how fast the incident engine consumes the transitions outbox (services re-evaluated,
 * incidents opened, grouped, recovered), what an on-call engineer waits for during a big outage.
 *
 * Options: --monitors 1000 (in services of 10 members, 5 needed) --lonely 200 (in no service)
 * --rounds 3 --db sqlite|postgres (several: --db sqlite,postgres) --before <dir> (a checkout of
 * earlier code with node_modules linked, e.g. `git worktree add /tmp/wt-before <commit>`: its
 * src/ runs under this harness, alternating with this tree's, so before and after come from the
 * same run on the same load).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { App } from '../src/app.js';
import { INCIDENTS_CONSUMER } from '../src/incidents/incident-engine.js';
import { appendReport, appModules, countQueries, dropPgSchema, option, quantile, type QueryCount } from './report.js';

const PG_URL = process.env.VIGIE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const GROUP = 10;

interface Options {
  monitors: number;
  lonely: number;
  rounds: number;
  dbs: Array<'sqlite' | 'postgres'>;
  before: string | undefined;
}

function parseArgs(args: string[]): Options {
  const get = (name: string, fallback: string) => option(args, name, fallback);
  return { monitors: Number(get('monitors', '1000')), lonely: Number(get('lonely', '200')), rounds: Number(get('rounds', '3')), dbs: get('db', 'sqlite,postgres').split(',') as Options['dbs'],
    before: args.includes('--before') ? resolvePath(get('before', '')) : undefined };
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

/**
 * Pushes `status` for every token, 50 requests at a time; a push that fails (an overloaded
 * database pool answers 500) is retried after 100 ms. Returns how many pushes failed.
 */
async function pushAll(app: App, tokens: string[], status: 'up' | 'down'): Promise<number> {
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < tokens.length) {
      const token = tokens[next++]!;
      for (;;) {
        const res = await fetch(`${app.url}/api/v1/push/${token}?status=${status}`);
        await res.arrayBuffer();
        if (res.status === 200) break;
        if (res.status < 500) throw new Error(`push answered ${res.status}`);
        failed++;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  await Promise.all(Array.from({ length: 50 }, worker));
  return failed;
}

/** Resolves once the incident engine has consumed every transition stored so far. */
async function drained(app: App): Promise<void> {
  for (;;) {
    const left = await app.store.transitions.claim(INCIDENTS_CONSUMER, 1).then((c) => c.items.length, () => 1);
    if (left === 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

const HERE = join(import.meta.dirname, '..');

async function runOne(o: Options, db: 'sqlite' | 'postgres', root: string, label: string, counter: { take(): QueryCount }): Promise<string[]> {
  const { startApp, createLogger } = await appModules(root);
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
  process.stdout.write(`[incidents/${db}, ${label}] ${total} monitors (${o.monitors} in ${o.monitors / GROUP} services of ${GROUP}), ${o.rounds} storms\n`);
  await pushAll(app, tokens, 'up');
  await drained(app);
  const rates: number[] = [];
  const tails: number[] = [];
  const storms: number[] = [];
  let failedPushes = 0;
  const queries: QueryCount[] = [];
  const opened: number[] = [];
  try {
    for (let round = 0; round < o.rounds; round++) {
      for (const status of ['down', 'up'] as const) {
        const before = (await app.store.incidents.list({}, { limit: 1, offset: 0 })).total;
        transitions = 0;
        counter.take();
        const t0 = performance.now();
        failedPushes += await pushAll(app, tokens, status);
        const pushed = performance.now();
        await drained(app);
        queries.push(counter.take());
        const seconds = (performance.now() - t0) / 1000;
        rates.push(transitions / seconds);
        storms.push(seconds * 1000);
        tails.push(performance.now() - pushed);
        if (status === 'down') opened.push((await app.store.incidents.list({}, { limit: 1, offset: 0 })).total - before);
        process.stdout.write(`  storm ${round + 1} ${status}: ${transitions} transitions consumed in ${seconds.toFixed(2)} s, ${tails.at(-1)!.toFixed(0)} ms after the last push\n`);
      }
    }
  } finally {
    await app.close();
    if (db === 'postgres') await dropPgSchema(PG_URL, pgSchema);
    rmSync(dir, { recursive: true, force: true });
  }
  return [
    `Incident storm on ${db} (${label}): ${total} monitors (${o.monitors} in ${o.monitors / GROUP} services of ${GROUP} needing ${GROUP / 2}, ${o.lonely} in none) failing then recovering at once, ${o.rounds} times`,
    `  transitions consumed by the incident engine (push, result, transition, services, incidents): median ${quantile(rates, 0.5).toFixed(0)}/s, slowest ${Math.min(...rates).toFixed(0)}/s`,
    `  whole storm, first push to outbox drained: median ${quantile(storms, 0.5).toFixed(0)} ms, max ${Math.max(...storms).toFixed(0)} ms`,
    `  outbox drained after the last push: median ${quantile(tails, 0.5).toFixed(0)} ms, max ${Math.max(...tails).toFixed(0)} ms`,
    `  incidents opened per storm: ${opened.join(', ')} (one per failing service and per monitor in no service; later storms join the incidents still open)`,
    `  database statements per storm (pushes, results, transitions, incidents): median ${quantile(queries.map((q) => q.statements), 0.5)}, of which commits ${quantile(queries.map((q) => q.commits), 0.5)}`,
    `  pushes answered 500 and retried (database pool overloaded): ${failedPushes}`,
  ];
}

export async function runBench(args: string[]): Promise<void> {
  const o = parseArgs(args);
  const lines: string[] = [];
  const counter = await countQueries();
  for (const db of o.dbs) {
    if (o.before) lines.push(...(await runOne(o, db, o.before, `before: ${o.before}`, counter)));
    lines.push(...(await runOne(o, db, HERE, o.before ? 'after: this tree' : 'this tree', counter)));
  }
  for (const line of lines) process.stdout.write(`${line}\n`);
  appendReport(`incidents — storm of ${o.monitors + o.lonely} monitors`, lines);
}
