/**
 * The domain-controller case end to end, on SQLite and PostgreSQL: authentication (two domain
 * controllers pushing heartbeats) fails, so `branch-operations`, which depends on it, is in
 * outage — one incident whose root cause is authentication, the dependant folded in. Then a
 * restart during the open incident: state, timeline and grouping survive, and a new failure of
 * the dependant joins the same incident; finally everything recovers and the incident resolves.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';
import { runVigie } from '../helpers/vigie-process.js';
import { DIALECTS, dialectAvailable } from '../helpers/databases.js';

const tokens = { dc1: randomBytes(16).toString('hex'), dc2: randomBytes(16).toString('hex') };

function configText(counterPort: number): string {
  return `server: { host: 127.0.0.1, port: 0 }
scheduler: { batch: { size: 50, interval: 200ms } }
incidents: { resolve_after: 2s }
monitors:
  - { id: dc-1, interval: 1s, confirmations: { down: 1, up: 1 }, heartbeat: { token: ${tokens.dc1}, period: 10m } }
  - { id: dc-2, interval: 1s, confirmations: { down: 1, up: 1 }, heartbeat: { token: ${tokens.dc2}, period: 10m } }
  - { id: branch-counter, interval: 1s, timeout: 800ms, confirmations: { down: 1, up: 1 }, tcp: { host: 127.0.0.1, port: ${counterPort} } }
services:
  - id: authentication
    name: { en: Authentication, fr: Authentification }
    criticality: vital
    redundancy: { members: [dc-1, dc-2], min_healthy: 1 }
  - id: branch-operations
    name: { en: Branch operations, fr: Opérations en agence }
    criticality: high
    components: [branch-counter]
    depends_on: [authentication]
`;
}

function listen(server: Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
}

for (const dialect of DIALECTS) {
  describe(`incidents: authentication and its dependants (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'incident dependency tests');
    let db: AppDatabase;
    let app: App | undefined;
    let counter = createServer((socket) => socket.end());
    let counterPort = 0;
    let configPath: string;
    const start = () => startApp({ ...db.appOptions(configPath), watch: false, incidents: { pollMs: 200 } });
    const push = (token: string, status: 'up' | 'down') => fetch(`${app!.url}/api/v1/push/${token}?status=${status}`).then((r) => expect(r.status).toBe(200));
    const stateOf = async (id: string) => (await app!.store.incidents.serviceStates()).find((s) => s.serviceId === id)?.state;
    const incidents = async () => (await app!.store.incidents.list({}, { limit: 10, offset: 0 })).items;

    beforeAll(async () => {
      if (!available) return;
      counterPort = await listen(counter);
      db = appDatabase(dialect);
      configPath = join(db.dir, 'vigie.yaml');
      writeFileSync(configPath, configText(counterPort));
      app = await start();
    }, 60_000);

    afterAll(async () => {
      if (!available) return;
      await app?.close();
      counter.close();
      await db?.cleanup();
    });

    it.skipIf(!available)('starts operational', async () => {
      await push(tokens.dc1, 'up');
      await push(tokens.dc2, 'up');
      await waitFor('both services operational', async () => (await stateOf('authentication')) === 'operational' && (await stateOf('branch-operations')) === 'operational' && app!.engine.stateOf('branch-counter')?.state === 'up', 30_000);
      expect(await incidents()).toEqual([]);
    });

    it.skipIf(!available)('opens one incident rooted in authentication when both controllers fail, with branch operations folded in', async () => {
      await push(tokens.dc1, 'down');
      await push(tokens.dc2, 'down');
      await waitFor('branch operations in outage', async () => (await stateOf('branch-operations')) === 'major_outage', 30_000);
      const incident = await waitFor('the dependant grouped, severity raised', async () => (await incidents()).find((i) => i.affected.includes('service:branch-operations') && i.severity === 'SEV1'), 30_000);
      expect(await stateOf('authentication')).toBe('major_outage');
      expect(await incidents()).toHaveLength(1);
      expect(incident).toMatchObject({ serviceId: 'authentication', rootCause: { kind: 'service', id: 'authentication' }, severity: 'SEV1', status: 'open' });
      expect(incident.title).toEqual({ en: 'Authentication: major outage', fr: 'Authentification : panne majeure' });
      const timeline = await app!.store.incidents.timeline(incident.id);
      const grouped = timeline.filter((e) => e.kind === 'grouped');
      expect(grouped.map((e) => e.details?.service)).toEqual(['branch-operations']);
      expect(grouped[0]!.text.en).toBe('Branch operations joined this incident (related to Authentication); no separate incident opened');
      // Filtering by the dependant finds the same incident: no separate one exists for it.
      expect((await app!.store.incidents.list({ service: 'branch-operations' }, { limit: 10, offset: 0 })).items.map((i) => i.id)).toEqual([incident.id]);
    });

    it.skipIf(!available)('keeps state, timeline and grouping across a restart; a new failure of the dependant joins the same incident', async () => {
      const [before] = await incidents();
      const timelineBefore = await app!.store.incidents.timeline(before!.id);
      await app!.close();
      app = await start();
      await app.incidentsCaughtUp();
      expect(await incidents()).toEqual([before]);
      expect((await app.store.incidents.timeline(before!.id)).slice(0, timelineBefore.length)).toEqual(timelineBefore);
      expect(await stateOf('branch-operations')).toBe('major_outage');

      await new Promise<void>((resolve) => counter.close(() => resolve()));
      const joined = await waitFor('the counter failure on the timeline', async () => {
        const timeline = await app!.store.incidents.timeline(before!.id);
        return timeline.find((e) => e.kind === 'monitor_state' && e.details?.monitorId === 'branch-counter' && e.details?.to === 'down');
      }, 30_000);
      expect(joined.text.en).toMatch(/^branch-counter: up → down \(/);
      expect(await incidents()).toHaveLength(1);
    });

    it.skipIf(!available)('resolves the one incident once everything is back', async () => {
      counter = createServer((socket) => socket.end());
      await listen(counter, counterPort);
      await push(tokens.dc1, 'up');
      await push(tokens.dc2, 'up');
      const resolved = await waitFor('resolved', async () => (await incidents()).find((i) => i.status === 'resolved'), 45_000);
      expect(await incidents()).toHaveLength(1);
      expect(resolved.resolvedAt).not.toBeNull();
      const kinds = (await app!.store.incidents.timeline(resolved.id)).map((e) => e.kind);
      expect(kinds.filter((k) => k === 'opened')).toHaveLength(1);
      expect(kinds).toContain('recovered');
      expect(kinds.at(-1)).toBe('resolved');

      // The export reads the same database as `vigie token` does.
      const dbArgs = db.dialect === 'sqlite' ? ['--sqlite', db.sqlitePath] : [];
      const json = await runVigie(['incident', 'export', String(resolved.id), '--format', 'json', ...dbArgs], db.env);
      expect(json.code, json.stderr).toBe(0);
      const doc = JSON.parse(json.stdout) as { incident: { id: number; status: string }; figures: Record<string, number | null>; timeline: Array<{ kind: string }> };
      expect(doc.incident).toMatchObject({ id: resolved.id, status: 'resolved' });
      expect(doc.timeline.map((e) => e.kind)).toEqual(kinds);
      expect(doc.figures.timeToResolveMs).toBe(resolved.resolvedAt! - resolved.firstFailureAt!);
      const md = await runVigie(['incident', 'export', String(resolved.id), '--lang', 'fr', ...dbArgs], db.env);
      expect(md.stdout).toContain(`# Incident #${resolved.id} — Authentification : panne majeure`);
      expect(md.stdout).toContain('| Cause première | service authentication |');
      const missing = await runVigie(['incident', 'export', '99999', ...dbArgs], db.env);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('no incident with id 99999');
    }, 60_000);

    it.skipIf(!available)('reopens the same incident when authentication fails again within reopen_within', async () => {
      const [resolved] = await incidents();
      await push(tokens.dc1, 'down');
      await push(tokens.dc2, 'down');
      const reopened = await waitFor('reopened', async () => (await incidents()).find((i) => i.status === 'open'), 30_000);
      expect(reopened).toMatchObject({ id: resolved!.id, reopened: 1, resolvedAt: null });
      expect(await incidents()).toHaveLength(1);
      const timeline = await app!.store.incidents.timeline(reopened.id);
      expect(timeline.filter((e) => e.kind === 'reopened').map((e) => e.text.en)).toEqual(['Reopened: authentication failed again']);
    });
  });
}
