/**
 * Crisis durability (issue 12), on SQLite and PostgreSQL, with a real `vigie serve` and loopback
 * receivers: kill -9 during an active crisis, restart on the same database.
 *
 * A vital service made of one HTTP monitor fails → SEV1 incident → the crisis cell is activated
 * by rule → its four members (one webhook receiver each) and the crisis room are paged. The
 * process is SIGKILLed while some pages are still on their way: Bob's receiver answers 503 (his
 * page waits for a retry) and Dan's holds the request open (his page is claimed, in flight). After
 * the restart:
 * - the crisis is the same (id, active, one activation) and its deadline unchanged (id, due time);
 * - every member and the room get their activation page, each taking it once; a page received
 *   twice (refused or left unanswered the first time) carries the same `Idempotency-Key` and the
 *   same body, so receivers dedupe on it, and no one gets a second, different activation message;
 *   a page the killed process had recorded as sent is not sent again;
 * - the internal notice's reminders, all pending at the kill (due at 60 %, 90 % and 100 % of 45 s),
 *   reach its owner once per stage, and the overdue alert reaches the crisis lead once;
 * - the outbox ends with every crisis message `sent`.
 * Dan's in-flight page is sent again once its claim's lease (30 s) runs out.
 */
import { writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Crisis, Deadline } from '../../src/crisis/crisis.types.js';
import { reminderTimes } from '../../src/crisis/deadlines.js';
import { openStore } from '../../src/storage/open-store.js';
import type { Store } from '../../src/storage/store.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';
import { DIALECTS, dialectAvailable } from '../helpers/databases.js';
import { startHttpServer, type TestServer } from '../helpers/http-server.js';
import { startVigieProcess } from '../helpers/vigie-process.js';

/** Who holds which role; each person has one webhook channel `hook-<person>`. */
const MEMBERS = { alice: 'crisis_lead', carol: 'communication_lead', bob: 'technical_lead', dan: 'scribe' } as const;
type Member = keyof typeof MEMBERS;
const ROOM = 'crisis-room';
/** The internal notice is due 45 s after the incident opened: reminders at 27 s, 40.5 s and 45 s, all well after a restart. */
const NOTICE_WITHIN_S = 45;
const REMINDERS = [0.6, 0.9];

/** `ok` answers 200; `refuse` answers 503; `hold` never answers (the request stays in flight). */
type Mode = 'ok' | 'refuse' | 'hold';

interface Received {
  key: string;
  event: string;
  body: string;
  /** Answered 200 (the message was taken). */
  taken: boolean;
}

interface Receiver extends TestServer {
  received: Received[];
  mode: Mode;
}

/** A webhook receiver recording every request (before answering) and answering as `mode` says. */
async function startReceiver(mode: Mode = 'ok'): Promise<Receiver> {
  const state = { mode };
  const received: Received[] = [];
  const server = await startHttpServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ key: String(req.headers['idempotency-key']), event: String(req.headers['vigie-event']), body, taken: state.mode === 'ok' });
      if (state.mode === 'hold') return;
      res.writeHead(state.mode === 'ok' ? 200 : 503, { 'content-type': 'application/json' }).end('{}');
    });
  });
  const receiver = Object.assign(server, { received }) as Receiver;
  Object.defineProperty(receiver, 'mode', { get: () => state.mode, set: (m: Mode) => (state.mode = m), enumerable: true });
  return receiver;
}

function configText(targetPort: number, receivers: Record<string, Receiver>): string {
  const channel = (id: string) => `  - { id: ${id}, webhook: { url: "${receivers[id]!.origin}/${id}" } }`;
  const members = Object.keys(MEMBERS) as Member[];
  return `server: { host: 127.0.0.1, port: 0 }
scheduler: { batch: { size: 50, interval: 100ms } }
monitors:
  - { id: portal-http, name: Portal, interval: 1s, timeout: 800ms, confirmations: { down: 1, up: 1 }, http: { url: "http://127.0.0.1:${targetPort}/health" } }
services:
  - { id: portal, name: { en: Customer portal, fr: Portail client }, criticality: vital, components: [portal-http] }
channels:
${[...members.map((p) => channel(`hook-${p}`)), channel(ROOM)].join('\n')}
people:
${members.map((p) => `  - { id: ${p}, name: ${p[0]!.toUpperCase()}${p.slice(1)}, contacts: [{ channel: hook-${p} }] }`).join('\n')}
crisis:
  reminders: [${REMINDERS.join(', ')}]
  cells:
    - id: ops
      name: { en: Operations crisis cell, fr: Cellule de crise opérations }
      bridge: https://bridge.operator.example/crise
      channel: ${ROOM}
      roles:
${members.map((p) => `        ${MEMBERS[p]}: [${p}]`).join('\n')}
  rules:
    - { id: portal-sev1, cell: ops, severity: SEV1 }
  obligations:
    - { id: internal-notice, audience: internal, within: ${NOTICE_WITHIN_S}s, owner: communication_lead }
`;
}

