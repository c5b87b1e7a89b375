import { describe, expect, it } from 'vitest';
import type { Incident, Localized, TimelineEntry } from '../incidents/incident.types.js';
import { diffNotice } from './subscription-diff.js';

const T0 = Date.UTC(2026, 5, 2, 12, 0);
const MIN = 60_000;

const incident = (over: Partial<Incident> = {}): Incident => ({
  id: 12, source: 'auto', status: 'open', severity: 'SEV1', title: { en: 'web-probe-9 down', fr: 'web-probe-9 en panne' }, summary: null,
  serviceId: 'portal', rootCause: null, affected: ['service:portal'], commonMode: false, firstFailureAt: T0 - MIN, openedAt: T0, lastFailureAt: T0,
  recoveredAt: null, acknowledgedAt: null, mitigatedAt: null, resolvedAt: null, reopened: 0, updatedAt: T0, ...over,
});

let nextId = 100;
const entry = (kind: TimelineEntry['kind'], at: number, text: Localized = { en: kind, fr: kind }): TimelineEntry => ({ id: ++nextId, incidentId: 12, at, kind, author: 'ops', text, details: null });

describe('diffNotice', () => {
  it('tells a new open incident once, then nothing while it does not change', () => {
    const first = diffNotice('public', undefined, incident(), [entry('opened', T0)]);
    expect(first.events).toEqual([{ kind: 'opened', key: 'opened-0', at: T0 }]);
    expect(first.next).toEqual({ pageId: 'public', incidentId: 12, cycle: 0, opened: true, lastUpdateId: 0, resolved: false, updatedAt: T0 });
    expect(diffNotice('public', first.next, incident({ updatedAt: T0 + MIN }), [entry('opened', T0)]).events).toEqual([]);
  });

  it('tells each public update once, oldest first, with the status in force when written; internal notes never', () => {
    const opened = diffNotice('public', undefined, incident(), []).next;
    const a = entry('update_public', T0 + MIN, { en: 'Looking into it', fr: 'Nous analysons' });
    const ack = entry('acknowledged', T0 + 2 * MIN);
    const b = entry('update_public', T0 + 3 * MIN, { en: 'Fix coming', fr: 'Correctif en route' });
    const note = entry('update_internal', T0 + 4 * MIN, { en: 'db-7 is down', fr: 'db-7 en panne' });
    const { events, next } = diffNotice('public', opened, incident({ status: 'acknowledged', updatedAt: T0 + 4 * MIN }), [a, ack, b, note]);
    expect(events.map((e) => [e.kind, e.key, e.update?.status])).toEqual([
      ['update', `update-${a.id}`, 'investigating'],
      ['update', `update-${b.id}`, 'identified'],
    ]);
    expect(next.lastUpdateId).toBe(b.id);
    expect(diffNotice('public', next, incident({ updatedAt: T0 + 5 * MIN }), [a, ack, b, note]).events).toEqual([]);
  });

  it('tells the resolution once; an incident first seen resolved gets the resolution only', () => {
    const resolvedIncident = incident({ status: 'resolved', resolvedAt: T0 + 9 * MIN, updatedAt: T0 + 9 * MIN });
    const told = diffNotice('public', diffNotice('public', undefined, incident(), []).next, resolvedIncident, []);
    expect(told.events).toEqual([{ kind: 'resolved', key: 'resolved-0', at: T0 + 9 * MIN }]);
    expect(diffNotice('public', told.next, { ...resolvedIncident, updatedAt: T0 + 10 * MIN }, []).events).toEqual([]);
    const unseen = diffNotice('public', undefined, resolvedIncident, []);
    expect(unseen.events.map((e) => e.kind)).toEqual(['resolved']);
    expect(unseen.next).toMatchObject({ opened: false, resolved: true });
  });

  it('starts a new cycle when the incident reopens: opened again (at the reopening), old updates not repeated', () => {
    const update = entry('update_public', T0 + MIN);
    const before = diffNotice('public', undefined, incident({ status: 'resolved', resolvedAt: T0 + 5 * MIN }), [update]).next;
    const reopening = entry('reopened', T0 + 20 * MIN);
    const { events, next } = diffNotice('public', before, incident({ reopened: 1, updatedAt: T0 + 20 * MIN }), [update, reopening]);
    expect(events).toEqual([{ kind: 'opened', key: 'opened-1', at: T0 + 20 * MIN }]);
    expect(next).toMatchObject({ cycle: 1, opened: true, resolved: false, lastUpdateId: update.id });
  });
});
