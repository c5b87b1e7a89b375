/** The crises repository (crises, their incidents, deadlines and drafts) and migration 0007 on both dialects. */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { CommunicationDraftInput, CrisisDraft, DeadlineDraft } from '../../src/crisis/crisis.types.js';
import type { IncidentDraft } from '../../src/incidents/incident.types.js';
import { crisesMigration } from '../../src/storage/migrations/0007-crises.js';
import { postgresSql } from '../../src/storage/postgres/postgres-sql.js';
import { sqliteSql } from '../../src/storage/sqlite/sqlite-sql.js';
import type { Store } from '../../src/storage/store.js';
import { DIALECTS, dialectAvailable, withStore } from '../helpers/databases.js';

const T0 = Date.UTC(2026, 10, 23, 16, 0);
const MIN = 60_000;

let serial = 0;
/** A key no other test of the file uses (the tests of a dialect share one database). */
const unique = (prefix: string) => `${prefix}-${++serial}`;

function incident(store: Store, overrides: Partial<IncidentDraft> = {}) {
  return store.incidents.create(
    {
      source: 'auto', status: 'open', severity: 'SEV1', title: { en: 'Emergency calls: major outage', fr: 'Appels d’urgence : panne majeure' },
      summary: null, serviceId: 'emergency-calls', rootCause: { kind: 'service', id: 'emergency-calls' }, affected: ['service:emergency-calls'],
      commonMode: false, firstFailureAt: T0 - 3000, openedAt: T0, lastFailureAt: T0, ...overrides,
    },
    T0,
  );
}

const crisisDraft = (over: Partial<CrisisDraft> = {}): CrisisDraft => ({
  cellId: 'telecom', kind: 'outage', title: { en: 'Emergency calls unavailable', fr: 'Appels d’urgence indisponibles' }, ruleId: 'sev1-emergency',
  activatedBy: 'vigie', reason: { en: 'SEV1 incident #12', fr: 'Incident SEV1 n° 12 — déclenché' }, primaryIncidentId: null, clusterKey: unique('service:emergency-calls'),
  roles: { crisis_lead: ['alice'], communication_lead: ['bérénice', 'chloé'] }, bridge: 'https://bridge.example.test/crise',
  checklist: [
    { text: { en: 'Open the bridge', fr: 'Ouvrir le pont téléphonique' }, doneAt: null, doneBy: null },
    { text: { en: 'Notify the regulator', fr: 'Prévenir l’autorité de régulation' }, doneAt: T0 + MIN, doneBy: 'éloïse' },
  ],
  activatedAt: T0, ...over,
});

const deadline = (key: string, dueAt: number, over: Partial<DeadlineDraft> = {}): DeadlineDraft => ({
  key, obligationId: key.split('#')[0]!.split('.')[0]!, audience: 'authority', stakeholders: ['arcep', 'anssi'],
  title: { en: 'Early warning to the regulator', fr: 'Alerte précoce à l’autorité' }, owner: 'authority_liaison', startsAt: T0, dueAt, ...over,
});

const texts = { en: { subject: 'Service disruption', body: 'Emergency calls are unavailable.' }, fr: { subject: 'Perturbation du service', body: 'Les appels d’urgence sont indisponibles ; équipes mobilisées.' } };

const draftInput = (crisisId: number, over: Partial<CommunicationDraftInput> = {}): CommunicationDraftInput => ({
  crisisId, deadlineId: null, audience: 'public', stakeholders: [], texts, facts: { impact: { subscribers: 120_000, regions: ['Île-de-France', 'Bretagne'] }, services: ['emergency-calls'], ratio: 0.25, none: null }, ...over,
});

