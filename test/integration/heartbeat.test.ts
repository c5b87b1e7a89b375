/**
 * Heartbeat monitors end to end, on SQLite and PostgreSQL: pushes through the real HTTP endpoint
 * of a running Vigie (query string, form and JSON), period and grace, explicit down, a reboot
 * loop driven by changing boot ids, unknown tokens and the per-token rate limit.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import type { Transition } from '../../src/engine/monitor-state.js';
import { DIALECTS, dialectAvailable } from '../helpers/databases.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';

const tokens = { beat: randomBytes(16).toString('hex'), loop: randomBytes(16).toString('hex'), limited: randomBytes(16).toString('hex') };

const CONFIG = `server: { host: 127.0.0.1, port: 0 }
scheduler: { batch: { size: 50, interval: 200ms } }
monitors:
  - id: dc-beat
    interval: 1s
    confirmations: { down: 1, up: 1 }
    heartbeat: { token: ${tokens.beat}, period: 2s, grace: 1s }
  - id: dc-loop
    interval: 5s
    confirmations: { down: 1, up: 1 }
    heartbeat: { token: ${tokens.loop}, period: 10m, reboot_loop: { boots: 3, within: 30m } }
  - id: limited
    interval: 1m
    heartbeat: { token: ${tokens.limited}, period: 10m }
`;

for (const dialect of DIALECTS) {
  describe(`heartbeat monitors (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'heartbeat end-to-end tests');
    let db: AppDatabase;
    let app: App;
    const transitions: Transition[] = [];
    const push = (token: string, init: RequestInit & { query?: string } = {}) => fetch(`${app.url}/api/v1/push/${token}${init.query ?? ''}`, init);

    beforeAll(async () => {
      if (!available) return;
      db = appDatabase(dialect);
      const configPath = join(db.dir, 'vigie.yaml');
      writeFileSync(configPath, CONFIG);
      app = await startApp({ ...db.appOptions(configPath), watch: false });
      app.bus.on('transition', (t) => transitions.push(t));
    }, 60_000);

    afterAll(async () => {
      if (!available) return;
      await app?.close();
      await db.cleanup();
    });

    it.skipIf(!available)('is up after a GET push, down once period + grace pass without one, up again on the next push', async () => {
      const res = await push(tokens.beat, { query: '?msg=hello' });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true, rebooted: false });
      await waitFor('dc-beat up', () => app.engine.stateOf('dc-beat')?.state === 'up', 20_000);
      const down = await waitFor('dc-beat down', () => transitions.find((t) => t.monitorId === 'dc-beat' && t.toState === 'down'), 20_000);
      expect(down.reason).toMatch(/^down: no heartbeat since \d\d:\d\d \(expected every 2s, grace 1s\)$/);
      expect((down.details as { messages: { fr: string } }).messages.fr).toMatch(/^aucune pulsation depuis/);
      expect((await push(tokens.beat, { method: 'POST' })).status).toBe(200);
      await waitFor('dc-beat recovered', () => transitions.find((t) => t.monitorId === 'dc-beat' && t.fromState === 'down' && t.toState === 'up'), 20_000);
    });

    it.skipIf(!available)('goes down at once on an explicit down pushed as a form, with the message', async () => {
      const res = await push(tokens.beat, { method: 'POST', body: new URLSearchParams({ status: 'down', msg: 'LSASS crashed' }) });
      expect(res.status).toBe(200);
      // Checked on the state rather than on a transition: on a slow machine the monitor may already be down (missed beat).
      const state = await waitFor('explicit down', () => {
        const s = app.engine.stateOf('dc-beat');
        return s?.state === 'down' && s.lastMessage?.includes('LSASS') ? s : undefined;
      }, 20_000);
      expect(state.lastMessage).toMatch(/^reported down at \d\d:\d\d: LSASS crashed$/);
      const stored = await app.store.passive.lastHeartbeat('dc-beat');
      expect(stored).toMatchObject({ status: 'down', message: 'LSASS crashed' });
    });

    it.skipIf(!available)('sees a reboot loop from changing boot ids although every heartbeat says up', async () => {
      const seen = (bootId: string) => () => (app.engine.stateOf('dc-loop')?.lastDetails as { bootId?: string } | undefined)?.bootId === bootId;
      const answers: unknown[] = [];
      for (const bootId of ['boot-1', 'boot-2', 'boot-3', 'boot-4']) {
        const res = await push(tokens.loop, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'up', boot_id: bootId, uptime: 30 }) });
        expect(res.status).toBe(200);
        answers.push(await res.json());
        await waitFor(`dc-loop evaluated with ${bootId}`, seen(bootId), 20_000);
      }
      expect(answers.map((a) => (a as { rebooted: boolean }).rebooted)).toEqual([false, true, true, true]);
      const down = await waitFor('reboot loop', () => transitions.find((t) => t.monitorId === 'dc-loop' && t.toState === 'down'), 20_000);
      expect(down.reason).toMatch(/^down: reboot loop: 4 boots in \d+ min$/);
      expect((down.details as { messages: { fr: string } }).messages.fr).toMatch(/^boucle de redémarrage : 4 démarrages en \d+ min$/);
      const rebooted = transitions.filter((t) => t.monitorId === 'dc-loop' && t.eventType === 'heartbeat.rebooted');
      expect(rebooted.map((t) => (t.details as { after: { bootId: string } }).after.bootId)).toEqual(['boot-2', 'boot-3', 'boot-4']);
      expect(rebooted[0]!.reason).toBe('rebooted: boot id boot-1 → boot-2');
      expect((await app.store.passive.bootsSince('dc-loop', 0)).map((b) => b.bootId)).toEqual(['boot-1', 'boot-2', 'boot-3', 'boot-4']);
    });

    it.skipIf(!available)('answers 404 with the same body to an unknown token and to a token of another kind', async () => {
      const unknown = await push(randomBytes(16).toString('hex'));
      expect(unknown.status).toBe(404);
      const body = await unknown.json();
      expect(body).toEqual({ error: 'not_found', message: 'unknown push token' });
      const wrongKind = await fetch(`${app.url}/api/v1/metrics/${tokens.beat}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ counts: { attempts: 1 } }) });
      expect(wrongKind.status).toBe(404);
      expect(await wrongKind.json()).toEqual(body);
    });

    it.skipIf(!available)('refuses invalid fields with 400 naming them', async () => {
      const res = await push(tokens.limited, { query: '?status=sideways' });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { issues: Array<{ path: string }> }).issues[0]!.path).toBe('status');
    });

    it.skipIf(!available)('rate-limits pushes per token with 429 and Retry-After, without affecting other tokens', async () => {
      let limited: Response | undefined;
      for (let i = 0; i < 100 && !limited; i++) {
        const res = await push(tokens.limited);
        if (res.status === 429) limited = res;
        else expect(res.status).toBe(200);
      }
      expect(limited, 'a 429 within 100 pushes').toBeDefined();
      expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(((await limited!.json()) as { error: string }).error).toBe('rate_limited');
      expect((await push(tokens.loop, { query: '?boot_id=boot-4' })).status).toBe(200);
    });
  });
}
