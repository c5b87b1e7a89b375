/**
 * @module A post-incident report's input for tests: the emergency-calls outage of 2 June 2021 as
 * Vigie would have recorded it, with a crisis, its deadlines (met, met late, missed, open,
 * cancelled), drafts sent and messages sent.
 */
import type { Incident, TimelineEntry } from '../incidents/incident.types.js';
import type { Delivery } from '../storage/notification-rows.js';
import type { CommunicationDraft, Crisis, Deadline } from './crisis.types.js';
import type { ReportInput } from './report.js';

export const T0 = Date.UTC(2021, 5, 2, 14, 45);
export const MIN = 60_000;
export const HOUR = 60 * MIN;

export const incident: Incident = {
  id: 7, source: 'auto', status: 'resolved', severity: 'SEV1',
  title: { en: 'Emergency calls: major outage <script>alert(1)</script>', fr: 'Appels d’urgence : panne majeure <script>alert(1)</script>' },
  summary: { en: '6 of 6 call servers failed within 90 s', fr: '6 serveurs d’appel sur 6 sont tombés en panne en 90 s' },
  serviceId: 'emergency-calls', rootCause: { kind: 'service', id: 'emergency-calls' }, affected: ['service:emergency-calls'], commonMode: true,
  firstFailureAt: T0, openedAt: T0 + 4000, lastFailureAt: T0 + 90_000, recoveredAt: T0 + 3 * HOUR,
  acknowledgedAt: T0 + 64_000, mitigatedAt: null, resolvedAt: T0 + 3 * HOUR + 5 * MIN, reopened: 0, updatedAt: T0 + 3 * HOUR + 5 * MIN,
};

const entry = (id: number, at: number, kind: TimelineEntry['kind'], en: string, fr: string, author: string | null = 'vigie'): TimelineEntry => ({ id, incidentId: 7, at, kind, author, text: { en, fr }, details: null });

export const timeline: TimelineEntry[] = [
  entry(3, T0 + 64_000, 'acknowledged', 'Acknowledged by Alice', 'Pris en compte par Alice', 'alice'),
  entry(1, T0, 'first_failure', 'First failing result | SIP', 'Premier échec | SIP'),
  entry(2, T0 + 4000, 'opened', 'Incident opened', 'Incident ouvert'),
  entry(4, T0 + 25 * MIN, 'crisis', 'Crisis cell activated', 'Cellule de crise activée'),
  entry(5, T0 + 65 * MIN, 'update_public', 'Emergency calls are disrupted', 'Les appels d’urgence sont perturbés', 'carol'),
  entry(6, T0 + 3 * HOUR, 'recovered', 'Everything recovered', 'Tout est rétabli'),
  entry(7, T0 + 3 * HOUR + 5 * MIN, 'resolved', 'Resolved', 'Résolu', 'alice'),
];

const delivery = (id: number, sentAt: number | null, event: string, page: boolean): Delivery => ({
  id, idempotencyKey: `k${id}`, incidentId: 7, event, channelId: 'sms', personId: page ? 'alice' : null, address: '+33600000000', language: 'fr', page,
  extra: event === 'crisis' ? { crisis: { key: 'vigie-crisis-3', title: 'Appels d’urgence en panne', severity: 'SEV1', subject: 'Objet', short: 'court', full: 'complet' } } : null,
  status: sentAt === null ? 'pending' : 'sent', attempts: 1, notBefore: T0, lastError: null, lastStatus: null, createdAt: T0, sentAt,
});

export const deliveries: Delivery[] = [
  // A draft's copy to an outside stakeholder (a crisis message paging no one), sent first: not internal.
  delivery(1, T0 + 10_000, 'crisis', false),
  delivery(2, T0 + 30_000, 'opened', true),
  delivery(3, null, 'opened', true),
];

export const crisis: Crisis = {
  id: 3, cellId: 'national', kind: 'outage', status: 'deactivated', title: { en: 'Emergency calls down', fr: 'Appels d’urgence en panne' }, ruleId: 'sev1',
  activatedBy: 'vigie', reason: { en: 'SEV1 incident #7', fr: 'incident SEV1 n° 7' }, primaryIncidentId: 7, clusterKey: 'service:emergency-calls',
  roles: { crisis_lead: ['alice'], communication_lead: ['carol'], authority_liaison: ['dan'] }, bridge: null, checklist: [],
  activatedAt: T0 + 25 * MIN, activations: 1, lastActivatedAt: T0 + 25 * MIN, pagedActivation: 1, deactivatedAt: T0 + 4 * HOUR, deactivatedBy: 'alice', summary: null,
  createdAt: T0 + 25 * MIN, updatedAt: T0 + 4 * HOUR,
};

const deadline = (id: number, key: string, audience: Deadline['audience'], owner: Deadline['owner'], dueAt: number, metAt: number | null, extra: Partial<Deadline> = {}): Deadline => ({
  id, crisisId: 3, key, obligationId: key.split('#')[0]!, audience, stakeholders: [], title: { en: `${key} <b>`, fr: `${key} (fr) <b>` }, owner,
  startsAt: T0 + 25 * MIN, dueAt, metAt, metBy: metAt === null ? null : 'carol', missedAt: null, reminders: 0, escalatedAt: null, cancelledAt: null,
  createdAt: T0 + 25 * MIN, updatedAt: T0 + 25 * MIN, ...extra,
});

export const deadlines: Deadline[] = [
  deadline(12, 'nis2.early_warning', 'authority', 'authority_liaison', T0 + 24 * HOUR, null, { missedAt: T0 + 24 * HOUR }),
  deadline(10, 'internal-notice', 'internal', 'crisis_lead', T0 + 30 * MIN, T0 + 26 * MIN),
  deadline(11, 'public-first', 'public', 'communication_lead', T0 + HOUR, T0 + 70 * MIN),
  deadline(13, 'partners', 'stakeholder', 'communication_lead', T0 + 48 * HOUR, null),
  deadline(14, 'public-updates#2', 'public', 'communication_lead', T0 + 5 * HOUR, null, { cancelledAt: T0 + 4 * HOUR }),
];

const draft = (id: number, audience: CommunicationDraft['audience'], sentAt: number | null, deadlineId: number | null): CommunicationDraft => ({
  id, crisisId: 3, deadlineId, audience, stakeholders: [], texts: { en: { subject: `Subject ${id}`, body: 'Body' }, fr: { subject: `Objet ${id}`, body: 'Corps' } }, facts: {},
  status: sentAt === null ? 'approved' : 'sent', createdAt: T0 + 30 * MIN, updatedAt: T0 + 30 * MIN, editedBy: null, approvedBy: 'alice', approvedAt: T0 + 60 * MIN,
  sentBy: sentAt === null ? null : 'carol', sentAt,
});

export const drafts: CommunicationDraft[] = [draft(21, 'public', T0 + 70 * MIN, 11), draft(22, 'authority', T0 + 2 * HOUR, null), draft(23, 'authority', null, 12)];

/** The whole input, a day and two hours after the start. */
export function reportInput(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    incident, timeline, deliveries, crisis, crisisIncidents: [{ crisisId: 3, incidentId: 9, joinedAt: T0 + 40 * MIN }, { crisisId: 3, incidentId: 7, joinedAt: T0 + 25 * MIN }],
    deadlines, drafts, impact: { en: 'About 11,800 calls were not routed.', fr: 'Environ 11 800 appels n’ont pas été acheminés.', total: 11_800 }, now: T0 + 26 * HOUR,
    ...overrides,
  };
}
