import { describe, expect, it } from 'vitest';
import { buildReport, deadlineOutcome, isInternalDelivery } from './report.js';
import { incidentReportSchema } from './report.schema.js';
import { HOUR, MIN, T0, crisis, incident, reportInput } from './report.fixture.js';

describe('buildReport figures', () => {
  it('measures every step, each from its documented start', () => {
    const report = buildReport(reportInput());
    expect(report.figures).toEqual({
      timeToDetectMs: 4000,
      timeToAcknowledgeMs: 60_000,
      timeToCrisisActivationMs: 25 * MIN,
      timeToFirstInternalCommunicationMs: 30_000,
      timeToFirstPublicCommunicationMs: 65 * MIN,
      timeToFirstAuthorityCommunicationMs: 2 * HOUR,
      timeToRecoveryMs: 3 * HOUR,
    });
  });

  it('says what each figure ends on', () => {
    const { milestones } = buildReport(reportInput());
    expect(milestones.timeToAcknowledgeMs).toEqual({ from: new Date(T0 + 4000).toISOString(), at: new Date(T0 + 64_000).toISOString(), via: 'incident', ref: null });
    expect(milestones.timeToCrisisActivationMs).toMatchObject({ via: 'crisis', ref: 'crisis:3' });
    // The crisis message to a stakeholder sent at T+10 s is not an internal communication; the page at T+30 s is.
    expect(milestones.timeToFirstInternalCommunicationMs).toMatchObject({ via: 'delivery', ref: 'delivery:2' });
    expect(milestones.timeToFirstPublicCommunicationMs).toMatchObject({ via: 'timeline', ref: 'timeline:5' });
    expect(milestones.timeToFirstAuthorityCommunicationMs).toMatchObject({ via: 'draft', ref: 'draft:22' });
  });

  it('falls back on deadlines met and drafts sent when nothing else was sent', () => {
    const report = buildReport(reportInput({ deliveries: [], timeline: [] }));
    expect(report.figures.timeToFirstInternalCommunicationMs).toBe(26 * MIN);
    expect(report.milestones.timeToFirstInternalCommunicationMs).toMatchObject({ via: 'deadline', ref: 'deadline:internal-notice' });
    expect(report.figures.timeToFirstPublicCommunicationMs).toBe(70 * MIN);
    expect(report.milestones.timeToFirstPublicCommunicationMs?.via).toBe('deadline');
  });

  it('leaves null what did not happen, and measures from the opening an incident declared by hand', () => {
    const manual = { ...incident, source: 'manual' as const, firstFailureAt: null, acknowledgedAt: null, recoveredAt: null, resolvedAt: T0 + HOUR, status: 'resolved' as const };
    const report = buildReport({ incident: manual, timeline: [], deliveries: [], now: T0 + 2 * HOUR });
    expect(report.figures).toEqual({
      timeToDetectMs: null,
      timeToAcknowledgeMs: null,
      timeToCrisisActivationMs: null,
      timeToFirstInternalCommunicationMs: null,
      timeToFirstPublicCommunicationMs: null,
      timeToFirstAuthorityCommunicationMs: null,
      timeToRecoveryMs: HOUR - 4000,
    });
    expect(report.incident.startedAt).toBe(new Date(T0 + 4000).toISOString());
    expect(report.crisis).toBeNull();
    expect(report.impact).toBeNull();
    expect(report.deadlines).toEqual([]);
  });

  it('counts a crisis activated before the incident started as 0', () => {
    const report = buildReport(reportInput({ crisis: { ...crisis, activatedAt: T0 - HOUR } }));
    expect(report.figures.timeToCrisisActivationMs).toBe(0);
  });
});

describe('buildReport contents', () => {
  it('lists deadlines by due time with their outcome and how late', () => {
    const report = buildReport(reportInput());
    expect(report.deadlines.map((d) => [d.key, d.outcome, d.lateByMs])).toEqual([
      ['internal-notice', 'met', null],
      ['public-first', 'late', 10 * MIN],
      ['public-updates#2', 'cancelled', null],
      ['nis2.early_warning', 'missed', 2 * HOUR],
      ['partners', 'open', null],
    ]);
    expect(report.deadlines[0]).toMatchObject({ owner: 'crisis_lead', ownerPeople: ['alice'], dueOffsetMs: 30 * MIN });
    expect(report.deadlines[4]!.ownerPeople).toEqual(['carol']);
  });

  it('orders the timeline, with offsets from the start and both languages', () => {
    const report = buildReport(reportInput());
    expect(report.timeline.map((e) => e.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(report.timeline[2]).toEqual({ id: 3, at: new Date(T0 + 64_000).toISOString(), offsetMs: 64_000, kind: 'acknowledged', author: 'alice', text: { en: 'Acknowledged by Alice', fr: 'Pris en compte par Alice' } });
  });

  it('lists the drafts sent, the crisis incidents in joining order and the impact', () => {
    const report = buildReport(reportInput());
    expect(report.communications.map((c) => [c.draftId, c.audience, c.subject.fr])).toEqual([[21, 'public', 'Objet 21'], [22, 'authority', 'Objet 22']]);
    expect(report.crisis).toMatchObject({ id: 3, incidentIds: [7, 9], roles: { crisis_lead: ['alice'] } });
    expect(report.impact).toEqual({ text: { en: 'About 11,800 calls were not routed.', fr: 'Environ 11 800 appels n’ont pas été acheminés.' }, total: 11_800 });
  });

  it('matches its published schema exactly (no field missing or undocumented)', () => {
    const report = buildReport(reportInput());
    const parsed = incidentReportSchema.strict().safeParse(report);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(parsed.data).toEqual(report);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});

describe('deadlineOutcome', () => {
  const d = { dueAt: 1000, metAt: null, missedAt: null, cancelledAt: null };
  it('tells met, late, missed, open and cancelled apart', () => {
    expect(deadlineOutcome({ ...d, metAt: 1000 }, 5000)).toEqual({ outcome: 'met', lateByMs: null });
    expect(deadlineOutcome({ ...d, metAt: 1500 }, 5000)).toEqual({ outcome: 'late', lateByMs: 500 });
    expect(deadlineOutcome(d, 900)).toEqual({ outcome: 'open', lateByMs: null });
    expect(deadlineOutcome(d, 4000)).toEqual({ outcome: 'missed', lateByMs: 3000 });
    expect(deadlineOutcome({ ...d, cancelledAt: 2000 }, 4000)).toEqual({ outcome: 'cancelled', lateByMs: null });
  });
});

describe('isInternalDelivery', () => {
  it('counts pages, channel notifications and crisis-cell pages, not crisis copies to stakeholders', () => {
    expect(isInternalDelivery({ event: 'opened', page: true })).toBe(true);
    expect(isInternalDelivery({ event: 'updated', page: false })).toBe(true);
    expect(isInternalDelivery({ event: 'crisis', page: true })).toBe(true);
    expect(isInternalDelivery({ event: 'crisis', page: false })).toBe(false);
  });
});
