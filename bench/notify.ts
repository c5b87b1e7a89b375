/**
 * @module `npm run bench -- notify`: how fast Vigie tells people. (a) Failure to first delivery: a
 * loopback HTTP target starts failing; a monitor checks it every second and confirms after two
 * failures; a route sends every incident to a webhook at once (group_wait 0s); the figure is the
 * time from the target failing to the webhook arriving, against the bound interval × confirmations
 * + 2 s. (b) A burst: incidents opened at once × 3 webhooks; the figure is the time until every
 * message has arrived and the outbox is drained. Default loop periods, as in production.
 *
 * Options: --repeat 20 --incidents 1000 --db sqlite,postgres. Traffic only to 127.0.0.1.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type App } from '../src/app.js';
import { createLogger } from '../src/logger.js';
import { appendReport, quantile } from './report.js';

const PG_URL = process.env.VIGIE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const INTERVAL_S = 1;
const CONFIRMATIONS = 2;
const SECRET = 'a-long-shared-secret-for-the-bench';

type Db = 'sqlite' | 'postgres';

interface Options {
  repeat: number;
  incidents: number;
  dbs: Db[];
}

function parseArgs(args: string[]): Options {
  const get = (name: string, fallback: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
  };
  return { repeat: Number(get('repeat', '20')), incidents: Number(get('incidents', '1000')), dbs: get('db', 'sqlite,postgres').split(',') as Db[] };
}

/** A loopback HTTP server answering `status()`; `seen` gets each request's body and arrival time. */
async function listen(status: () => number, seen?: (body: string, at: number) => void): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen?.(Buffer.concat(chunks).toString('utf8'), performance.now());
      res.writeHead(status(), { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

const close = (server: Server) => new Promise((r) => server.close(r));

async function until(what: string, fn: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 5): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await fn())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** An app on a fresh database of `db` with `config`; `done` closes it and removes the database. */
async function withApp<T>(db: Db, config: string, run: (app: App) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-notify-'));
  const pgSchema = `bench_${randomBytes(4).toString('hex')}`;
  const file = join(dir, 'vigie.yaml');
  writeFileSync(file, config);
  const app = await startApp({ configPath: file, sqlitePath: join(dir, 'vigie.db'), databaseUrl: db === 'postgres' ? PG_URL : '', pgSchema: db === 'postgres' ? pgSchema : undefined, logger: createLogger('warn'), watch: false });
  try {
    return await run(app);
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
}

/** (a) Target failing → first webhook, `repeat` times; returns the delays in ms. */
async function failureToDelivery(db: Db, repeat: number): Promise<number[]> {
  let failing = false;
  const target = await listen(() => (failing ? 500 : 200));
  const opened: number[] = [];
  let resolved = 0;
  const hook = await listen(
    () => 200,
    (body, at) => {
      const event = (JSON.parse(body) as { event: string }).event;
      if (event === 'opened' || event === 'reopened') opened.push(at);
      if (event === 'resolved') resolved++;
    },
  );
  const config = `server: { host: 127.0.0.1, port: 0 }
incidents: { resolve_after: 0s, reopen_within: 0s }
monitors:
  - { id: target, interval: ${INTERVAL_S}s, timeout: 800ms, confirmations: { down: ${CONFIRMATIONS}, up: 1 }, http: { url: "${target.origin}/health" } }
channels:
  - { id: hook, webhook: { url: "${hook.origin}/hook", secret: ${SECRET} } }
notifications:
  routes:
    - { channels: [hook], group_wait: 0s }
`;
  const delays: number[] = [];
  try {
    await withApp(db, config, async (app) => {
      await until('the target seen up', async () => (await app.store.states.loadAll()).get('target')?.state === 'up', 30_000, 50);
      for (let i = 0; i < repeat; i++) {
        const before = opened.length;
        // The failure lands anywhere in the check cycle, as a real one does.
        await new Promise((r) => setTimeout(r, Math.random() * INTERVAL_S * 1000));
        failing = true;
        const t0 = performance.now();
        await until('the first webhook', () => opened.length > before, 60_000, 1);
        delays.push(opened[before]! - t0);
        failing = false;
        await until('the resolution webhook', () => resolved > i, 60_000, 20);
        process.stdout.write(`  [notify/${db}] failure ${i + 1}: webhook after ${delays.at(-1)!.toFixed(0)} ms\n`);
      }
    });
  } finally {
    await close(target.server);
    await close(hook.server);
  }
  return delays;
}

/** (b) `count` incidents opened at once × 3 webhooks: ms until every message arrived and the outbox is drained. */
async function burst(db: Db, count: number): Promise<{ arrived: number; drained: number; opening: number }> {
  let received = 0;
  const hooks = await Promise.all([0, 1, 2].map(() => listen(() => 200, () => received++)));
  const config = `server: { host: 127.0.0.1, port: 0 }
channels:
${hooks.map((h, i) => `  - { id: hook-${i}, webhook: { url: "${h.origin}/hook-${i}", secret: ${SECRET} } }`).join('\n')}
notifications:
  routes:
    - { channels: [hook-0, hook-1, hook-2], group_wait: 0s }
`;
  try {
    return await withApp(db, config, async (app) => {
      const t0 = performance.now();
      for (let i = 0; i < count; i++) {
        const now = Date.now();
        await app.store.incidents.create({ source: 'manual', status: 'open', severity: 'SEV3', title: { en: `Burst ${i}`, fr: `Salve ${i}` }, summary: null, serviceId: null, rootCause: null, affected: [], commonMode: false, firstFailureAt: null, openedAt: now, lastFailureAt: now }, now);
      }
      const opening = performance.now() - t0;
      await until('every message', () => received >= count * 3, 600_000, 10);
      const arrived = performance.now() - t0;
      await until('the outbox drained', async () => (await app.store.deliveries.list({ status: ['sent'] }, count * 3 + 1)).length === count * 3 && (await app.store.deliveries.backlog(Date.now())).due === 0, 60_000, 10);
      return { arrived, drained: performance.now() - t0, opening };
    });
  } finally {
    await Promise.all(hooks.map((h) => close(h.server)));
  }
}

export async function runBench(args: string[]): Promise<void> {
  const o = parseArgs(args);
  const bound = INTERVAL_S * CONFIRMATIONS * 1000 + 2000;
  const lines: string[] = [];
  for (const db of o.dbs) {
    process.stdout.write(`[notify/${db}] failure to first delivery, ${o.repeat} times\n`);
    const delays = await failureToDelivery(db, o.repeat);
    lines.push(
      `Failure to first delivery on ${db} (monitor every ${INTERVAL_S} s, ${CONFIRMATIONS} confirmations, group_wait 0s, loopback webhook, ${delays.length} failures): p50 ${quantile(delays, 0.5).toFixed(0)} ms, p99 ${quantile(delays, 0.99).toFixed(0)} ms, max ${Math.max(...delays).toFixed(0)} ms; bound interval × confirmations + 2 s = ${bound} ms (${delays.filter((d) => d > bound).length} over it)`,
    );
    process.stdout.write(`[notify/${db}] ${o.incidents} incidents opened at once × 3 webhooks\n`);
    const b = await burst(db, o.incidents);
    lines.push(
      `Burst on ${db}: ${o.incidents} incidents opened at once (stored in ${(b.opening / 1000).toFixed(1)} s) × 3 webhooks = ${o.incidents * 3} deliveries: all arrived ${(b.arrived / 1000).toFixed(1)} s after the first incident was opened (${((o.incidents * 3) / (b.arrived / 1000)).toFixed(0)} deliveries/s), outbox drained at ${(b.drained / 1000).toFixed(1)} s`,
    );
  }
  for (const line of lines) process.stdout.write(`${line}\n`);
  appendReport(`notify — failure to first delivery, and ${o.incidents} incidents × 3 webhooks`, lines);
}
