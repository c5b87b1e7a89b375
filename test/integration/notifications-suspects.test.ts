/**
 * Suspect changes in notifications, end to end on SQLite and PostgreSQL: a whole Vigie with a
 * heartbeat-pushing "domain controller"; a patch recorded through `POST /api/v1/changes` targeting
 * it; the heartbeats stop, the monitor goes down after period + grace, an incident opens; the very
 * first page (room in English, on-call person in French, both loopback webhooks) already names the
 * patch as the likely cause, in its texts and in the JSON's `likely_cause` and `suspects`. The
 * internal and authority crisis drafts of that incident name it too; the public one does not.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { generateToken, hashToken } from '../../src/api/tokens.js';
import { parseConfigFiles } from '../../src/config/load-config.js';
import type { Crisis } from '../../src/crisis/crisis.types.js';
import { composeDraft } from '../../src/crisis/draft-compose.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';
import { startCaptureServer, type CaptureServer } from '../helpers/capture-server.js';
import { DIALECTS, dialectAvailable } from '../helpers/databases.js';

const token = randomBytes(16).toString('hex');

function configText(room: CaptureServer, pager: CaptureServer): string {
  return `server: { host: 127.0.0.1, port: 0 }
scheduler: { batch: { size: 50, interval: 100ms } }
monitors:
  - id: dc-1
    interval: 1s
    confirmations: { down: 1, up: 1 }
    heartbeat: { token: ${token}, period: 2s, grace: 1s }
channels:
  - { id: room, webhook: { url: "${room.origin}/room" } }
  - { id: alice-pager, webhook: { url: "${pager.origin}/alice" } }
people:
  - { id: alice, name: Alice Martin, language: fr, contacts: [{ channel: alice-pager }] }
escalation_policies:
  - id: directory
    levels: [{ targets: [{ person: alice }] }]
notifications:
  routes:
    - { escalation: directory, channels: [room], group_wait: 0s }
`;
}

interface Body {
  event: string;
  language: string;
  incident: { id: number; likely_cause: { change: number; name: string; text: string } | null; suspects: Array<{ change: number; name: string; text: string }> };
  text: { subject: string; short: string; full: string };
}

for (const dialect of DIALECTS) {
  describe(`suspect changes in notifications (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'suspect changes notification tests');
    if (!available) {
      it.skip('PostgreSQL not reachable', () => {});
      return;
    }
    let db: AppDatabase;
    let app: App;
    let room: CaptureServer;
    let pager: CaptureServer;
    let incidentId = 0;
    const editor = generateToken();

    beforeAll(async () => {
      [room, pager] = await Promise.all([startCaptureServer(), startCaptureServer()]);
      db = appDatabase(dialect);
      const configPath = join(db.dir, 'vigie.yaml');
      writeFileSync(configPath, configText(room, pager));
      app = await startApp({ ...db.appOptions(configPath), watch: false, incidents: { pollMs: 200 }, notifications: { pollMs: 200 } });
      await app.store.tokens.create({ id: 't-wsus', name: 'wsus-pipeline', role: 'editor', tokenHash: hashToken(editor) }, Date.now());
    }, 60_000);

    afterAll(async () => {
      await app?.close();
      await Promise.all([room?.close(), pager?.close()]);
      await db?.cleanup();
    });

    it('names the patch recorded just before the failure as the likely cause in the first page, in English and French', async () => {
      expect((await fetch(`${app.url}/api/v1/push/${token}`)).status).toBe(200);
      await waitFor('dc-1 up', () => app.engine.stateOf('dc-1')?.state === 'up', 20_000);
      const recorded = await fetch(`${app.url}/api/v1/changes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${editor}`, 'content-type': 'application/json' },
        body: JSON.stringify({ summary: 'Patch Tuesday on dc-1', kind: 'patch', external_ref: 'KB5009557', source: 'wsus', targets: { monitors: ['dc-1'] } }),
      });
      expect(recorded.status).toBe(201);
      const change = (await recorded.json()) as { id: number };

      // No more heartbeats: down after period + grace, then an incident and its first page.
      const opened = (sink: CaptureServer) => sink.requests.map((r) => JSON.parse(r.body) as Body).find((b) => b.event === 'opened');
      const [en, fr] = await Promise.all([waitFor('the room told', () => opened(room), 30_000), waitFor('Alice paged', () => opened(pager), 30_000)]);

      expect(en.language).toBe('en');
      expect(en.incident.likely_cause).toEqual({ change: change.id, name: 'KB5009557', text: expect.stringMatching(/^KB5009557 \(patch\) on dc-1, (\d+ s|at the time of the first failure)/) });
      expect(en.incident.suspects.map((s) => s.change)).toEqual([change.id]);
      expect(en.text.short).toContain(' — Likely cause: KB5009557 — ');
      expect(en.text.full).toContain(`\nLikely cause: ${en.incident.likely_cause!.text}\n`);

      expect(fr.language).toBe('fr');
      expect(fr.incident.likely_cause).toMatchObject({ change: change.id, text: expect.stringMatching(/^KB5009557 \(correctif\) sur dc-1, /) });
      expect(fr.text.short).toContain(' — Cause probable : KB5009557 — ');
      expect(fr.text.full).toContain(`\nCause probable : ${fr.incident.likely_cause!.text}\n`);

      // The same suspects are on the incident's timeline, where the recorder noted them before the page went.
      const timeline = await app.store.incidents.timeline(en.incident.id);
      const noted = timeline.find((e) => e.kind === 'change');
      const sent = timeline.find((e) => e.kind === 'notification');
      expect(noted?.text.en).toContain('KB5009557');
      expect(noted!.at).toBeLessThanOrEqual(sent!.at);
      incidentId = en.incident.id;
    });

    it('puts it in the internal and authority crisis drafts, never in the public one', async () => {
      const incident = (await app.store.incidents.get(incidentId))!;
      const now = Date.now();
      const crisis: Crisis = {
        id: 1, cellId: 'directory', kind: 'default', status: 'active', title: { en: 'Directory down', fr: 'Annuaire en panne' }, ruleId: null, activatedBy: 'alice',
        reason: { en: 'by hand', fr: 'à la main' }, primaryIncidentId: incident.id, clusterKey: `incident:${incident.id}`, roles: {}, bridge: null, checklist: [],
        activatedAt: now, activations: 1, lastActivatedAt: now, pagedActivation: 1, deactivatedAt: null, deactivatedBy: null, summary: null, createdAt: now, updatedAt: now,
      };
      const config = parseConfigFiles([{ file: 'vigie.yaml', text: configText(room, pager) }], {});
      const draft = (audience: 'internal' | 'authority' | 'public') => composeDraft(app.store, { crisis, incidents: [incident], audience, stakeholders: [], deadlines: [], config, now });
      const [internal, authority, publicDraft] = await Promise.all([draft('internal'), draft('authority'), draft('public')]);
      expect(internal.texts.en.body).toMatch(/\nLikely cause: KB5009557 \(patch\) on dc-1, .+\nSuspect changes: KB5009557 \(patch\) on dc-1/);
      expect(authority.texts.fr.body).toMatch(/\nCause probable : KB5009557 \(correctif\) sur dc-1, /);
      for (const lang of ['en', 'fr'] as const) expect(`${publicDraft.texts[lang].subject}\n${publicDraft.texts[lang].body}`).not.toContain('KB5009557');
      expect(JSON.stringify(publicDraft.facts)).not.toContain('KB5009557');
    });
  });
}
