/**
 * Notification durability, on SQLite and PostgreSQL, with real loopback receivers:
 *
 * - A real `vigie serve` with three webhook channels (one answering after 50 ms, so sends are in
 *   flight) and a route sending every incident to all three is given a burst of 500 incidents,
 *   killed with SIGKILL while the messages go out, and restarted on the same database. Every
 *   (incident, channel) message arrives at least once, a message received twice carries the same
 *   `Idempotency-Key` both times (receivers dedupe on it; duplicates are counted and printed), and
 *   the outbox ends with every row `sent`. Rows claimed by the killed process are sent again once
 *   their lease (30 s with the default 10 s send timeout) runs out, which is most of this test's duration.
 * - A receiver answering 500 for a few seconds, then 200, gets every message once it recovers.
 */
import { writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { openStore } from '../../src/storage/open-store.js';
import type { Store } from '../../src/storage/store.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';
import { DIALECTS, dialectAvailable } from '../helpers/databases.js';
import { startHttpServer, type TestServer } from '../helpers/http-server.js';
import { startVigieProcess } from '../helpers/vigie-process.js';

const SECRET = 'a-long-shared-secret-for-tests';

/** One message as a receiver saw it. */
interface Received {
  key: string;
  incidentId: number;
  event: string;
}

interface Sink extends TestServer {
  received: Received[];
}

/** A webhook receiver recording each message (before answering), answering `status()` after `delayMs`. */
async function startSink(delayMs: number, status: () => number = () => 200): Promise<Sink> {
  const received: Received[] = [];
  const server = await startHttpServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { event: string; incident: { id: number } };
      received.push({ key: String(req.headers['idempotency-key']), incidentId: Number(body.incident.id), event: body.event });
      setTimeout(() => res.writeHead(status(), { 'content-type': 'application/json' }).end('{}'), delayMs);
    });
  });
  return Object.assign(server, { received });
}

function configText(sinks: Record<string, Sink>): string {
  const channels = Object.entries(sinks).map(([id, sink]) => `  - { id: ${id}, webhook: { url: "${sink.origin}/${id}", secret: ${SECRET} } }`);
  return ['server: { host: 127.0.0.1, port: 0 }', 'channels:', ...channels, 'notifications:', '  routes:', `    - { channels: [${Object.keys(sinks).join(', ')}], group_wait: 0s }`, ''].join('\n');
}

async function openIncidents(store: Store, count: number, tag: string): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const now = Date.now();
    const incident = await store.incidents.create(
      { source: 'manual', status: 'open', severity: 'SEV3', title: { en: `${tag} ${i}`, fr: `${tag} ${i}` }, summary: null, serviceId: null, rootCause: null, affected: [], commonMode: false, firstFailureAt: null, openedAt: now, lastFailureAt: now },
      now,
    );
    ids.push(incident.id);
  }
  return ids;
}

async function deliveryStatuses(store: Store): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const d of await store.deliveries.list({}, 100_000)) counts.set(d.status, (counts.get(d.status) ?? 0) + 1);
  return counts;
}

/** What the sinks got, checked against the incidents opened: missing messages, and duplicates (same key or not). */
function audit(sinks: Record<string, Sink>, ids: number[]): { missing: string[]; duplicates: number; sameKey: boolean; keys: Map<string, Set<string>> } {
  const keys = new Map<string, Set<string>>();
  let duplicates = 0;
  for (const [channel, sink] of Object.entries(sinks)) {
    for (const r of sink.received) {
      const message = `${r.incidentId}/${channel}/${r.event}`;
      const seen = keys.get(message) ?? new Set<string>();
      if (keys.has(message)) duplicates++;
      seen.add(r.key);
      keys.set(message, seen);
    }
  }
  const missing = ids.flatMap((id) => Object.keys(sinks).map((channel) => `${id}/${channel}/opened`)).filter((m) => !keys.has(m));
  return { missing, duplicates, sameKey: [...keys.values()].every((k) => k.size === 1), keys };
}

const OUTAGE_MS = Number(process.env.VIGIE_TEST_OUTAGE_MS ?? 5_000);

