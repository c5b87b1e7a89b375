import { describe, expect, it } from 'vitest';
import type { Incident, TimelineEntry } from '../incidents/incident.types.js';
import { publicImpact, publicStatus, publicTitle, publicUpdates, toPublicIncident, worseFailure, worstServiceStateDuring } from './public-incident.js';

const MIN = 60_000;
const T0 = Date.parse('2026-06-02T14:45:00Z');

function incident(over: Partial<Incident> = {}): Incident {
  return {
    id: 7, source: 'auto', status: 'open', severity: 'SEV1',
    title: { en: 'call-server-3 (10.0.0.3): connection refused', fr: 'call-server-3 (10.0.0.3) : connexion refusée' },
    summary: null, serviceId: 'emergency-calls', rootCause: { kind: 'service', id: 'emergency-calls' }, affected: ['service:emergency-calls'],
    commonMode: false, firstFailureAt: T0 - 2 * MIN, openedAt: T0, lastFailureAt: T0, recoveredAt: null, acknowledgedAt: null, mitigatedAt: null, resolvedAt: null,
    reopened: 0, updatedAt: T0, ...over,
  };
}

let nextId = 1;
function entry(kind: TimelineEntry['kind'], at: number, en: string = kind, fr: string = en): TimelineEntry {
  return { id: nextId++, incidentId: 7, at, kind, author: 'carol', text: { en, fr }, details: null };
}

const calls = { id: 'c1', name: { en: 'Emergency calls', fr: 'Appels d’urgence' }, worst: 'major_outage' as const };

describe('statuses and impacts', () => {
  it('maps the lifecycle and the severities to Statuspage words', () => {
    expect(['open', 'acknowledged', 'mitigated', 'resolved'].map((s) => publicStatus(s as never))).toEqual(['investigating', 'identified', 'monitoring', 'resolved']);
    expect(['SEV1', 'SEV2', 'SEV3', 'SEV4'].map((s) => publicImpact(s as never))).toEqual(['critical', 'major', 'minor', 'none']);
  });
});

describe('publicTitle', () => {
  it('names the components and the state they reached, worst first, in both languages', () => {
    expect(publicTitle([{ name: calls.name, state: 'major_outage' }])).toEqual({ en: 'Emergency calls: major outage', fr: 'Appels d’urgence : panne majeure' });
    const title = publicTitle([
      { name: { en: 'Website', fr: 'Site web' }, state: 'degraded_performance' },
      { name: calls.name, state: 'major_outage' },
      { name: { en: 'Mail', fr: 'Messagerie' }, state: 'major_outage' },
    ]);
    expect(title.en).toBe('Emergency calls and Mail: major outage; Website: degraded performance');
    expect(title.fr).toBe('Appels d’urgence et Messagerie : panne majeure ; Site web : performances dégradées');
  });

  it('shortens long lists and has a neutral title when no component is named', () => {
    const names = ['A', 'B', 'C', 'D', 'E', 'F'].map((n) => ({ name: { en: n, fr: n }, state: 'partial_outage' as const }));
    expect(publicTitle(names)).toEqual({ en: 'A, B, C and 3 more: partial outage', fr: 'A, B, C et 3 autres : panne partielle' });
    expect(publicTitle([]).en).toBe('Service disruption');
  });
});

describe('publicUpdates', () => {
  it('keeps only public updates, newest first, with the status in force when each was written', () => {
    const entries = [
      entry('update_internal', T0 + 1 * MIN, 'restart call-server-3 on 10.0.0.3'),
      entry('update_public', T0 + 2 * MIN, 'We are investigating'),
      entry('acknowledged', T0 + 3 * MIN),
      entry('update_public', T0 + 4 * MIN, 'Cause found'),
      entry('mitigated', T0 + 5 * MIN),
      entry('update_public', T0 + 6 * MIN, 'Calls are routed again'),
      entry('resolved', T0 + 7 * MIN),
      entry('reopened', T0 + 8 * MIN),
      entry('update_public', T0 + 9 * MIN, 'It failed again'),
    ];
    expect(publicUpdates(entries).map((u) => [u.text.en, u.status])).toEqual([
      ['It failed again', 'investigating'],
      ['Calls are routed again', 'monitoring'],
      ['Cause found', 'identified'],
      ['We are investigating', 'investigating'],
    ]);
  });
});

