/**
 * The services, incidents and maintenance API of a running Vigie, on SQLite and PostgreSQL:
 * service state, members and uptime; manual incidents through their lifecycle with updates and
 * figures; filters and pagination; maintenance windows (config ones read-only) that keep an
 * incident from opening, and the incident that opens once the window is gone; bus events.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { generateToken, hashToken } from '../../src/api/tokens.js';
import type { Role } from '../../src/storage/store.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';
import { DIALECTS, dialectAvailable } from '../helpers/databases.js';

const push = { web1: randomBytes(16).toString('hex'), web2: randomBytes(16).toString('hex'), mail: randomBytes(16).toString('hex') };

const CONFIG = `server: { host: 127.0.0.1, port: 0 }
scheduler: { batch: { size: 50, interval: 200ms } }
monitors:
  - { id: web-1, interval: 1s, confirmations: { down: 1, up: 1 }, heartbeat: { token: ${push.web1}, period: 10m } }
  - { id: web-2, interval: 1s, confirmations: { down: 1, up: 1 }, heartbeat: { token: ${push.web2}, period: 10m } }
  - { id: mail-relay, interval: 1s, confirmations: { down: 1, up: 1 }, heartbeat: { token: ${push.mail}, period: 10m } }
services:
  - id: website
    name: { en: Web site, fr: Site web }
    criticality: high
    redundancy: { members: [web-1, web-2], min_healthy: 1 }
  - id: mail
    name: { en: Mail, fr: Messagerie }
    components: [mail-relay]
maintenance:
  - { id: yearly-audit, services: [mail], time_zone: Europe/Zurich, start: '2099-01-01T02:00', end: '2099-01-01T04:00' }
`;

for (const dialect of DIALECTS) {
  describe(`services, incidents and maintenance API (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'services API tests');
    let db: AppDatabase;
    let app: App;
    const secrets = {} as Record<Role, string>;
    const events: Array<{ kind: string; data: unknown }> = [];
    const call = async (method: string, path: string, role: Role = 'editor', body?: unknown) => {
      const res = await fetch(`${app.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${secrets[role]}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as any) };
    };
    const pushTo = (token: string, status: 'up' | 'down') => fetch(`${app.url}/api/v1/push/${token}?status=${status}`).then((r) => expect(r.status).toBe(200));
    const stateOf = async (id: string) => (await app.store.incidents.serviceStates()).find((s) => s.serviceId === id)?.state;

    beforeAll(async () => {
      if (!available) return;
      db = appDatabase(dialect);
      const configPath = join(db.dir, 'vigie.yaml');
      writeFileSync(configPath, CONFIG);
      app = await startApp({ ...db.appOptions(configPath), watch: false, incidents: { pollMs: 200 } });
      for (const role of ['viewer', 'editor', 'admin'] as const) {
        secrets[role] = generateToken();
        await app.store.tokens.create({ id: `tok-${role}`, name: `${role}-bot`, role, tokenHash: hashToken(secrets[role]) }, Date.now());
      }
      app.bus.on('incident.changed', (data) => events.push({ kind: 'incident', data }));
      app.bus.on('service.changed', (data) => events.push({ kind: 'service', data }));
      app.bus.on('maintenance.changed', (data) => events.push({ kind: 'maintenance', data }));
    }, 60_000);

    afterAll(async () => {
      if (!available) return;
      await app?.close();
      await db.cleanup();
    });

    it.skipIf(!available)('lists services with their state, members and uptime, and answers 404 for an unknown one', async () => {
      for (const token of Object.values(push)) await pushTo(token, 'up');
      await waitFor('monitors up', () => ['web-1', 'web-2', 'mail-relay'].every((id) => app.engine.stateOf(id)?.state === 'up'), 30_000);
      const list = await waitFor('stored results counted in uptime', async () => {
        const res = await call('GET', '/api/v1/services', 'viewer');
        return res.body.items?.every((s: any) => s.uptime['24h'] === 1) ? res : undefined;
      }, 30_000);
      expect(list.status).toBe(200);
      expect(list.body.items.map((s: any) => s.id)).toEqual(['mail', 'website']);
      const website = list.body.items[1];
      expect(website).toMatchObject({ name: { en: 'Web site', fr: 'Site web' }, criticality: 'high', state: 'operational', dependsOn: [] });
      expect(website.members).toEqual([
        { id: 'web-1', kind: 'monitor', role: 'redundant', state: 'up' },
        { id: 'web-2', kind: 'monitor', role: 'redundant', state: 'up' },
      ]);
      expect(Object.keys(website.uptime)).toEqual(['24h', '7d', '30d', '90d']);
      expect((await call('GET', '/api/v1/services/website', 'viewer')).body).toMatchObject({ id: 'website', state: 'operational' });
      const missing = await call('GET', '/api/v1/services/nope', 'viewer');
      expect(missing.status).toBe(404);
      expect(missing.body.message).toBe('service "nope" not found');
    });

    it.skipIf(!available)('takes a manual incident through acknowledge, updates, mitigate and resolve, with author, time and figures', async () => {
      const created = await call('POST', '/api/v1/incidents', 'editor', { title: { en: 'Mail delays', fr: 'Retards de messagerie' }, severity: 'SEV2', service: 'mail' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ source: 'manual', status: 'open', severity: 'SEV2', serviceId: 'mail', figures: { timeToDetectMs: null, timeToAcknowledgeMs: null } });
      const id = created.body.id;
      expect((await call('POST', `/api/v1/incidents/${id}/acknowledge`, 'viewer')).status).toBe(403);
      const acked = await call('POST', `/api/v1/incidents/${id}/acknowledge`);
      expect(acked.body).toMatchObject({ status: 'acknowledged', acknowledgedAt: expect.any(String) });
      expect(acked.body.figures.timeToAcknowledgeMs).toBeGreaterThanOrEqual(0);
      const again = await call('POST', `/api/v1/incidents/${id}/acknowledge`);
      expect(again.status).toBe(409);
      expect(again.body.message).toBe(`incident ${id} is already acknowledged`);
      const note = await call('POST', `/api/v1/incidents/${id}/updates`, 'editor', { kind: 'public', text: { en: 'We are investigating.', fr: 'Nous enquêtons.' } });
      expect(note.status).toBe(201);
      const bad = await call('POST', `/api/v1/incidents/${id}/updates`, 'editor', { kind: 'public', text: { en: 'only English' } });
      expect(bad.status).toBe(400);
      expect(bad.body.issues[0].path).toBe('text.fr');
      expect((await call('POST', `/api/v1/incidents/${id}/mitigate`)).body.status).toBe('mitigated');
      const resolved = await call('POST', `/api/v1/incidents/${id}/resolve`);
      expect(resolved.body).toMatchObject({ status: 'resolved', resolvedAt: expect.any(String) });
      expect(resolved.body.figures.timeToResolveMs).toBeGreaterThanOrEqual(0);
      expect(resolved.body.timeline.map((e: any) => [e.kind, e.author])).toEqual([
        ['opened', 'editor-bot'], ['acknowledged', 'editor-bot'], ['update_public', 'editor-bot'], ['mitigated', 'editor-bot'], ['resolved', 'editor-bot'],
      ]);
      expect(resolved.body.timeline[2].text).toEqual({ en: 'We are investigating.', fr: 'Nous enquêtons.' });
      expect(events.filter((e) => e.kind === 'incident' && (e.data as any).id === id).map((e) => (e.data as any).change)).toEqual(['opened', 'acknowledged', 'note', 'mitigated', 'resolved']);
      expect((await call('GET', '/api/v1/incidents/999999', 'viewer')).status).toBe(404);
    });

    it.skipIf(!available)('announces incident changes on the event stream', async () => {
      const res = await fetch(`${app.url}/api/v1/events`, { headers: { authorization: `Bearer ${secrets.viewer}` } });
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      let text = '';
      const created = await call('POST', '/api/v1/incidents', 'editor', { title: { en: 'Streamed', fr: 'Diffusé' }, severity: 'SEV4' });
      const deadline = Date.now() + 20_000;
      let pending = reader.read();
      while (!text.includes(`"id":${created.body.id},"change":"opened"`) && Date.now() < deadline) {
        const chunk = await Promise.race([pending, new Promise<'wait'>((r) => setTimeout(() => r('wait'), 1000))]);
        if (chunk === 'wait') continue;
        if (chunk.done) break;
        text += Buffer.from(chunk.value).toString('utf8');
        pending = reader.read();
      }
      pending.catch(() => {});
      await reader.cancel().catch(() => {});
      expect(text).toContain(`event: incident\ndata: {"id":${created.body.id},"change":"opened","status":"open","severity":"SEV4"}`);
      expect((await call('POST', `/api/v1/incidents/${created.body.id}/resolve`)).status).toBe(200);
    });

    it.skipIf(!available)('filters and pages incidents, and refuses unknown filter values', async () => {
      await call('POST', '/api/v1/incidents', 'editor', { title: { en: 'Second', fr: 'Deuxième' }, severity: 'SEV4' });
      const all = await call('GET', '/api/v1/incidents?limit=1', 'viewer');
      expect(all.body.total).toBe(3);
      expect(all.body.items.map((i: any) => i.title.en)).toEqual(['Second']);
      expect((await call('GET', '/api/v1/incidents?limit=2&offset=1', 'viewer')).body.items.map((i: any) => i.title.en)).toEqual(['Streamed', 'Mail delays']);
      expect((await call('GET', '/api/v1/incidents?status=resolved&severity=SEV1,SEV2', 'viewer')).body.items.map((i: any) => i.title.en)).toEqual(['Mail delays']);
      expect((await call('GET', '/api/v1/incidents?service=mail', 'viewer')).body.total).toBe(1);
      const bad = await call('GET', '/api/v1/incidents?status=closed', 'viewer');
      expect(bad.status).toBe(400);
      expect(bad.body.issues[0]).toEqual({ path: 'status', message: '"closed" is not one of open, acknowledged, mitigated, resolved' });
    });

    it.skipIf(!available)('keeps config windows read-only; an API window stops an incident from opening until it is deleted', async () => {
      const listed = await call('GET', '/api/v1/maintenance', 'viewer');
      expect(listed.body.items).toEqual([expect.objectContaining({ id: 'yearly-audit', source: 'file', active: false, services: ['mail'], timeZone: 'Europe/Zurich' })]);
      const readOnly = await call('PUT', '/api/v1/maintenance/yearly-audit', 'editor', { services: ['mail'], start: '2099-01-01T02:00', end: '2099-01-01T05:00' });
      expect(readOnly.status).toBe(409);
      expect(readOnly.body.error).toBe('read_only');
      const invalid = await call('POST', '/api/v1/maintenance', 'editor', { id: 'bad', services: ['website'], start: '2026-01-01T00:00' });
      expect(invalid.status).toBe(400);
      const unknown = await call('POST', '/api/v1/maintenance', 'editor', { id: 'bad', services: ['websit'], start: '2026-01-01T00:00', end: '2026-01-01T01:00' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.issues).toEqual([{ path: 'services[0]', message: '"websit" is not a service; did you mean "website"?' }]);

      const now = Date.now();
      const window = { id: 'web-upgrade', services: ['website'], start: new Date(now - 3_600_000).toISOString(), end: new Date(now + 3_600_000).toISOString() };
      const created = await call('POST', '/api/v1/maintenance', 'editor', window);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ id: 'web-upgrade', source: 'api', active: true });
      expect((await call('POST', '/api/v1/maintenance', 'editor', window)).status).toBe(409);

      await pushTo(push.web1, 'down');
      await pushTo(push.web2, 'down');
      await waitFor('both web monitors down', () => app.engine.stateOf('web-1')?.state === 'down' && app.engine.stateOf('web-2')?.state === 'down', 30_000);
      await waitFor('website under maintenance', async () => (await stateOf('website')) === 'under_maintenance', 30_000);
      const during = await call('GET', '/api/v1/incidents?service=website', 'viewer');
      expect(during.body.total).toBe(0);

      expect((await call('DELETE', '/api/v1/maintenance/web-upgrade', 'editor')).status).toBe(204);
      expect((await call('DELETE', '/api/v1/maintenance/web-upgrade', 'editor')).status).toBe(404);
      // The incident engine may see web-1 fail before web-2 (degraded first): the title then follows the worst state reached.
      const opened = await waitFor('an incident for the major outage once the window is gone', async () => {
        const incident = (await call('GET', '/api/v1/incidents?service=website', 'viewer')).body.items[0];
        return incident?.title.en === 'Web site: major outage' ? incident : undefined;
      }, 30_000);
      expect(opened).toMatchObject({ source: 'auto', serviceId: 'website', title: { en: 'Web site: major outage', fr: 'Site web : panne majeure' } });
      // Both web servers failed together: common mode raises high × major outage (SEV2) to SEV1.
      const raised = await waitFor('common mode', async () => (await call('GET', `/api/v1/incidents/${opened.id}`, 'viewer')).body.commonMode && (await call('GET', `/api/v1/incidents/${opened.id}`, 'viewer')).body, 30_000);
      expect(raised.severity).toBe('SEV1');
      expect(raised.summary.en).toMatch(/^2 of 2 members failed within \d+ s — a common cause is likely; redundancy is not protecting the service$/);
      expect((await call('GET', '/api/v1/incidents?service=website', 'viewer')).body.total).toBe(1);
      expect(await stateOf('website')).toBe('major_outage');
      expect(events.filter((e) => e.kind === 'maintenance').map((e) => e.data)).toEqual([{ id: 'web-upgrade', change: 'put' }, { id: 'web-upgrade', change: 'removed' }]);
      expect(events.some((e) => e.kind === 'service' && (e.data as any).id === 'website' && (e.data as any).to === 'major_outage')).toBe(true);
    });
  });
}
