import { describe, expect, it } from 'vitest';
import { maintenanceEntrySchema } from '../maintenance/maintenance.schema.js';
import { coveredComponents, pageMaintenances } from './public-maintenance.js';

const DAY = 86_400_000;
const now = Date.parse('2026-06-10T12:00:00Z');
const components = [
  { id: 'c1', ref: { kind: 'service' as const, id: 'web' } },
  { id: 'c2', ref: { kind: 'monitor' as const, id: 'dc-1' } },
];
const window = (entry: Record<string, unknown>) => maintenanceEntrySchema.parse(entry);

describe('pageMaintenances', () => {
  it('lists occurrences in progress and coming within 30 days, soonest first, on the components they cover', () => {
    const weekly = window({ id: 'sunday', title: { en: 'Weekly patching', fr: 'Correctifs hebdomadaires' }, time_zone: 'UTC', monitors: ['dc-1'], start: '2026-01-04T02:00', rrule: 'FREQ=WEEKLY;BYDAY=SU', duration: '2h' });
    const now2 = window({ id: 'now', services: ['web'], start: '2026-06-10T11:00:00Z', end: '2026-06-10T13:00:00Z' });
    const list = pageMaintenances([weekly, now2], components, now);
    expect(list[0]).toMatchObject({ status: 'in_progress', componentIds: ['c1'], title: { en: 'Scheduled maintenance', fr: 'Maintenance programmée' } });
    const sundays = list.filter((m) => m.componentIds[0] === 'c2');
    expect(sundays).toHaveLength(4); // 14, 21, 28 June and 5 July; 12 July is past 30 days
    expect(sundays.every((m) => m.status === 'scheduled' && m.scheduledFor > now && m.scheduledFor <= now + 30 * DAY)).toBe(true);
    expect(sundays[0]).toMatchObject({ title: { en: 'Weekly patching' }, scheduledFor: Date.parse('2026-06-14T02:00:00Z'), scheduledUntil: Date.parse('2026-06-14T04:00:00Z') });
    expect(new Set(list.map((m) => m.id)).size).toBe(list.length);
  });

  it('leaves out windows on nothing the page shows, and past ones', () => {
    const other = window({ id: 'other', services: ['mail'], start: '2026-06-11T00:00:00Z', end: '2026-06-11T01:00:00Z' });
    const past = window({ id: 'past', services: ['web'], start: '2026-06-01T00:00:00Z', end: '2026-06-01T01:00:00Z' });
    expect(pageMaintenances([other, past], components, now)).toEqual([]);
    expect(coveredComponents(other, components)).toEqual([]);
  });
});
