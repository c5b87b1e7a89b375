/**
 * Changes, rollouts and the guard through the HTTP API of a whole Vigie (`startApp`), on SQLite and
 * PostgreSQL: changes recorded with targets by id, tag and host glob, listed and rolled back; bad
 * input answered 400 naming the field (unknown targets with a suggestion, a time in the future, an
 * unknown rollout or ring, overlapping rings, a soak that is not a duration, an empty ring), 409 for
 * a rollout id taken; the guard for a ring not yet deployed, a ring soaking, a freeze in force, a
 * rollout closed; decisions merged on the rollout's timeline; roles enforced.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { generateToken, hashToken } from '../../src/api/tokens.js';
import { createLogger } from '../../src/logger.js';
import { appDatabase, type AppDatabase } from '../helpers/app-database.js';
import { DIALECTS, dialectAvailable } from '../helpers/databases.js';

// Heartbeat monitors never probe anything; the TCP monitors point at a closed loopback port (their hosts feed the host globs).
const configText = `server: { host: 127.0.0.1, port: 0 }
monitors:
  - { id: dc-1, heartbeat: { period: 1h, token: changes-api-token-dc-1 }, tags: [domain-controllers] }
  - { id: dc-2, heartbeat: { period: 1h, token: changes-api-token-dc-2 }, tags: [domain-controllers] }
  - { id: dc-3, heartbeat: { period: 1h, token: changes-api-token-dc-3 }, tags: [domain-controllers] }
  - { id: dc-10, heartbeat: { period: 1h, token: changes-api-token-dc-10 } }
  - { id: web-a, interval: 1h, tcp: { host: web-a.corp.example, port: 1 } }
services:
  - id: directory
    name: { en: Directory, fr: Annuaire }
    redundancy: { members: [dc-1, dc-2, dc-3], min_healthy: 2 }
changes:
  freezes:
    - id: always-on-web
      reason: { en: Web freeze, fr: Gel du web }
      monitors: [web-a]
      start: 2020-01-01T00:00:00Z
      end: 2099-01-01T00:00:00Z
`;

for (const dialect of DIALECTS) {
  describe(`changes API (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'changes API tests');
    if (!available) {
      it.skip('PostgreSQL not reachable', () => {});
      return;
    }
    let db: AppDatabase;
    let app: App;
    const tokens = { viewer: generateToken(), editor: generateToken() };
    const call = async (method: string, path: string, who: keyof typeof tokens = 'editor', body?: unknown) => {
      const res = await fetch(`${app.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${tokens[who]}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    const issues = (body: any) => (body.issues as Array<{ path: string; message: string }>).map((i) => `${i.path}: ${i.message}`);

    beforeAll(async () => {
      db = appDatabase(dialect);
      const configPath = join(db.dir, 'vigie.yaml');
      writeFileSync(configPath, configText);
      app = await startApp({ ...db.appOptions(configPath), watch: false, logger: createLogger('error') });
      await app.store.tokens.create({ id: 't-viewer', name: 'dashboard', role: 'viewer', tokenHash: hashToken(tokens.viewer) }, Date.now());
      await app.store.tokens.create({ id: 't-editor', name: 'wsus-pipeline', role: 'editor', tokenHash: hashToken(tokens.editor) }, Date.now());
    }, 60_000);

    afterAll(async () => {
      await app?.close();
      await db?.cleanup();
    });

    it('records a change with PagerDuty-like fields and targets by id, tag and host glob; lists it by monitor; rolls it back once', async () => {
      const at = new Date(Date.now() - 60_000).toISOString();
      const created = await call('POST', '/api/v1/changes', 'editor', {
        summary: 'KB5009557 installed', source: 'wsus', timestamp: at, kind: 'patch', external_ref: 'KB5009557',
        links: [{ href: 'https://support.example/kb5009557', text: 'KB' }], custom_details: { approved_by: 'cab-12' },
        targets: { tags: ['domain-controllers'], hosts: ['web-*.corp.example'] },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ summary: 'KB5009557 installed', kind: 'patch', external_ref: 'KB5009557', timestamp: at, origin: 'api', author: 'wsus-pipeline', rolled_back_at: null, custom_details: { approved_by: 'cab-12' } });
      expect(created.body.reaches).toEqual(['dc-1', 'dc-2', 'dc-3', 'web-a']);
      const byId = await call('POST', '/api/v1/changes', 'editor', { summary: 'dc-10 only', targets: { monitors: ['dc-10'] } });
      expect(byId.body).toMatchObject({ kind: 'other', reaches: ['dc-10'] });

      const listed = await call('GET', '/api/v1/changes?monitor=dc-10', 'viewer');
      expect(listed.body.items.map((c: any) => c.id)).toEqual([byId.body.id]);
      expect((await call('GET', `/api/v1/changes/${created.body.id}`, 'viewer')).body.id).toBe(created.body.id);

      const rolled = await call('POST', `/api/v1/changes/${created.body.id}/rollback`, 'editor', { note: 'uninstalled' });
      expect(rolled.body).toMatchObject({ rolled_back_by: 'wsus-pipeline', rollback_note: 'uninstalled' });
      const again = await call('POST', `/api/v1/changes/${created.body.id}/rollback`, 'editor', { note: 'twice' });
      expect(again.body).toMatchObject({ rolled_back_at: rolled.body.rolled_back_at, rollback_note: 'uninstalled' });
      expect((await call('POST', '/api/v1/changes/999999/rollback', 'editor', {})).status).toBe(404);
    });

    it('refuses bad changes with 400 naming each field', async () => {
      const future = new Date(Date.now() + 3_600_000).toISOString();
      const bad = await call('POST', '/api/v1/changes', 'editor', { summary: 'x', timestamp: future, targets: { monitors: ['dc-1', 'dc-9'], services: ['directroy'], tags: ['nope'], hosts: ['db-*.nowhere'] } });
      expect(bad.status).toBe(400);
      expect(issues(bad.body)).toEqual([
        expect.stringMatching(/^timestamp: is in the future/),
        'targets.monitors[1]: unknown monitor "dc-9" (did you mean "dc-1"?)',
        'targets.services[0]: unknown service "directroy" (did you mean "directory"?)',
        'targets.tags[0]: no monitor or service has the tag "nope"',
        'targets.hosts[0]: "db-*.nowhere" matches no monitored host',
      ]);
      const none = await call('POST', '/api/v1/changes', 'editor', { summary: 'nothing named' });
      expect(issues(none.body)).toEqual([expect.stringMatching(/^targets: name what the change touched/)]);
      const ring = await call('POST', '/api/v1/changes', 'editor', { summary: 'x', rollout: 'no-such-rollout', ring: 0 });
      expect(issues(ring.body)).toEqual(['rollout: unknown rollout "no-such-rollout"']);
      const half = await call('POST', '/api/v1/changes', 'editor', { summary: 'x', ring: 0, targets: { monitors: ['dc-1'] } });
      expect(issues(half.body)).toEqual(['rollout: `rollout` and `ring` go together']);
      expect((await call('POST', '/api/v1/changes', 'viewer', { summary: 'x', targets: { monitors: ['dc-1'] } })).status).toBe(403);
    });

    it('refuses bad rollouts: unknown targets, overlapping rings, a soak that is not a duration, an empty ring; 409 for a taken id', async () => {
      const bad = await call('POST', '/api/v1/rollouts', 'editor', {
        id: 'bad', rings: [{ monitors: ['dc-1'], soak: '10m' }, { monitors: ['dc-1', 'dc-2'], soak: '10m' }, { tags: ['nope'], soak: 'ten minutes' }, { soak: '1m' }],
      });
      expect(bad.status).toBe(400);
      expect(issues(bad.body)).toEqual([
        'rings[2].soak: must be a duration such as 500ms, 30s, 5m, 1h or 1d',
        'rings[3].monitors: a ring needs monitors, services or tags',
      ]);
      const overlap = await call('POST', '/api/v1/rollouts', 'editor', { id: 'bad', rings: [{ monitors: ['dc-1'], soak: '10m' }, { services: ['directory'], soak: '10m' }, { monitors: ['dc-9'], soak: '1m' }] });
      expect(issues(overlap.body)).toEqual([
        'rings[1]: rings overlap: monitor "dc-1" is already in ring 0; each monitor belongs to one ring',
        'rings[2].monitors[0]: unknown monitor "dc-9" (did you mean "dc-1"?)',
      ]);
      const body = { id: 'kb5009557-dc', kind: 'patch', external_ref: 'KB5009557', rings: [{ monitors: ['dc-1'], soak: '1h' }, { monitors: ['dc-2'], soak: '1h' }, { monitors: ['dc-3'], soak: '0s' }] };
      const created = await call('POST', '/api/v1/rollouts', 'editor', body);
      expect(created.status).toBe(201);
      expect(created.body.rings.map((r: any) => [r.index, r.reaches, r.soak_ms, r.change])).toEqual([[0, ['dc-1'], 3_600_000, null], [1, ['dc-2'], 3_600_000, null], [2, ['dc-3'], 0, null]]);
      expect((await call('POST', '/api/v1/rollouts', 'editor', body)).status).toBe(409);
    });

    it('guards the rings: not deployed, soaking, freeze, closed; decisions merged on the timeline; a ring out of range is 400', async () => {
      const guard = async (id: string, ring: number) => (await call('GET', `/api/v1/rollouts/${id}/guard?ring=${ring}`, 'viewer')).body;
      const codes = (d: any) => d.reasons.map((r: any) => r.code);
      expect(await guard('kb5009557-dc', 0)).toMatchObject({ verdict: 'go', reasons: [] });
      // Ring 0 not deployed, and dc-1 never sent a heartbeat: both reasons.
      expect(codes(await guard('kb5009557-dc', 1))).toEqual(['ring_not_deployed', 'ring_unhealthy']);
      expect(codes(await guard('kb5009557-dc', 1))).toEqual(['ring_not_deployed', 'ring_unhealthy']); // asked twice: one timeline line, count 2

      const step = await call('POST', '/api/v1/changes', 'editor', { summary: 'KB5009557 on dc-1', rollout: 'kb5009557-dc', ring: 0 });
      expect(step.body).toMatchObject({ kind: 'patch', external_ref: 'KB5009557', rollout: 'kb5009557-dc', ring: 0, targets: { monitors: ['dc-1'] } });
      // Deployed now, but dc-1 is still not healthy, so no soak either.
      const unhealthy = await guard('kb5009557-dc', 1);
      expect(unhealthy.verdict).toBe('no-go');
      expect(unhealthy.reasons).toEqual([expect.objectContaining({ code: 'ring_unhealthy', subject: 'dc-1' })]);
      expect((await call('GET', '/api/v1/rollouts/kb5009557-dc/guard?ring=3', 'viewer')).status).toBe(400);

      const web = await call('POST', '/api/v1/rollouts', 'editor', { id: 'web', rings: [{ monitors: ['web-a'], soak: '1m' }] });
      expect(web.status).toBe(201);
      const frozen = await guard('web', 0);
      expect(frozen.reasons).toEqual([expect.objectContaining({ code: 'freeze', subject: 'always-on-web' })]);
      expect(frozen.reasons[0].text.fr).toContain('Gel du web');
      expect((await call('POST', '/api/v1/rollouts/web/status', 'editor', { status: 'aborted' })).body.status).toBe('aborted');
      expect(codes(await guard('web', 0))).toEqual(['rollout_closed', 'freeze']);

      const detail = (await call('GET', '/api/v1/rollouts/kb5009557-dc', 'viewer')).body;
      const lines = detail.timeline.map((e: any) => [e.kind, e.ring, e.verdict, e.count]);
      expect(lines).toEqual([
        ['created', null, null, 1],
        ['decision', 0, 'go', 1],
        ['decision', 1, 'no-go', 2],
        ['change', 0, null, 1],
        ['decision', 1, 'no-go', 1],
      ]);
      expect(detail.rings[0]).toMatchObject({ change: step.body.id, deployed_at: step.body.timestamp });
      expect((await call('GET', '/api/v1/rollouts?status=aborted', 'viewer')).body.items.map((r: any) => r.id)).toEqual(['web']);
    });
  });
}
