import { describe, expect, it } from 'vitest';
import type { Crisis, Deadline } from '../../crisis/crisis.types.js';
import { deadlineState, toCrisisView, toDeadlineView, type CrisisNames } from './crisis-view.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 3, 9, 0);

const deadline = (over: Partial<Deadline> = {}): Deadline => ({
  id: 4, crisisId: 1, key: 'regulator', obligationId: 'regulator', audience: 'authority', stakeholders: ['regulator', 'gone'],
  title: { en: 'Authority notification', fr: 'Notification aux autorités' }, owner: 'communication_lead',
  startsAt: T0, dueAt: T0 + 60 * MIN, metAt: null, metBy: null, missedAt: null, reminders: 0, escalatedAt: null, cancelledAt: null, createdAt: T0, updatedAt: T0,
  ...over,
});

const crisis = (over: Partial<Crisis> = {}): Crisis => ({
  id: 1, cellId: 'telecom', kind: 'default', status: 'active', title: { en: 'Crisis', fr: 'Crise' }, ruleId: null, activatedBy: 'ops', reason: { en: 'r', fr: 'r' },
  primaryIncidentId: 7, clusterKey: 'incident:7', roles: { crisis_lead: ['alice'], technical_lead: ['carol'] }, bridge: null,
  checklist: [{ text: { en: 'Open the bridge', fr: 'Ouvrir le pont' }, doneAt: T0 + MIN, doneBy: 'ops' }, { text: { en: 'Name a scribe', fr: 'Nommer un secrétaire' }, doneAt: null, doneBy: null }],
  activatedAt: T0, activations: 1, lastActivatedAt: T0, pagedActivation: 1, deactivatedAt: null, deactivatedBy: null, summary: null, createdAt: T0, updatedAt: T0,
  ...over,
});

const names: CrisisNames = {
  person: (id) => ({ alice: 'Alice Martin', carol: 'Carol Petit' })[id] ?? id,
  stakeholder: (id) => (id === 'regulator' ? { en: 'National regulator', fr: 'Autorité de régulation' } : null),
  cell: (id) => (id === 'telecom' ? { en: 'Telecom crisis cell', fr: 'Cellule de crise télécom' } : null),
};

describe('deadlineState', () => {
  it('is open until due, then missed', () => {
    expect(deadlineState(deadline(), T0 + 59 * MIN)).toBe('open');
    expect(deadlineState(deadline(), T0 + 60 * MIN)).toBe('open');
    expect(deadlineState(deadline(), T0 + 61 * MIN)).toBe('missed');
    expect(deadlineState(deadline({ missedAt: T0 + 60 * MIN }), T0)).toBe('missed');
  });

  it('is met on time or late, even after it was marked missed', () => {
    expect(deadlineState(deadline({ metAt: T0 + 60 * MIN }), T0 + 90 * MIN)).toBe('met');
    expect(deadlineState(deadline({ metAt: T0 + 75 * MIN, missedAt: T0 + 60 * MIN }), T0 + 90 * MIN)).toBe('met_late');
  });

  it('is cancelled when it stopped mattering unmet', () => {
    expect(deadlineState(deadline({ cancelledAt: T0 + 10 * MIN }), T0 + 90 * MIN)).toBe('cancelled');
  });
});

describe('toDeadlineView', () => {
  it('gives the time left while open, and how late once missed or met late', () => {
    expect(toDeadlineView(deadline(), crisis(), names, T0 + 45 * MIN)).toMatchObject({ state: 'open', dueInMs: 15 * MIN, lateByMs: null, dueAt: '2026-12-03T10:00:00.000Z' });
    expect(toDeadlineView(deadline(), crisis(), names, T0 + 65 * MIN)).toMatchObject({ state: 'missed', dueInMs: null, lateByMs: 5 * MIN });
    expect(toDeadlineView(deadline({ metAt: T0 + 62 * MIN }), crisis(), names, T0 + 90 * MIN)).toMatchObject({ state: 'met_late', dueInMs: null, lateByMs: 2 * MIN });
  });

  it('names the owner (the crisis lead when the role is not held) and the stakeholders', () => {
    const view = toDeadlineView(deadline(), crisis(), names, T0);
    expect(view.owner).toEqual({ role: 'communication_lead', name: { en: 'communication lead', fr: 'responsable communication' }, people: [{ id: 'alice', name: 'Alice Martin' }] });
    expect(view.stakeholders).toEqual([{ id: 'regulator', name: { en: 'National regulator', fr: 'Autorité de régulation' } }, { id: 'gone', name: { en: 'gone', fr: 'gone' } }]);
  });
});

describe('toCrisisView', () => {
  it('lists the roles held in order with names, and the checklist with its index', () => {
    const view = toCrisisView(crisis(), ['alice'], names);
    expect(view.roles.map((r) => [r.role, r.people.map((p) => p.name)])).toEqual([['crisis_lead', ['Alice Martin']], ['technical_lead', ['Carol Petit']]]);
    expect(view.approvers).toEqual([{ id: 'alice', name: 'Alice Martin' }]);
    expect(view.cell).toEqual({ id: 'telecom', name: { en: 'Telecom crisis cell', fr: 'Cellule de crise télécom' } });
    expect(view.checklist.map((i) => [i.index, i.done, i.doneAt])).toEqual([[0, true, '2026-12-03T09:01:00.000Z'], [1, false, null]]);
  });
});