/** Whether a receiver took (answered 200) a message under `key`. */
const took = (receiver: Receiver, key: string) => receiver.received.some((r) => r.key === key && r.taken);

/** The requests a receiver got, grouped by idempotency key (crisis messages only). */
function byKey(receiver: Receiver): Map<string, Received[]> {
  const keys = new Map<string, Received[]>();
  for (const r of receiver.received.filter((x) => x.event === 'crisis')) keys.set(r.key, [...(keys.get(r.key) ?? []), r]);
  return keys;
}

/** What identifies a deadline and must survive a restart. */
const deadlineShape = (d: Deadline) => ({ id: d.id, key: d.key, startsAt: d.startsAt, dueAt: d.dueAt, owner: d.owner });

for (const dialect of DIALECTS) {
  describe(`crisis durability (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'crisis durability tests');
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

    it.skipIf(!available)('kill -9 during an active crisis: the crisis and its deadline survive, every member gets one activation page, pending reminders and the overdue alert go once', async () => {
      const health = { up: true };
      const target = await startHttpServer((_req, res) => res.writeHead(health.up ? 200 : 503).end(health.up ? 'ok' : 'down'));
      const receivers: Record<string, Receiver> = {
        'hook-alice': await startReceiver('ok'),
        'hook-carol': await startReceiver('ok'),
        // At the kill: Bob's page waits for a retry, Dan's is in flight (claimed, never answered).
        'hook-bob': await startReceiver('refuse'),
        'hook-dan': await startReceiver('hold'),
        [ROOM]: await startReceiver('ok'),
      };
      servers.push(target, ...Object.values(receivers));
      const configPath = join(db.dir, 'crisis-durability.yaml');
      writeFileSync(configPath, configText(target.port, receivers));
      const serveArgs = ['serve', '--config', configPath, '--sqlite', db.sqlitePath, '--port', '0', '--no-watch'];

      const first = await startVigieProcess(serveArgs, db.env);
      let second: Awaited<ReturnType<typeof startVigieProcess>> | undefined;
      try {
        observer = await openStore(dialect === 'postgres' ? { url: db.databaseUrl, pgSchema: db.pgSchema } : { sqlitePath: db.sqlitePath });
        const store = observer;
        await waitFor('the portal checked while up', () => target.acceptedConnections() > 0, 30_000, 50);
        health.up = false;
        const crisis = await waitFor('the crisis activated', async () => (await store.crises.list({ status: 'active' }, 10))[0], 45_000, 50);
        const key = (p: Member) => `crisis:${crisis.id}:1:hook-${p}:${p}:-`;
        const roomKey = `crisis:${crisis.id}:1:${ROOM}:-:-`;
        // Alice's, Carol's and the room's pages sent (and recorded so), Bob's refused, Dan's in flight.
        const sentFirst = [key('alice'), key('carol'), roomKey];
        await waitFor('the first pages out', async () => {
          const sent = (await store.deliveries.list({ status: ['sent'] }, 1000)).map((d) => d.idempotencyKey);
          return sentFirst.every((k) => sent.includes(k)) && (['bob', 'dan'] as const).every((p) => receivers[`hook-${p}`]!.received.some((r) => r.key === key(p)));
        }, 30_000, 5);
        first.child.kill('SIGKILL');
        expect((await first.exited).signal).toBe('SIGKILL');

        // What the killed process left: the crisis, its deadline (no reminder sent yet), pages not sent.
        const atKill = (await store.crises.get(crisis.id))!;
        const deadlinesAtKill = await store.crises.deadlines(crisis.id);
        expect(atKill).toMatchObject({ status: 'active', activations: 1, pagedActivation: 1 });
        expect(deadlinesAtKill.map((d) => [d.key, d.reminders, d.missedAt])).toEqual([['internal-notice', 0, null]]);
        const unsentAtKill = (await store.deliveries.list({}, 1000)).filter((d) => d.event === 'crisis' && d.status !== 'sent').map((d) => d.idempotencyKey);
        expect(unsentAtKill).toEqual(expect.arrayContaining([key('bob'), key('dan')]));
        for (const receiver of Object.values(receivers)) receiver.mode = 'ok';

        const killedAt = Date.now();
        second = await startVigieProcess(serveArgs, db.env);
        const [notice] = deadlinesAtKill as [Deadline];
        // All three reminder stages fall after the restart (stages passed while nothing ran collapse into the latest, by design).
        const listening = Date.now();
        expect(listening, 'the restart listens before the first reminder is due').toBeLessThan(reminderTimes(notice, REMINDERS)[0]!);
        const reminderKeys = [1, 2, 3].map((n) => `deadline:${notice.id}:r${n}:hook-carol:carol:-`);
        const overdueKey = `deadline:${notice.id}:overdue:hook-alice:alice:-`;
        /** On a timeout: what each receiver got, the deadline and the outbox, the server's warnings. */
        const explain = async (error: unknown): Promise<never> => {
          const seen = Object.entries(receivers).map(([id, r]) => `${id}: ${r.received.map((x) => `${x.key}${x.taken ? '' : ' (refused or unanswered)'}`).join(', ')}`);
          const rows = (await store.deliveries.list({}, 1000)).map((d) => `${d.idempotencyKey} ${d.status} attempts=${d.attempts}`);
          const warnings = second!.logs.filter((l) => Number(l.level) >= 40).slice(-10);
          throw new Error(`${String(error)}\nreceived: ${seen.join('; ')}\ndeadlines: ${JSON.stringify(await store.crises.deadlines(crisis.id))}\noutbox: ${rows.join('; ')}\nnow ${Date.now()}\nwarnings: ${JSON.stringify(warnings)}`);
        };
        // Bob's page goes at its next retry; Dan's, claimed by the killed process, once its lease runs out.
        await waitFor('Bob and Dan paged', () => took(receivers['hook-bob']!, key('bob')) && took(receivers['hook-dan']!, key('dan')), 90_000, 50).catch(explain);
        await waitFor('the three reminders to Carol', () => reminderKeys.every((k) => took(receivers['hook-carol']!, k)), 90_000, 50).catch(explain);
        await waitFor('the overdue alert to Alice', () => took(receivers['hook-alice']!, overdueKey), 90_000, 50).catch(explain);
        await waitFor('every crisis message sent', async () => {
          const rows = (await store.deliveries.list({}, 1000)).filter((d) => d.event === 'crisis');
          return rows.length > 0 && rows.every((d) => d.status === 'sent');
        }, 90_000, 200).catch(explain);

        // The same crisis, its deadline unchanged (reminded three times, missed, its lead told).
        expect((await store.crises.list({}, 10)).map((c) => c.id)).toEqual([crisis.id]);
        const after = (await store.crises.get(crisis.id))!;
        expect(after).toMatchObject<Partial<Crisis>>({ id: crisis.id, status: 'active', activations: 1, pagedActivation: 1, activatedAt: atKill.activatedAt, primaryIncidentId: atKill.primaryIncidentId });
        const deadlines = await store.crises.deadlines(crisis.id);
        expect(deadlines.map(deadlineShape)).toEqual(deadlinesAtKill.map(deadlineShape));
        expect(deadlines[0]).toMatchObject({ reminders: 3, missedAt: notice.dueAt, metAt: null });

        const got = Object.fromEntries(Object.entries(receivers).map(([id, r]) => [id, byKey(r)]));
        const report = Object.entries(got).map(([id, keys]) => `${id}: ${[...keys].map(([k, rs]) => `${k} ×${rs.length} (${rs.filter((r) => r.taken).length} taken)`).join(', ')}`);
        process.stdout.write(`[crisis-durability/${dialect}] killed ${killedAt - notice.startsAt} ms after the incident opened, listening again ${listening - killedAt} ms later; pages unsent at the kill: ${unsentAtKill.join(', ')}; received:\n  ${report.join('\n  ')}\n`);
        // One activation page per member (and one room post): the only activation key each receiver saw.
        const activation = (keys: Map<string, Received[]>) => [...keys.keys()].filter((k) => k.startsWith(`crisis:${crisis.id}:`));
        for (const p of Object.keys(MEMBERS) as Member[]) expect(activation(got[`hook-${p}`]!)).toEqual([key(p)]);
        expect(activation(got[ROOM]!)).toEqual([roomKey]);
        // Each member took (answered 200) their page once; a page the killed process had recorded as sent is not sent again.
        for (const p of Object.keys(MEMBERS) as Member[]) expect(got[`hook-${p}`]!.get(key(p))!.filter((r) => r.taken), `pages ${p} took`).toHaveLength(1);
        expect([got['hook-alice']!.get(key('alice'))!.length, got['hook-carol']!.get(key('carol'))!.length, got[ROOM]!.get(roomKey)!.length]).toEqual([1, 1, 1]);
        // A page received twice (claimed by the killed process) is the same message under the same key.
        for (const keys of Object.values(got)) for (const [k, requests] of keys) expect(new Set(requests.map((r) => r.body)).size, `one body for ${k}`).toBe(1);
        // Each reminder stage once, to the owner only; the overdue alert once, to the crisis lead only.
        expect([...got['hook-carol']!.keys()].filter((k) => k.startsWith('deadline:')).sort()).toEqual(reminderKeys);
        for (const k of reminderKeys) expect(got['hook-carol']!.get(k)).toHaveLength(1);
        expect([...got['hook-alice']!.keys()].filter((k) => k.startsWith('deadline:'))).toEqual([overdueKey]);
        expect(got['hook-alice']!.get(overdueKey)).toHaveLength(1);
        for (const id of ['hook-bob', 'hook-dan', ROOM]) expect([...got[id]!.keys()].filter((k) => k.startsWith('deadline:'))).toEqual([]);
      } finally {
        if (first.child.exitCode === null && first.child.signalCode === null) first.child.kill('SIGKILL');
        second?.child.kill('SIGTERM');
        await second?.exited;
      }
    }, 240_000);
  });
}