for (const dialect of DIALECTS) {
  describe(`notification durability (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'notification durability tests');
    let db: AppDatabase;
    let observer: Store | undefined;
    const servers: TestServer[] = [];

    beforeAll(() => {
      if (available) db = appDatabase(dialect);
    });

    afterAll(async () => {
      if (!available) return;
      await observer?.close();
      await Promise.all(servers.map((s) => s.close()));
      await db.cleanup();
    });

    it.skipIf(!available)('a burst of 500 incidents × 3 channels survives SIGKILL mid-sending: every message arrives, duplicates carry the same key, the outbox ends sent', async () => {
      const sinks = { 'hook-a': await startSink(0), 'hook-b': await startSink(0), 'hook-slow': await startSink(50) };
      servers.push(...Object.values(sinks));
      const configPath = join(db.dir, 'durability.yaml');
      writeFileSync(configPath, configText(sinks));
      const serveArgs = ['serve', '--config', configPath, '--sqlite', db.sqlitePath, '--port', '0', '--no-watch'];

      const first = await startVigieProcess(serveArgs, db.env);
      observer = await openStore(dialect === 'postgres' ? { url: db.databaseUrl, pgSchema: db.pgSchema } : { sqlitePath: db.sqlitePath });
      const ids = await openIncidents(observer, 500, 'Burst');
      const total = ids.length * 3;
      const arrived = () => Object.values(sinks).reduce((n, s) => n + s.received.length, 0);
      // Some but not all: the slow receiver keeps sends in flight when the kill lands.
      await waitFor('a first part of the messages', () => arrived() >= 300, 60_000, 5);
      first.child.kill('SIGKILL');
      expect((await first.exited).signal).toBe('SIGKILL');
      const atKill = arrived();
      expect(atKill).toBeLessThan(total);

      const second = await startVigieProcess(serveArgs, db.env);
      try {
        // Rows the killed process had claimed wait for their lease (30 s) to run out.
        await waitFor('every message delivered', () => audit(sinks, ids).missing.length === 0, 150_000, 200);
        // Every row ends sent (the server may add rows of its own, e.g. a watchdog incident, also sent).
        const opened = new Set(ids);
        await waitFor('every delivery row sent', async () => {
          const rows = await observer!.deliveries.list({}, 100_000);
          return rows.every((d) => d.status === 'sent') && rows.filter((d) => d.incidentId !== null && opened.has(d.incidentId)).length === total;
        }, 150_000, 200).catch(async (error: unknown) => {
          const left = (await observer!.deliveries.list({ status: ['pending', 'held', 'failed', 'cancelled'] }, 5)).map((d) => ({ id: d.id, status: d.status, attempts: d.attempts, error: d.lastError, notBefore: d.notBefore }));
          throw new Error(`${String(error)}; statuses ${JSON.stringify([...(await deliveryStatuses(observer!))])}; e.g. ${JSON.stringify(left)}; now ${Date.now()}; server log tail ${JSON.stringify(second.logs.filter((l) => Number(l.level) >= 40).slice(-5))}`);
        });
      } finally {
        second.child.kill('SIGTERM');
        await second.exited;
      }
      const result = audit(sinks, ids);
      process.stdout.write(`[durability/${dialect}] ${arrived()} requests for ${total} messages (${atKill} before SIGKILL), ${result.duplicates} duplicates, all with the same Idempotency-Key: ${result.sameKey}\n`);
      expect(result.missing).toEqual([]);
      // A message received twice carries the same key both times, so receivers can dedupe.
      expect([...result.keys.entries()].filter(([, keys]) => keys.size > 1)).toEqual([]);
      expect(result.keys.size).toBe(total);
    }, 240_000);

    it.skipIf(!available)('a receiver answering 500 for a while gets every message once it recovers', async () => {
      // Five seconds of outage keep the test short. The backoff is bounded (src/notifications/
      // backoff.ts: 2 s doubling, capped at 1 min; a delivery gives up only after 24 h), so a
      // 2-minute outage behaves the same: every message goes at most one capped wait after recovery.
      // VIGIE_TEST_OUTAGE_MS=120000 runs it with the 2 minutes.
      const outage = { until: Number.POSITIVE_INFINITY };
      const sink = await startSink(0, () => (Date.now() < outage.until ? 500 : 200));
      servers.push(sink);
      const sinks = { 'hook-flaky': sink };
      const configPath = join(db.dir, 'outage.yaml');
      writeFileSync(configPath, configText(sinks));
      const outageDb = appDatabase(dialect);
      let app: App | undefined;
      try {
        app = await startApp({ ...outageDb.appOptions(configPath), watch: false, logger: createLogger('silent'), notifications: { pollMs: 100 } });
        const ids = await openIncidents(app.store, 20, 'Outage');
        await waitFor('a first failed attempt', () => sink.received.length > 0, 30_000, 20);
        outage.until = Date.now() + OUTAGE_MS;
        await waitFor('every delivery row sent', async () => (await deliveryStatuses(app!.store)).get('sent') === ids.length, OUTAGE_MS + 90_000, 200);
        const statuses = await deliveryStatuses(app.store);
        expect([...statuses.entries()]).toEqual([['sent', ids.length]]);
        const result = audit(sinks, ids);
        expect(result.missing).toEqual([]);
        expect(result.sameKey).toBe(true);
        // It was down: messages were tried more than once, under the same key.
        expect(sink.received.length).toBeGreaterThan(ids.length);
      } finally {
        await app?.close();
        await outageDb.cleanup();
      }
    }, OUTAGE_MS + 120_000);
  });
}
