import { describe, expect, it } from 'vitest';
import type { Incident, TimelineEntry } from '../incidents/incident.types.js';
import { diffIncident } from './incident-diff.js';

const base: Incident = {
  id: 7, source: 'auto', status: 'open', severity: 'SEV3', title: { en: 't', fr: 't' }, summary: null, serviceId: 'calls', rootCause: null, affected: [],
  commonMode: false, firstFailureAt: 0, openedAt: 0, lastFailureAt: 0, recoveredAt: null, acknowledgedAt: null, mitigatedAt: null, resolvedAt: null, reopened: 0, updatedAt: 0,
};
const entry = (id: number, kind: TimelineEntry['kind'], author: string | null = 'vigie', text = { en: 'x', fr: 'x' }): TimelineEntry => ({ id, incidentId: 7, at: id, kind, author, text, details: null });

describe('diffIncident', () => {
  it('tells a new incident once as opened, whatever its timeline holds', () => {
    const { events, next } = diffIncident(undefined, base, [entry(1, 'first_failure'), entry(2, 'opened')]);
    expect(events).toEqual([{ event: 'opened', seq: 'r0' }]);
    expect(next).toMatchObject({ status: 'open', severity: 'SEV3', lastUpdateId: 2 });
    expect(diffIncident(next, base, [entry(1, 'first_failure'), entry(2, 'opened')]).events).toEqual([]);
  });

  it('tells a raised severity, a common-mode failure, updates and the acknowledgement with its author', () => {
    const told = diffIncident(undefined, base, [entry(1, 'opened')]).next;
    const now = { ...base, severity: 'SEV1' as const, commonMode: true, status: 'acknowledged' as const };
    const { events } = diffIncident(told, now, [entry(1, 'opened'), entry(3, 'acknowledged', 'alice'), entry(4, 'update_public', 'bob', { en: 'Rerouting calls', fr: 'Appels réacheminés' })]);
    expect(events).toEqual([
      { event: 'severity_raised', seq: 'r0-SEV1' },
      { event: 'common_mode', seq: 'r0' },
      { event: 'acknowledged', seq: 'r0-3', extra: { author: 'alice' } },
      { event: 'updated', seq: '4', extra: { author: 'bob', update: 'Rerouting calls / Appels réacheminés' } },
    ]);
    expect(diffIncident(told, { ...base, severity: 'SEV4' }, []).events).toEqual([]); // lowered: nobody is woken for that
  });

  it('tells the resolution once, and a reopening as a new round', () => {
    const told = diffIncident(undefined, base, []).next;
    const resolved = diffIncident(told, { ...base, status: 'resolved' }, [entry(5, 'resolved')]);
    expect(resolved.events).toEqual([{ event: 'resolved', seq: 'r0' }]);
    expect(diffIncident(resolved.next, { ...base, status: 'resolved' }, []).events).toEqual([]);
    const reopened = diffIncident(resolved.next, { ...base, status: 'open', reopened: 1 }, [entry(6, 'reopened')]);
    expect(reopened.events).toEqual([{ event: 'reopened', seq: 'r1' }]);
    const again = diffIncident(reopened.next, { ...base, status: 'acknowledged', reopened: 1 }, [entry(7, 'acknowledged', 'carol')]);
    expect(again.events).toEqual([{ event: 'acknowledged', seq: 'r1-7', extra: { author: 'carol' } }]);
  });

  it('tells nothing for an incident first seen already resolved (opened and closed between two looks)', () => {
    expect(diffIncident(undefined, { ...base, status: 'resolved' }, []).events).toEqual([]);
  });
});
