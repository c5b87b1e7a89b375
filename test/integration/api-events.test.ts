/**
 * `GET /api/v1/events` over a real listening socket: live bus events, replay of stored
 * transitions after `Last-Event-ID` / `?since=`, auth, listener cleanup and shutdown.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildServer } from '../../src/api/build-server.js';
import { generateToken, hashToken } from '../../src/api/tokens.js';
import { Bus } from '../../src/engine/bus.js';
import { Engine } from '../../src/engine/engine.js';
import { initialState, type Transition } from '../../src/engine/monitor-state.js';
import type { Store } from '../../src/storage/store.js';
import { DIALECTS, dialectAvailable, withStore } from '../helpers/databases.js';

interface SseEvent {
  id?: string;
  event?: string;
  data?: unknown;
}

interface SseClient {
  status: number;
  events: SseEvent[];
  /** Resolves when `count` events matched, or rejects after the deadline. */
  waitFor(predicate: (e: SseEvent) => boolean, count?: number, timeoutMs?: number): Promise<SseEvent[]>;
  ended: Promise<void>;
  close(): void;
}

/** Opens an event stream and parses it; resolves once the response head (and first comment) arrived. */
function connect(base: string, path: string, headers: Record<string, string> = {}): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req: ClientRequest = request(`${base}${path}`, { headers: { accept: 'text/event-stream', ...headers } }, (res: IncomingMessage) => {
      const events: SseEvent[] = [];
      const waiters = new Set<() => void>();
      let buffer = '';
      const ended = new Promise<void>((done) => res.on('close', () => done()));
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event: SseEvent = {};
          for (const line of block.split('\n')) {
            if (line.startsWith('id: ')) event.id = line.slice(4);
            else if (line.startsWith('event: ')) event.event = line.slice(7);
            else if (line.startsWith('data: ')) event.data = JSON.parse(line.slice(6));
          }
          if (event.event) events.push(event);
          for (const wake of waiters) wake();
        }
      });
      const client: SseClient = {
        status: res.statusCode ?? 0,
        events,
        ended,
        close: () => req.destroy(),
        waitFor: (predicate, count = 1, timeoutMs = 20_000) =>
          new Promise((ok, fail) => {
            const check = () => {
              const found = events.filter(predicate);
              if (found.length >= count) {
                waiters.delete(check);
                clearTimeout(timer);
                ok(found);
              }
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`waited ${timeoutMs} ms for ${count} matching events; got ${JSON.stringify(events)}`));
            }, timeoutMs);
            waiters.add(check);
            check();
          }),
      };
      if (res.statusCode !== 200) {
        res.resume();
        return resolve(client);
      }
      // The server writes a ": connected" comment once it has subscribed to the bus.
      res.once('data', () => resolve(client));
    });
    req.on('error', reject);
    req.end();
  });
}

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met before the deadline');
    await new Promise((r) => setTimeout(r, 20));
  }
}