for (const dialect of DIALECTS) {
  describe(`crises storage (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'crises storage contract tests');
    if (!available) {
      it.skip('PostgreSQL not reachable', () => {});
      return;
    }
    const fixture = withStore(dialect);

    it('creates an active crisis linked to its incidents and finds it by id, incident and cluster key', async () => {
      const { store } = fixture;
      const [a, b] = [await incident(store), await incident(store)];
      const draft = crisisDraft({ primaryIncidentId: a.id });
      const crisis = await store.crises.create(draft, [a.id, b.id], T0 + 5);
      expect(crisis).toEqual({
        ...draft, id: crisis.id, status: 'active', activations: 1, lastActivatedAt: T0, pagedActivation: 0,
        deactivatedAt: null, deactivatedBy: null, summary: null, createdAt: T0 + 5, updatedAt: T0 + 5,
      });
      expect(await store.crises.get(crisis.id)).toEqual(crisis);
      expect(await store.crises.get(crisis.id + 10_000)).toBeUndefined();
      expect(await store.crises.forIncident(b.id)).toEqual(crisis);
      expect(await store.crises.forIncident((await incident(store)).id)).toBeUndefined();
      expect(await store.crises.byClusterKey('telecom', draft.clusterKey)).toEqual(crisis);
      expect(await store.crises.byClusterKey('other-cell', draft.clusterKey)).toBeUndefined();
      expect(await store.crises.incidents(crisis.id)).toEqual([
        { crisisId: crisis.id, incidentId: a.id, joinedAt: T0 + 5 },
        { crisisId: crisis.id, incidentId: b.id, joinedAt: T0 + 5 },
      ]);
    });

    it('finds the newest crisis of a cluster key, active or not, and lists newest first by status', async () => {
      const { store } = fixture;
      const clusterKey = unique('service:core');
      const old = await store.crises.create(crisisDraft({ clusterKey, cellId: 'lists' }), [], T0);
      await store.crises.update(old.id, { status: 'deactivated', deactivatedAt: T0 + MIN, deactivatedBy: 'alice' }, T0 + MIN);
      const newer = await store.crises.create(crisisDraft({ clusterKey, cellId: 'lists' }), [], T0 + 2 * MIN);
      const deactivated = await store.crises.update(newer.id, { status: 'deactivated', deactivatedAt: T0 + 3 * MIN, deactivatedBy: 'vigie' }, T0 + 3 * MIN);
      expect(await store.crises.byClusterKey('lists', clusterKey)).toEqual(deactivated);
      const active = await store.crises.create(crisisDraft({ cellId: 'lists' }), [], T0 + 4 * MIN);

      const all = (await store.crises.list({}, 1000)).filter((c) => c.cellId === 'lists').map((c) => c.id);
      expect(all).toEqual([active.id, newer.id, old.id]);
      const activeOnes = await store.crises.list({ status: 'active' }, 1000);
      expect(activeOnes.every((c) => c.status === 'active')).toBe(true);
      expect(activeOnes.map((c) => c.id)).toContain(active.id);
      expect((await store.crises.list({ status: 'deactivated' }, 1000)).filter((c) => c.cellId === 'lists').map((c) => c.id)).toEqual([newer.id, old.id]);
      expect(await store.crises.list({}, 1)).toHaveLength(1);
    });

    it('links an incident to one crisis only: a second link, to the same crisis or another, returns false', async () => {
      const { store } = fixture;
      const [a, b, c] = [await incident(store), await incident(store), await incident(store)];
      const first = await store.crises.create(crisisDraft(), [a.id], T0);
      const second = await store.crises.create(crisisDraft(), [], T0);
      expect(await store.crises.link(first.id, a.id, T0 + 1)).toBe(false);
      expect(await store.crises.link(second.id, a.id, T0 + 1)).toBe(false);
      expect(await store.crises.link(first.id, c.id, T0 + 30)).toBe(true);
      expect(await store.crises.link(first.id, b.id, T0 + 20)).toBe(true);
      expect(await store.crises.link(second.id, b.id, T0 + 40)).toBe(false);
      expect((await store.crises.incidents(first.id)).map((l) => [l.incidentId, l.joinedAt])).toEqual([[a.id, T0], [b.id, T0 + 20], [c.id, T0 + 30]]);
      expect(await store.crises.incidents(second.id)).toEqual([]);
      expect((await store.crises.forIncident(b.id))?.id).toBe(first.id);
      // Creating a crisis with an incident already linked elsewhere leaves that incident where it is.
      const third = await store.crises.create(crisisDraft(), [a.id], T0 + 50);
      expect(await store.crises.incidents(third.id)).toEqual([]);
      expect((await store.crises.forIncident(a.id))?.id).toBe(first.id);
      // Two writers linking the same incident to two crises: one wins.
      const d = await incident(store);
      const other = await fixture.openAnother();
      const results = await Promise.all([store.crises.link(first.id, d.id, T0 + 60), other.crises.link(second.id, d.id, T0 + 60)]);
      expect(results.sort()).toEqual([false, true]);
    });

    it('updates a crisis; updateIf changes it only while its activations and status are as expected', async () => {
      const { store } = fixture;
      const crisis = await store.crises.create(crisisDraft(), [], T0);
      expect(await store.crises.update(crisis.id + 10_000, { pagedActivation: 1 }, T0)).toBeUndefined();
      const paged = await store.crises.update(crisis.id, { pagedActivation: 1, roles: { crisis_lead: ['bob'], scribe: ['zoé'] } }, T0 + 1);
      expect(paged).toEqual({ ...crisis, pagedActivation: 1, roles: { crisis_lead: ['bob'], scribe: ['zoé'] }, updatedAt: T0 + 1 });

      const stale = await store.crises.updateIf(crisis.id, { activations: 2, status: 'active' }, { status: 'deactivated', deactivatedAt: T0 + 2 }, T0 + 2);
      expect(stale).toBeUndefined();
      expect(await store.crises.updateIf(crisis.id, { activations: 1, status: 'deactivated' }, { activations: 2 }, T0 + 2)).toBeUndefined();
      expect(await store.crises.get(crisis.id)).toEqual(paged);

      const summary = { en: 'Restored after 42 min', fr: 'Rétabli après 42 min — cause : défaut d’alimentation' };
      const done = await store.crises.updateIf(crisis.id, { activations: 1, status: 'active' }, { status: 'deactivated', deactivatedAt: T0 + 3, deactivatedBy: 'alice', summary }, T0 + 3);
      expect(done).toMatchObject({ status: 'deactivated', activations: 1, deactivatedAt: T0 + 3, deactivatedBy: 'alice', summary, updatedAt: T0 + 3 });
      expect(await store.crises.get(crisis.id)).toEqual(done);
      const cleared = await store.crises.update(crisis.id, { summary: null, primaryIncidentId: null }, T0 + 4);
      expect(cleared?.summary).toBeNull();
    });

    it('lets one of two writers re-activate a crisis with the same expectation (two store instances)', async () => {
      const { store } = fixture;
      const crisis = await store.crises.create(crisisDraft(), [], T0);
      await store.crises.update(crisis.id, { status: 'deactivated', deactivatedAt: T0 + MIN, deactivatedBy: 'vigie' }, T0 + MIN);
      const other = await fixture.openAnother();
      const reactivate = { status: 'active', activations: 2, lastActivatedAt: T0 + 2 * MIN, deactivatedAt: null, deactivatedBy: null } as const;
      const results = await Promise.all([
        store.crises.updateIf(crisis.id, { activations: 1, status: 'deactivated' }, reactivate, T0 + 2 * MIN),
        other.crises.updateIf(crisis.id, { activations: 1, status: 'deactivated' }, reactivate, T0 + 2 * MIN),
      ]);
      expect(results.filter((r) => r !== undefined)).toHaveLength(1);
      expect(await store.crises.get(crisis.id)).toMatchObject({ status: 'active', activations: 2, lastActivatedAt: T0 + 2 * MIN, activatedAt: T0, deactivatedAt: null });
    });

    it('adds deadlines once per key within a crisis, lists them by due time, and updates them', async () => {
      const { store } = fixture;
      const crisis = await store.crises.create(crisisDraft(), [], T0);
      const other = await store.crises.create(crisisDraft(), [], T0);
      const drafts = [deadline('nis2.notification', T0 + 72 * 60 * MIN), deadline('nis2.early_warning', T0 + 24 * 60 * MIN), deadline('public-updates#1', T0 + 30 * MIN, { audience: 'public', stakeholders: [], owner: 'communication_lead' })];
      expect(await store.crises.addDeadlines(crisis.id, drafts, T0)).toBe(3);
      expect(await store.crises.addDeadlines(crisis.id, [deadline('nis2.early_warning', T0 + MIN), deadline('public-updates#2', T0 + 90 * MIN)], T0 + 1)).toBe(1);
      expect(await store.crises.addDeadlines(crisis.id, [], T0 + 2)).toBe(0);
      expect(await store.crises.addDeadlines(other.id, [deadline('nis2.early_warning', T0 + 24 * 60 * MIN)], T0)).toBe(1);

      const listed = await store.crises.deadlines(crisis.id);
      expect(listed.map((d) => d.key)).toEqual(['public-updates#1', 'public-updates#2', 'nis2.early_warning', 'nis2.notification']);
      const early = listed[2]!;
      expect(early).toEqual({
        ...deadline('nis2.early_warning', T0 + 24 * 60 * MIN), id: early.id, crisisId: crisis.id, metAt: null, metBy: null, missedAt: null,
        reminders: 0, escalatedAt: null, cancelledAt: null, createdAt: T0, updatedAt: T0,
      });
      expect(await store.crises.getDeadline(early.id)).toEqual(early);
      expect(await store.crises.getDeadline(early.id + 10_000)).toBeUndefined();

      const updated = await store.crises.updateDeadline(early.id, { reminders: 2, missedAt: T0 + 24 * 60 * MIN, escalatedAt: T0 + 25 * 60 * MIN, dueAt: T0 + 26 * 60 * MIN }, T0 + 25 * 60 * MIN);
      expect(updated).toEqual({ ...early, reminders: 2, missedAt: T0 + 24 * 60 * MIN, escalatedAt: T0 + 25 * 60 * MIN, dueAt: T0 + 26 * 60 * MIN, updatedAt: T0 + 25 * 60 * MIN });
      expect(await store.crises.updateDeadline(early.id + 10_000, { reminders: 1 }, T0)).toBeUndefined();
    });

    it('lists open deadlines of every crisis by due time, without the met or cancelled ones', async () => {
      const { store } = fixture;
      const a = await store.crises.create(crisisDraft(), [], T0);
      const b = await store.crises.create(crisisDraft(), [], T0);
      // Far in the future, so deadlines of the other tests (all due earlier) sort before these.
      const far = T0 + 10 * 365 * 24 * 60 * MIN;
      await store.crises.addDeadlines(a.id, [deadline('x.met', far + 1), deadline('x.late', far + 5), deadline('x.cancelled', far + 2)], T0);
      await store.crises.addDeadlines(b.id, [deadline('y.soon', far + 3), deadline('y.first', far)], T0);
      const byKey = async (crisisId: number, key: string) => (await store.crises.deadlines(crisisId)).find((d) => d.key === key)!;
      await store.crises.updateDeadline((await byKey(a.id, 'x.met')).id, { metAt: T0 + MIN, metBy: 'bob' }, T0 + MIN);
      await store.crises.updateDeadline((await byKey(a.id, 'x.cancelled')).id, { cancelledAt: T0 + MIN }, T0 + MIN);
      // Missed but not met: still open (it may be met late).
      await store.crises.updateDeadline((await byKey(a.id, 'x.late')).id, { missedAt: far + 5 }, far + 5);

      const open = (await store.crises.openDeadlines()).filter((d) => d.crisisId === a.id || d.crisisId === b.id);
      expect(open.map((d) => d.key)).toEqual(['y.first', 'y.soon', 'x.late']);
      const all = await store.crises.openDeadlines();
      expect(all.every((d) => d.metAt === null && d.cancelledAt === null)).toBe(true);
      expect(all.map((d) => d.dueAt)).toEqual([...all.map((d) => d.dueAt)].sort((x, y) => x - y));
    });

    it('keeps drafts oldest first; status changes only from the expected statuses, one approval of two wins', async () => {
      const { store } = fixture;
      const crisis = await store.crises.create(crisisDraft(), [], T0);
      await store.crises.addDeadlines(crisis.id, [deadline('public-updates#1', T0 + 30 * MIN, { audience: 'public', stakeholders: [] })], T0);
      const [due] = await store.crises.deadlines(crisis.id);
      const first = await store.crises.createDraft(draftInput(crisis.id, { deadlineId: due!.id, editedBy: 'bérénice' }), T0 + 1);
      const second = await store.crises.createDraft(draftInput(crisis.id, { audience: 'authority', stakeholders: ['arcep'] }), T0 + 2);
      expect(first).toEqual({
        ...draftInput(crisis.id, { deadlineId: due!.id }), id: first.id, status: 'draft', createdAt: T0 + 1, updatedAt: T0 + 1,
        editedBy: 'bérénice', approvedBy: null, approvedAt: null, sentBy: null, sentAt: null,
      });
      expect(second.editedBy).toBeNull();
      expect(await store.crises.getDraft(first.id)).toEqual(first);
      expect(await store.crises.getDraft(first.id + 10_000)).toBeUndefined();
      expect((await store.crises.drafts(crisis.id)).map((d) => d.id)).toEqual([first.id, second.id]);

      const edited = { ...texts, fr: { subject: 'Mise à jour n° 2', body: 'Service rétabli à 17 h 05 ; surveillance renforcée.' } };
      const refilled = { impact: { lost: 11_800 }, services: ['emergency-calls'] };
      const after = await store.crises.updateDraft(first.id, ['draft'], { texts: edited, facts: refilled, editedBy: 'chloé' }, T0 + 3);
      expect(after).toEqual({ ...first, texts: edited, facts: refilled, editedBy: 'chloé', updatedAt: T0 + 3 });
      expect(await store.crises.updateDraft(first.id, ['approved'], { status: 'sent', sentBy: 'alice', sentAt: T0 + 4 }, T0 + 4)).toBeUndefined();
      expect(await store.crises.updateDraft(first.id, [], { status: 'sent' }, T0 + 4)).toBeUndefined();

      const other = await fixture.openAnother();
      const approvals = await Promise.all([
        store.crises.updateDraft(first.id, ['draft'], { status: 'approved', approvedBy: 'alice', approvedAt: T0 + 5 }, T0 + 5),
        other.crises.updateDraft(first.id, ['draft'], { status: 'approved', approvedBy: 'bob', approvedAt: T0 + 5 }, T0 + 5),
      ]);
      const won = approvals.filter((d) => d !== undefined);
      expect(won).toHaveLength(1);
      expect(await store.crises.getDraft(first.id)).toEqual(won[0]);
      expect(await store.crises.updateDraft(first.id, ['draft'], { texts }, T0 + 6)).toBeUndefined();
      const sent = await store.crises.updateDraft(first.id, ['approved'], { status: 'sent', sentBy: 'alice', sentAt: T0 + 7 }, T0 + 7);
      expect(sent).toMatchObject({ status: 'sent', sentBy: 'alice', sentAt: T0 + 7, approvedBy: won[0]!.approvedBy, texts: edited });
      expect(await store.crises.updateDraft(second.id, ['draft', 'approved'], { status: 'approved', approvedBy: 'alice', approvedAt: T0 + 8 }, T0 + 8)).toMatchObject({ status: 'approved' });
    });

    it('cascades from a crisis to its links, deadlines and drafts, and from an incident to its link only', async () => {
      const { store } = fixture;
      const [a, b] = [await incident(store), await incident(store)];
      const doomed = await store.crises.create(crisisDraft({ primaryIncidentId: a.id }), [a.id], T0);
      const kept = await store.crises.create(crisisDraft({ primaryIncidentId: b.id }), [b.id], T0);
      await store.crises.addDeadlines(doomed.id, [deadline('gone.one', T0 + MIN)], T0);
      await store.crises.addDeadlines(kept.id, [deadline('kept.one', T0 + MIN)], T0);
      const [keptDeadline] = await store.crises.deadlines(kept.id);
      const gone = await store.crises.createDraft(draftInput(doomed.id), T0);
      const keptDraft = await store.crises.createDraft(draftInput(kept.id, { deadlineId: keptDeadline!.id }), T0);

      await sql`delete from crises where id = ${doomed.id}`.execute(store.db);
      expect(await store.crises.get(doomed.id)).toBeUndefined();
      expect(await store.crises.forIncident(a.id)).toBeUndefined();
      expect(await store.crises.deadlines(doomed.id)).toEqual([]);
      expect(await store.crises.getDraft(gone.id)).toBeUndefined();
      expect(await store.incidents.get(a.id)).toBeDefined();
      expect(await store.crises.getDraft(keptDraft.id)).toEqual(keptDraft);

      await sql`delete from crisis_deadlines where id = ${keptDeadline!.id}`.execute(store.db);
      expect(await store.crises.getDraft(keptDraft.id)).toEqual({ ...keptDraft, deadlineId: null });

      await sql`delete from incidents where id = ${b.id}`.execute(store.db);
      expect(await store.crises.get(kept.id)).toEqual({ ...kept, primaryIncidentId: null });
      expect(await store.crises.incidents(kept.id)).toEqual([]);
    });

    it('says which column of which row is corrupt when a JSON column or a status was edited by hand', async () => {
      const { store } = fixture;
      const crisis = await store.crises.create(crisisDraft(), [], T0);
      await sql`update crises set roles = ${'{"crisis_lead":"alice"}'} where id = ${crisis.id}`.execute(store.db);
      await expect(store.crises.get(crisis.id)).rejects.toThrow(`The roles column of crises row ${crisis.id} does not have the expected shape (crisis_lead: `);
      await sql`update crises set roles = ${'{}'}, status = ${'paused'} where id = ${crisis.id}`.execute(store.db);
      await expect(store.crises.get(crisis.id)).rejects.toThrow(`The status column of crises row ${crisis.id} holds "paused", which is not a known value (active, deactivated).`);
      await sql`delete from crises where id = ${crisis.id}`.execute(store.db);
    });

    describe('migration 0007', () => {
      const own = withStore(dialect);
      const dialectSql = dialect === 'postgres' ? postgresSql : sqliteSql(':memory:');

      it('drops only the crisis tables going down, and creates them again going up', async () => {
        const { store } = own;
        const kept = await incident(store);
        const crisis = await store.crises.create(crisisDraft({ primaryIncidentId: kept.id }), [kept.id], T0);
        await store.crises.addDeadlines(crisis.id, [deadline('a.b', T0 + MIN)], T0);
        await store.crises.createDraft(draftInput(crisis.id), T0);
        await store.deliveries.enqueue([{ idempotencyKey: unique('k'), incidentId: kept.id, event: 'opened', channelId: 'sms', personId: 'alice', address: '+33600000001', language: 'fr', page: true, extra: null, notBefore: T0 }], T0);

        await crisesMigration.down(store.db, dialectSql);
        await expect(store.crises.get(crisis.id)).rejects.toThrow(/crises/);
        expect(await store.incidents.get(kept.id)).toMatchObject({ id: kept.id });
        expect(await store.deliveries.list({ incidentId: kept.id }, 10)).toHaveLength(1);

        await crisesMigration.up(store.db, dialectSql);
        expect(await store.crises.forIncident(kept.id)).toBeUndefined();
        const again = await store.crises.create(crisisDraft(), [kept.id], T0);
        expect(await store.crises.incidents(again.id)).toEqual([{ crisisId: again.id, incidentId: kept.id, joinedAt: T0 }]);
      });
    });
  });
}
