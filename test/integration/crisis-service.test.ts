/**
 * The crisis service over a real store (SQLite and PostgreSQL) with a pinned clock: activation by
 * rule and paging through the outbox once per activation; a second incident on the same root
 * cause joins; deactivation cancels repeating updates and keeps authority deadlines; a flare-up
 * re-activates and pages again; reminders at 50 %, 90 % and due, then the overdue alert to the
 * crisis lead, each once; meeting the NIS2 notification moves the final report; approval needs
 * the communication lead and a complete draft.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import type { VigieConfig } from '../../src/config/config.schema.js';
import { CrisisError, CrisisService } from '../../src/crisis/crisis-service.js';
import { addMonths } from '../../src/crisis/deadlines.js';
import { composeDraft } from '../../src/crisis/draft-compose.js';
import { Bus } from '../../src/engine/bus.js';
import { IncidentActions } from '../../src/incidents/incident-actions.js';
import type { IncidentDraft } from '../../src/incidents/incident.types.js';
import { createLogger } from '../../src/logger.js';
import { toNotificationsModel } from '../../src/notifications/notifications-config.js';
import { DIALECTS, dialectAvailable, withStore } from '../helpers/databases.js';

const T0 = Date.UTC(2026, 5, 2, 14, 45);
const MIN = 60_000;

const CONFIG = `people:
  - { id: alice, name: Alice Martin, language: fr, contacts: [{ channel: pager }, { channel: sms, to: "+33600000001" }] }
  - { id: carol, name: Carol Dupont, contacts: [{ channel: pager }] }
  - { id: bob, name: Bob Meyer, contacts: [{ channel: pager }] }
channels:
  - { id: pager, webhook: { url: "http://127.0.0.1:9/pager" } }
  - { id: room, webhook: { url: "http://127.0.0.1:9/room" } }
  - { id: sms, sms: { url: "http://127.0.0.1:9/sms", from: Vigie, content_type: form, body: "To={{to}}&Body={{text}}" } }
  - { id: mail, email: { host: 127.0.0.1, port: 2525, from: vigie@example.org } }
monitors:
  - { id: sbc-1, tcp: { host: 127.0.0.1, port: 9 } }
services:
  - { id: emergency-calls, name: { en: Emergency calls, fr: Appels d'urgence }, criticality: vital, components: [sbc-1] }
stakeholders:
  - { id: regulator, name: Regulator, group: authorities, contacts: [{ channel: mail, to: cert@regulator.example }] }
crisis:
  cells:
    - id: telecom
      name: { en: Telecom crisis cell, fr: Cellule de crise télécom }
      channel: room
      reactivate_within: 1h
      roles: { crisis_lead: [alice], communication_lead: [carol], technical_lead: [bob] }
      checklists: { default: [{ en: Inform the regulator, fr: Informer le régulateur }] }
  rules:
    - { id: sev1, cell: telecom, severity: SEV1 }
  obligations:
    - { id: internal, within: 10m, owner: communication_lead }
    - { id: public, audience: public, within: 30m, every: 30m }
    - { id: nis2, preset: nis2, stakeholders: [regulator], owner: crisis_lead }
`;

for (const dialect of DIALECTS) {
  describe(`crisis service (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'crisis service tests');
    if (!available) {
      it.skip('PostgreSQL not reachable', () => {});
      return;
    }
    const fixture = withStore(dialect);
    let config: VigieConfig;
    let dir: string;
    let now = T0;
    let service: CrisisService;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'vigie-crisis-'));
      writeFileSync(join(dir, 'vigie.yaml'), CONFIG);
      config = (await loadConfig(join(dir, 'vigie.yaml'), {})).config;
      const model = toNotificationsModel(config);
      const clock = () => now;
      service = new CrisisService({
        store: fixture.store,
        log: createLogger('silent'),
        config: () => config,
        model: () => model,
        actions: new IncidentActions(fixture.store, new Bus(), clock),
        compose: (input) => composeDraft(fixture.store, input),
        publicUrl: () => 'http://127.0.0.1:3000',
        now: clock,
      });
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const open = (over: Partial<IncidentDraft> = {}) =>
      fixture.store.incidents.create(
        {
          source: 'auto', status: 'open', severity: 'SEV1', title: { en: 'Emergency calls: major outage', fr: 'Appels d’urgence : panne majeure' }, summary: null,
          serviceId: 'emergency-calls', rootCause: { kind: 'service', id: 'emergency-calls' }, affected: ['service:emergency-calls'], commonMode: true,
          firstFailureAt: now - 3000, openedAt: now, lastFailureAt: now, ...over,
        },
        now,
      );
    const crisisDeliveries = async () => (await fixture.store.deliveries.list({}, 1000)).filter((d) => d.event === 'crisis');
    const keys = async (prefix: string) => (await crisisDeliveries()).map((d) => d.idempotencyKey).filter((k) => k.startsWith(prefix)).sort();
    let incidentId = 0;
    let crisisId = 0;

    it('activates by rule, pages every member on every contact and the room once, and creates the deadlines', async () => {
      const incident = await open();
      incidentId = incident.id;
      await service.step();
      const crisis = (await fixture.store.crises.forIncident(incident.id))!;
      crisisId = crisis.id;
      expect(crisis).toMatchObject({ status: 'active', ruleId: 'sev1', activations: 1, pagedActivation: 1, roles: { crisis_lead: ['alice'], communication_lead: ['carol'], technical_lead: ['bob'] } });
      expect(await keys(`crisis:${crisis.id}:1:`)).toEqual([
        `crisis:${crisis.id}:1:pager:alice:-`,
        `crisis:${crisis.id}:1:pager:bob:-`,
        `crisis:${crisis.id}:1:pager:carol:-`,
        `crisis:${crisis.id}:1:room:-:-`,
        `crisis:${crisis.id}:1:sms:alice:+33600000001`,
      ]);
      const alice = (await crisisDeliveries()).find((d) => d.idempotencyKey.endsWith(':sms:alice:+33600000001'))!;
      expect(alice.language).toBe('fr');
      expect(alice.extra?.crisis?.short).toMatch(/^CRISE ACTIVÉE Telecom crisis cell: .* Votre rôle: directeur de crise\./);
      for (let i = 0; i < 3; i += 1) await service.step();
      expect(await crisisDeliveries()).toHaveLength(5); // paged once
      const deadlines = await fixture.store.crises.deadlines(crisis.id);
      expect(deadlines.map((d) => [d.key, d.dueAt - T0])).toEqual([
        ['internal', 10 * MIN],
        ['public#1', 30 * MIN],
        ['nis2.early_warning', 24 * 60 * MIN],
        ['nis2.notification', 72 * 60 * MIN],
        ['nis2.final_report', addMonths(T0 + 72 * 60 * MIN, 1) - T0],
      ]);
      // A draft is ready for each deadline.
      expect((await fixture.store.crises.drafts(crisis.id)).map((d) => d.audience)).toEqual(['internal', 'public', 'authority', 'authority', 'authority']);
    });

    it('lets a second incident on the same root cause join without a second activation', async () => {
      now += MIN;
      const second = await open({ title: { en: 'Second', fr: 'Second' } });
      await service.step();
      expect((await fixture.store.crises.forIncident(second.id))?.id).toBe(crisisId);
      expect((await fixture.store.crises.incidents(crisisId)).map((l) => l.incidentId)).toEqual([incidentId, second.id]);
      expect(await crisisDeliveries()).toHaveLength(5);
      expect((await fixture.store.crises.list({}, 10))).toHaveLength(1);
    });

    it('reminds the owner at 50 %, 90 % and when due, then tells the crisis lead once when overdue', async () => {
      now = T0 + 5 * MIN;
      await service.step();
      const internal = (await fixture.store.crises.deadlines(crisisId)).find((d) => d.key === 'internal')!;
      expect(await keys(`deadline:${internal.id}:`)).toEqual([`deadline:${internal.id}:r1:pager:carol:-`]);
      now = T0 + 9 * MIN;
      await service.step();
      await service.step();
      now = T0 + 10 * MIN;
      await service.step();
      expect(await keys(`deadline:${internal.id}:`)).toEqual([1, 2, 3].map((n) => `deadline:${internal.id}:r${n}:pager:carol:-`));
      now = T0 + 10 * MIN + 1;
      await service.step();
      await service.step();
      expect(await keys(`deadline:${internal.id}:overdue`)).toEqual([`deadline:${internal.id}:overdue:pager:alice:-`, `deadline:${internal.id}:overdue:sms:alice:+33600000001`]);
      expect(await fixture.store.crises.getDeadline(internal.id)).toMatchObject({ missedAt: internal.dueAt, reminders: 3 });
      const timeline = (await fixture.store.incidents.timeline(incidentId)).filter((e) => e.kind === 'deadline').map((e) => e.text.en);
      expect(timeline).toEqual(['Reminder 1: Internal notice (owner Carol Dupont)', 'Reminder 2: Internal notice (owner Carol Dupont)', 'Reminder 3: Internal notice (owner Carol Dupont)', expect.stringMatching(/^Deadline missed: Internal notice/)]);
    });

    it('needs the communication lead and a complete draft to approve; sending meets the deadline; the NIS2 notification moves the final report', async () => {
      const drafts = await fixture.store.crises.drafts(crisisId);
      const deadlines = await fixture.store.crises.deadlines(crisisId);
      const notification = deadlines.find((d) => d.key === 'nis2.notification')!;
      const draft = drafts.find((d) => d.deadlineId === notification.id)!;
      await expect(service.approveDraft(crisisId, draft.id, { author: 'bob-cli', personId: 'bob' })).rejects.toThrow(new CrisisError('forbidden', `approving a draft needs the communication lead role of crisis #${crisisId}, held by Carol Dupont; Bob Meyer does not hold it`));
      await expect(service.approveDraft(crisisId, draft.id, { author: 'robot' })).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('"robot" is not linked to a person') });
      const withTodos = draft.texts.en.body.includes('[[') || draft.texts.fr.body.includes('[[');
      if (withTodos) await expect(service.approveDraft(crisisId, draft.id, { author: 'carol', personId: 'carol' })).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('parts to complete') });
      const fill = (t: string) => t.replace(/\[\[[^\]]*\]\]/g, 'done');
      await service.editDraft(crisisId, draft.id, { en: { body: fill(draft.texts.en.body), subject: fill(draft.texts.en.subject) }, fr: { body: fill(draft.texts.fr.body), subject: fill(draft.texts.fr.subject) } }, { author: 'carol', personId: 'carol' });
      await expect(service.sendDraft(crisisId, draft.id, { author: 'carol', personId: 'carol' })).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('must be approved') });
      await service.approveDraft(crisisId, draft.id, { author: 'carol', personId: 'carol' });
      now = T0 + 40 * 60 * MIN;
      const sent = await service.sendDraft(crisisId, draft.id, { author: 'carol', personId: 'carol' });
      expect(sent).toMatchObject({ status: 'sent', sentBy: 'carol', approvedBy: 'carol' });
      expect(await keys(`draft:${draft.id}:`)).toEqual([`draft:${draft.id}:regulator:mail:-:cert@regulator.example`]);
      const after = await fixture.store.crises.deadlines(crisisId);
      expect(after.find((d) => d.key === 'nis2.notification')).toMatchObject({ metAt: now, metBy: 'carol' });
      expect(after.find((d) => d.key === 'nis2.final_report')!.dueAt).toBe(addMonths(now, 1));
      await expect(service.sendDraft(crisisId, draft.id, { author: 'carol' })).rejects.toMatchObject({ code: 'conflict' });
    });

    it('deactivates with a summary (repeating updates cancelled, authority deadlines kept), then re-activates on a flare-up and pages again', async () => {
      const summary = { en: 'Restored.', fr: 'Rétabli.' };
      for (const link of await fixture.store.crises.incidents(crisisId)) await fixture.store.incidents.update(link.incidentId, { status: 'resolved', resolvedAt: now }, now);
      const off = await service.deactivate(crisisId, summary, { author: 'alice' });
      expect(off).toMatchObject({ status: 'deactivated', summary, deactivatedBy: 'alice' });
      const deadlines = await fixture.store.crises.deadlines(crisisId);
      expect(deadlines.find((d) => d.key === 'public#1')!.cancelledAt).toBe(now);
      expect(deadlines.find((d) => d.key === 'nis2.final_report')!.cancelledAt).toBeNull();
      expect(await keys(`crisis:${crisisId}:1:off:`)).toHaveLength(5);
      await expect(service.deactivate(crisisId, summary, { author: 'alice' })).rejects.toMatchObject({ code: 'conflict' });
      // The incident fails again 20 minutes later: the same crisis, activation 2, everyone paged again.
      now += 20 * MIN;
      await fixture.store.incidents.update(incidentId, { status: 'open', resolvedAt: null, reopened: 1 }, now);
      await service.step();
      const again = (await fixture.store.crises.get(crisisId))!;
      expect(again).toMatchObject({ status: 'active', activations: 2, pagedActivation: 2, deactivatedAt: null });
      expect(await keys(`crisis:${crisisId}:2:`)).toHaveLength(5);
      expect((await crisisDeliveries()).find((d) => d.idempotencyKey === `crisis:${crisisId}:2:sms:alice:+33600000001`)!.extra?.crisis?.short).toMatch(/^CRISE RÉACTIVÉE/);
      expect((await fixture.store.crises.list({}, 10))).toHaveLength(1);
      // The public updates start again: the next one due 30 min after the flare-up.
      const restarted = (await fixture.store.crises.deadlines(crisisId)).filter((d) => d.obligationId === 'public' && d.cancelledAt === null && d.metAt === null);
      expect(restarted.map((d) => [d.key, d.dueAt - now])).toEqual([['public#2', 30 * MIN]]);
    });

    it('edits only the parts of a draft it is given, and writes times in crisis.time_zone in messages', async () => {
      const [draft] = await fixture.store.crises.drafts(crisisId);
      const edited = await service.editDraft(crisisId, draft!.id, { fr: { body: 'Nouveau texte', subject: undefined } }, { author: 'carol' });
      expect(edited.texts.fr).toEqual({ subject: draft!.texts.fr.subject, body: 'Nouveau texte' });
      expect(edited.texts.en).toEqual(draft!.texts.en);
      const page = (await crisisDeliveries()).find((d) => d.idempotencyKey === `crisis:${crisisId}:2:sms:alice:+33600000001`)!;
      expect(page.extra?.crisis?.full).toContain('(Europe/Paris)');
    });

    it('completes a crisis created just before a crash: deadlines, timeline and pages on the next pass', async () => {
      const incident = await open({ rootCause: { kind: 'monitor', id: 'sbc-1' }, serviceId: null, affected: ['monitor:sbc-1'] });
      // What a crash right after the crisis row was written leaves: no deadlines, nobody paged.
      const orphan = await fixture.store.crises.create(
        { cellId: 'telecom', kind: 'default', title: { en: 'Orphan', fr: 'Orpheline' }, ruleId: 'sev1', activatedBy: 'vigie', reason: { en: 'SEV1 incident', fr: 'incident SEV1' }, primaryIncidentId: incident.id, clusterKey: 'monitor:sbc-1', roles: { crisis_lead: ['alice'], communication_lead: ['carol'] }, bridge: null, checklist: [], activatedAt: now },
        [incident.id],
        now,
      );
      await service.step();
      expect((await fixture.store.crises.deadlines(orphan.id)).map((d) => [d.key, d.dueAt - incident.openedAt])).toEqual([['internal', 10 * MIN], ['public#1', 30 * MIN], ['nis2.early_warning', 24 * 60 * MIN], ['nis2.notification', 72 * 60 * MIN], ['nis2.final_report', expect.any(Number)]]);
      expect(await keys(`crisis:${orphan.id}:1:`)).toHaveLength(4); // alice ×2, carol, the room
      expect((await fixture.store.crises.get(orphan.id))!.pagedActivation).toBe(1);
      expect((await fixture.store.incidents.timeline(incident.id)).some((e) => e.kind === 'crisis' && e.text.en.startsWith('Crisis cell Telecom crisis cell activated by rule sev1'))).toBe(true);
      await fixture.store.crises.updateIf(orphan.id, { activations: 1, status: 'active' }, { status: 'deactivated', deactivatedAt: now }, now);
    });

    it('activates by hand with an incident of its own, and refuses an unknown cell', async () => {
      await expect(service.activate({ cellId: 'telecon' }, { author: 'alice' })).rejects.toMatchObject({ code: 'invalid', message: 'unknown crisis cell "telecon"; configured: telecom' });
      const crisis = await service.activate({ cellId: 'telecom', title: { en: 'Flood in the data centre', fr: 'Inondation du centre de données' }, reason: 'water in room B' }, { author: 'alice' });
      expect(crisis).toMatchObject({ status: 'active', ruleId: null, activatedBy: 'alice', reason: { en: 'activated by alice: water in room B' } });
      const incident = (await fixture.store.incidents.get(crisis.primaryIncidentId!))!;
      expect(incident).toMatchObject({ source: 'manual', severity: 'SEV1', title: { en: 'Flood in the data centre' } });
      await service.step(); // the SEV1 manual incident is already in its crisis: no second one
      expect((await fixture.store.crises.list({ status: 'active' }, 10)).map((c) => c.id).sort()).toEqual([crisisId, crisis.id].sort());
    });
  });
}