for (const dialect of DIALECTS) {
  const available = await dialectAvailable(dialect, 'api events');
  describe.skipIf(!available)(`SSE events over ${dialect}`, () => {
    const db = withStore(dialect);
    const bus = new Bus();
    const secret = generateToken();
    let app: FastifyInstance;
    let engine: Engine;
    let base: string;
    let baseline: Record<'transition' | 'monitor.changed' | 'config.reloaded', number>;
    const listeners = () => ({ transition: bus.listenerCount('transition'), 'monitor.changed': bus.listenerCount('monitor.changed'), 'config.reloaded': bus.listenerCount('config.reloaded') });
    const auth = () => ({ authorization: `Bearer ${secret}` });
    const logLines: string[] = [];

    const commit = async (store: Store, reasons: string[]): Promise<Transition[]> => {
      const at = Date.now();
      return store.states.commitTransition('sse-web', { ...initialState(), state: 'down', since: at }, reasons.map((reason, i) => ({
        monitorId: 'sse-web', at: at + i, kind: 'event' as const, fromState: null, toState: null, eventType: 'test.event', reason, details: null,
      })), at);
    };

    beforeAll(async () => {
      const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
      engine = new Engine(db.store, bus, logger, { shutdownGraceMs: 1000 });
      await engine.start([]);
      await db.store.monitors.upsert({ id: 'sse-web', name: 'sse-web', type: 'http', source: 'api', input: { id: 'sse-web', paused: true, http: { url: 'http://127.0.0.1:9/' } }, tags: [], paused: true }, Date.now());
      await db.store.tokens.create({ id: 'sse-viewer', name: 'sse', role: 'viewer', tokenHash: hashToken(secret) }, Date.now());
      app = await buildServer({ store: db.store, control: engine, bus, metrics: { registry: engine.metrics.registry }, logger, version: 'test' });
      base = await app.listen({ host: '127.0.0.1', port: 0 });
      baseline = listeners();
    }, 60_000);
    afterAll(async () => {
      await app?.close();
      await engine?.stop();
    }, 60_000);

    it('refuses a stream without a token, accepts ?access_token=', async () => {
      const anonymous = await connect(base, '/api/v1/events');
      expect(anonymous.status).toBe(401);
      const viaQuery = await connect(base, `/api/v1/events?access_token=${secret}`);
      expect(viaQuery.status).toBe(200);
      viaQuery.close();
    });

    it('keeps query-string tokens out of the request log', async () => {
      const wrong = generateToken();
      const refused = await connect(base, `/api/v1/events?since=1&access_token=${wrong}`);
      expect(refused.status).toBe(401);
      await until(() => logLines.some((l) => l.includes('access_token=***')));
      expect(logLines.join('')).not.toContain(wrong);
      expect(logLines.join('')).not.toContain(secret);
    });

    it('forwards transitions, monitor changes and config reloads from the bus', async () => {
      const client = await connect(base, '/api/v1/events', auth());
      try {
        const [stored] = await commit(db.store, ['live one']);
        bus.emit('transition', stored!);
        bus.emit('monitor.changed', { id: 'sse-web', change: 'updated' });
        bus.emit('config.reloaded', { ok: false, error: 'line 3: bad indent' });
        const [transition] = await client.waitFor((e) => e.event === 'transition');
        expect(transition).toEqual({ id: String(stored!.id), event: 'transition', data: expect.objectContaining({ id: stored!.id, monitorId: 'sse-web', reason: 'live one', at: expect.any(String) }) });
        expect((await client.waitFor((e) => e.event === 'monitor'))[0]!.data).toEqual({ id: 'sse-web', change: 'updated' });
        expect((await client.waitFor((e) => e.event === 'config'))[0]!.data).toEqual({ ok: false, error: 'line 3: bad indent' });
      } finally {
        client.close();
      }
    });

    it('replays stored transitions after Last-Event-ID (or ?since=), in order and without duplicates', async () => {
      const [a, b, c] = await commit(db.store, ['missed a', 'missed b', 'missed c']);
      const client = await connect(base, '/api/v1/events', { ...auth(), 'last-event-id': String(a!.id) });
      try {
        const replayed = await client.waitFor((e) => e.event === 'transition', 2);
        expect(replayed.map((e) => e.id)).toEqual([String(b!.id), String(c!.id)]);
        // A live copy of an already replayed transition is not sent again; a new one is.
        bus.emit('transition', c!);
        const [d] = await commit(db.store, ['new d']);
        bus.emit('transition', d!);
        await client.waitFor((e) => e.id === String(d!.id));
        expect(client.events.filter((e) => e.event === 'transition').map((e) => e.id)).toEqual([String(b!.id), String(c!.id), String(d!.id)]);
      } finally {
        client.close();
      }

      const since = await connect(base, `/api/v1/events?since=${b!.id}`, auth());
      try {
        const events = await since.waitFor((e) => e.event === 'transition', 2);
        expect(events.map((e) => (e.data as { reason: string }).reason)).toEqual(['missed c', 'new d']);
      } finally {
        since.close();
      }
    });

    it('removes its bus listeners when the client disconnects', async () => {
      const same = (a: typeof baseline, b: typeof baseline) => JSON.stringify(a) === JSON.stringify(b);
      // The streams of the previous tests were closed by their clients: their listeners go too.
      await until(() => same(listeners(), baseline));
      const client = await connect(base, '/api/v1/events', auth());
      expect(listeners()).toEqual({ transition: baseline.transition + 1, 'monitor.changed': baseline['monitor.changed'] + 1, 'config.reloaded': baseline['config.reloaded'] + 1 });
      client.close();
      await until(() => same(listeners(), baseline));
    });

    it('ends open streams when the server closes', async () => {
      const logger = pino({ level: 'silent' });
      const other = await buildServer({ store: db.store, control: engine, bus, metrics: { registry: engine.metrics.registry }, logger, version: 'test' });
      const url = await other.listen({ host: '127.0.0.1', port: 0 });
      const client = await connect(url, '/api/v1/events', auth());
      await other.close();
      await client.ended;
      expect(client.status).toBe(200);
    }, 30_000);
  });
}
