/**
 * Multi-location evaluation end to end, on SQLite and PostgreSQL: a running Vigie probes a real
 * HTTP target on loopback as location `local`, results of `paris` and `noumea` are injected
 * through `POST /api/v1/monitors/:id/results`, and the monitor follows the quorum of 2 — one
 * remote location down keeps it up, two take it down with a reason naming them, one back up
 * recovers it. The per-location states survive a restart.
 */
import { createServer, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { generateToken, hashToken } from '../../src/api/tokens.js';
import { readLocationStates } from '../../src/engine/location-states.js';
import { DIALECTS, dialectAvailable } from '../helpers/databases.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';

function configText(port: number): string {
  return `server: { host: 127.0.0.1, port: 0 }
scheduler: { batch: { size: 50, interval: 200ms } }
monitors:
  - id: site
    interval: 30s
    timeout: 2s
    locations: [local, paris, noumea]
    quorum: 2
    http: { url: "http://127.0.0.1:${port}/health", body_contains: "ok" }
`;
}

for (const dialect of DIALECTS) {
  describe(`quorum of locations (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'quorum tests');
    let server: Server;
    let db: AppDatabase;
    let app: App;
    const editor = generateToken();
    const viewer = generateToken();

    const start = async () => {
      app = await startApp({
        ...db.appOptions(join(db.dir, 'vigie.yaml')),
        watch: false,
      });
    };

    const post = async (monitor: string, body: unknown, token = editor) => {
      const response = await fetch(`${app.url}/api/v1/monitors/${monitor}/results`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    const report = async (location: string, status: 'up' | 'down', times = 1) => {
      let last: Record<string, unknown> = {};
      for (let i = 0; i < times; i++) {
        const message = status === 'up' ? 'HTTP 200' : `expected status 200, got 503 (${location})`;
        const answer = await post('site', { location, status, message, latency_ms: 40, timings: { connect: 10, total: 40 } });
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        last = answer.body;
      }
      return last.state;
    };

    const stateTransitions = async () => {
      const page = await app.store.transitions.list({ monitorId: 'site', kind: 'state' }, { limit: 20 });
      return page.items.reverse();
    };

    beforeAll(async () => {
      if (!available) return;
      server = createServer((_req, res) => res.writeHead(200, { connection: 'close' }).end('ok'));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      db = appDatabase(dialect);
      writeFileSync(join(db.dir, 'vigie.yaml'), configText((server.address() as { port: number }).port));
      await start();
      await app.store.tokens.create({ id: 'quorum-editor', name: 'probe', role: 'editor', tokenHash: hashToken(editor) }, Date.now());
      await app.store.tokens.create({ id: 'quorum-viewer', name: 'reader', role: 'viewer', tokenHash: hashToken(viewer) }, Date.now());
    });

    afterAll(async () => {
      if (!available) return;
      await app?.close();
      await new Promise((r) => server.close(r));
      await db.cleanup();
    });

    it.skipIf(!available)('comes up from the local probe of the real target', async () => {
      await waitFor('site up', () => app.engine.stateOf('site')?.state === 'up');
    });

    it.skipIf(!available)('one remote location down (confirmed) keeps the monitor up; its results are stored under that location', async () => {
      expect(await report('paris', 'down', 2)).toBe('up');
      expect(await report('noumea', 'up')).toBe('up');
      // Results are written in batches: wait for the last one reported (noumea's) as well as paris's.
      await waitFor('results of paris and noumea stored', async () => {
        const page = await app.store.results.list('site', { limit: 50 });
        return page.items.filter((r) => r.location === 'paris' && r.status === 'down').length === 2 && page.items.some((r) => r.location === 'noumea');
      });
      const page = await app.store.results.list('site', { limit: 50 });
      expect(new Set(page.items.map((r) => r.location))).toEqual(new Set(['local', 'paris', 'noumea']));
      expect(page.items.find((r) => r.location === 'paris')?.timings).toEqual({ connect: 10, total: 40 });
      expect((await stateTransitions()).map((t) => t.toState)).toEqual(['up']);
    });

    it.skipIf(!available)('a second location down takes it down, with a reason naming both', async () => {
      expect(await report('noumea', 'down')).toBe('up');
      expect(await report('noumea', 'down')).toBe('down');
      const transitions = await stateTransitions();
      expect(transitions.map((t) => `${t.fromState}→${t.toState}`)).toEqual(['pending→up', 'up→down']);
      expect(transitions[1]!.reason).toBe('down at 2 of 3 locations (paris, noumea): paris: expected status 200, got 503 (paris); noumea: expected status 200, got 503 (noumea)');
      expect(transitions[1]!.details).toMatchObject({ quorum: 2, locations: { local: 'up', paris: 'down', noumea: 'down' } });
      expect((transitions[1]!.details?.messages as { fr: string }).fr).toMatch(/^hors service selon 2 emplacements sur 3 \(paris, noumea\)/);
      expect((await app.store.monitors.get('site'))?.state?.state).toBe('down');
    });

    it.skipIf(!available)('one location back up recovers it below the quorum', async () => {
      expect(await report('paris', 'up')).toBe('up');
      const transitions = await stateTransitions();
      expect(transitions.map((t) => t.toState)).toEqual(['up', 'down', 'up']);
      expect(transitions[2]!.reason).toBe('recovered: failing at 1 of 3 locations (noumea), below the quorum of 2');
    });

    it.skipIf(!available)('refuses unknown locations and monitors, bad bodies and viewers', async () => {
      const tokyo = await post('site', { location: 'tokyo', status: 'down', message: 'x' });
      expect(tokyo.status).toBe(400);
      expect(tokyo.body.message).toContain('"tokyo" is not one of this monitor\'s locations (local, paris, noumea)');
      expect((await post('nope', { location: 'paris', status: 'down', message: 'x' })).status).toBe(404);
      const bad = await post('site', { location: 'paris', status: 'sideways', message: 'x', extra: 1 });
      expect(bad.status).toBe(400);
      const future = await post('site', { location: 'paris', status: 'down', message: 'x', at: Date.now() + 3_600_000 });
      expect(future.status).toBe(400);
      expect(future.body.issues).toEqual([{ path: 'at', message: expect.stringContaining('future') }]);
      expect((await post('site', { location: 'paris', status: 'down', message: 'x' }, viewer)).status).toBe(403);
      expect(app.engine.stateOf('site')?.state).toBe('up');
    });

    it.skipIf(!available)('keeps the per-location states across a restart', async () => {
      await app.close();
      await start();
      const restored = readLocationStates(app.engine.stateOf('site')?.lastDetails ?? null);
      expect(restored.get('noumea')?.state).toBe('down');
      expect(restored.get('paris')?.state).toBe('up');
      // noumea is still down from before the restart: paris confirming down reaches the quorum again.
      expect(await report('paris', 'down', 2)).toBe('down');
      expect((await stateTransitions()).map((t) => t.toState)).toEqual(['up', 'down', 'up', 'down']);
    });
  });
}
