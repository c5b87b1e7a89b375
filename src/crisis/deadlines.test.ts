import { describe, expect, it } from 'vitest';
import { crisisSectionSchema } from './crisis.schema.js';
import { addMonths, afterMet, deadlinesFor, reminderTimes, remindersDue } from './deadlines.js';
import type { Deadline } from './crisis.types.js';

const T0 = Date.UTC(2026, 0, 31, 10, 0);
const facts = { services: ['emergency-calls'], tags: ['telecom'], severity: 'SEV1', criticality: 'vital' };
const obligations = crisisSectionSchema.parse({
  obligations: [
    { id: 'internal', within: '15m' },
    { id: 'public', audience: 'public', within: '30m', every: '30m' },
    { id: 'nis2', preset: 'nis2', stakeholders: ['anssi'], owner: 'authority_liaison' },
    { id: 'gdpr', preset: 'gdpr', stakeholders: ['cnil'], match: { tags: ['personal-data'] } },
  ],
}).obligations;

const stored = (d: ReturnType<typeof deadlinesFor>[number], id: number): Deadline => ({ ...d, id, crisisId: 1, metAt: null, metBy: null, missedAt: null, reminders: 0, escalatedAt: null, cancelledAt: null, createdAt: T0, updatedAt: T0 });

describe('deadlines', () => {
  it('turns matching obligations into deadlines counted from detection, with the NIS2 steps', () => {
    const list = deadlinesFor(obligations, facts, T0);
    expect(list.map((d) => [d.key, d.dueAt - T0])).toEqual([
      ['internal', 15 * 60_000],
      ['public#1', 30 * 60_000],
      ['nis2.early_warning', 24 * 3_600_000],
      ['nis2.notification', 72 * 3_600_000],
      ['nis2.final_report', addMonths(T0 + 72 * 3_600_000, 1) - T0],
    ]);
    expect(list.find((d) => d.key === 'nis2.notification')).toMatchObject({ audience: 'authority', stakeholders: ['anssi'], owner: 'authority_liaison' });
    expect(deadlinesFor(obligations, { ...facts, tags: ['personal-data'] }, T0).map((d) => d.key)).toContain('gdpr.notification');
  });

  it('adds calendar months, clamped to the end of a shorter month', () => {
    expect(new Date(addMonths(Date.UTC(2026, 0, 31, 9), 1)).toISOString()).toBe('2026-02-28T09:00:00.000Z');
    expect(new Date(addMonths(Date.UTC(2026, 2, 15), 1)).toISOString()).toBe('2026-04-15T00:00:00.000Z');
    expect(new Date(addMonths(Date.UTC(2026, 11, 20), 1)).toISOString()).toBe('2027-01-20T00:00:00.000Z');
  });

  it('meeting a repeating deadline adds the next; meeting the NIS2 notification moves the final report', () => {
    const list = deadlinesFor(obligations, facts, T0).map(stored);
    const pub = list.find((d) => d.key === 'public#1')!;
    const next = afterMet(pub, obligations, list, T0 + 20 * 60_000);
    expect(next.next).toMatchObject({ key: 'public#2', dueAt: T0 + 50 * 60_000, startsAt: T0 + 20 * 60_000 });
    const notification = list.find((d) => d.key === 'nis2.notification')!;
    const metAt = T0 + 40 * 3_600_000;
    const moved = afterMet(notification, obligations, list, metAt);
    expect(moved).toEqual({ moved: [{ id: list.find((d) => d.key === 'nis2.final_report')!.id, dueAt: addMonths(metAt, 1) }] });
    expect(afterMet(list.find((d) => d.key === 'internal')!, obligations, list, T0)).toEqual({ moved: [] });
  });

  it('reminds at 50 % and 90 % of the time, then when due', () => {
    const d = { startsAt: T0, dueAt: T0 + 100_000 };
    expect(reminderTimes(d, [0.9, 0.5]).map((t) => t - T0)).toEqual([50_000, 90_000, 100_000]);
    expect(remindersDue(d, [0.5, 0.9], T0 + 49_999)).toBe(0);
    expect(remindersDue(d, [0.5, 0.9], T0 + 95_000)).toBe(2);
    expect(remindersDue(d, [0.5, 0.9], T0 + 100_000)).toBe(3);
  });
});