describe('toPublicIncident', () => {
  const opts = { showDetails: false, updateIntervalMs: 60 * MIN, now: T0 + 30 * MIN };

  it('replaces the internal title (hosts, monitor names) by component names and state words', () => {
    const p = toPublicIncident(incident(), [], [calls], opts);
    expect(p.title).toEqual({ en: 'Emergency calls: major outage', fr: 'Appels d’urgence : panne majeure' });
    expect(JSON.stringify(p)).not.toContain('10.0.0.3');
    expect(JSON.stringify(p)).not.toContain('call-server');
    expect(p).toMatchObject({ status: 'investigating', impact: 'critical', startedAt: T0 - 2 * MIN, createdAt: T0, componentIds: ['c1'], resolvedAt: null });
  });

  it('keeps the internal title when the page shows details', () => {
    expect(toPublicIncident(incident(), [], [calls], { ...opts, showDetails: true }).title.en).toContain('call-server-3');
  });

  it('takes the state word from the impact when nothing recorded says', () => {
    expect(toPublicIncident(incident({ severity: 'SEV2' }), [], [{ ...calls, worst: null }], opts).title.en).toBe('Emergency calls: partial outage');
  });

  it('marks an open incident overdue once the interval passes without a public update, counted from the last one', () => {
    expect(toPublicIncident(incident(), [], [calls], opts).updateOverdue).toBe(false);
    expect(toPublicIncident(incident(), [], [calls], { ...opts, now: T0 + 61 * MIN }).updateOverdue).toBe(true);
    const updated = toPublicIncident(incident(), [entry('update_public', T0 + 50 * MIN)], [calls], { ...opts, now: T0 + 61 * MIN });
    expect(updated).toMatchObject({ updateOverdue: false, lastUpdateAt: T0 + 50 * MIN, updatedAt: T0 + 50 * MIN });
    const internalOnly = toPublicIncident(incident(), [entry('update_internal', T0 + 50 * MIN)], [calls], { ...opts, now: T0 + 61 * MIN });
    expect(internalOnly).toMatchObject({ updateOverdue: true, lastUpdateAt: null, updates: [] });
  });

  it('is never overdue once resolved, and carries the times of each step', () => {
    const resolved = incident({ status: 'resolved', acknowledgedAt: T0 + 5 * MIN, mitigatedAt: T0 + 10 * MIN, resolvedAt: T0 + 20 * MIN });
    expect(toPublicIncident(resolved, [], [calls], { ...opts, now: T0 + 600 * MIN })).toMatchObject({
      status: 'resolved', updateOverdue: false, identifiedAt: T0 + 5 * MIN, monitoringAt: T0 + 10 * MIN, resolvedAt: T0 + 20 * MIN, updatedAt: T0 + 20 * MIN,
    });
  });
});

describe('worstServiceStateDuring', () => {
  const changes = [
    { at: 0, toState: 'operational' },
    { at: 10, toState: 'partial_outage' },
    { at: 20, toState: 'major_outage' },
    { at: 30, toState: 'operational' },
    { at: 40, toState: 'degraded_performance' },
  ];

  it('finds the worst failure within the span, the state in force at its start included', () => {
    expect(worstServiceStateDuring(changes, 0, 50)).toBe('major_outage');
    expect(worstServiceStateDuring(changes, 12, 18)).toBe('partial_outage');
    expect(worstServiceStateDuring(changes, 41, 50)).toBe('degraded_performance');
    expect(worstServiceStateDuring(changes, 30, 40)).toBeNull();
    expect(worstServiceStateDuring([{ at: 0, toState: 'under_maintenance' }], 0, 50)).toBeNull();
  });

  it('worseFailure keeps the worse, and null for no failure', () => {
    expect(worseFailure(null, 'partial_outage')).toBe('partial_outage');
    expect(worseFailure('major_outage', 'degraded_performance')).toBe('major_outage');
    expect(worseFailure(null, 'operational')).toBeNull();
  });
});
