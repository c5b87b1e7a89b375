/**
 * @module Overrides of on-call schedules through the API: listed beside those of the
 * configuration, created (the person must be configured, the end after the start and in the
 * future; overlaps are allowed, the last created wins) and deleted.
 */
import type { z } from 'zod';
import { suggest } from '../../config/suggest.js';
import { parseDateTimeIn } from '../../maintenance/zoned-time.js';
import type { NotificationsModel } from '../../notifications/notifications-config.js';
import { localIso } from '../../oncall/on-call-view.js';
import type { StoredOverride } from '../../oncall/override.types.js';
import type { ScheduleDefinition } from '../../oncall/schedule.schema.js';
import type { Override } from '../../oncall/schedule.types.js';
import type { ScheduleOverrides } from '../../oncall/stored-overrides.js';
import { invalidRequest, notFound } from '../errors.js';
import { iso } from '../schemas/common.schemas.js';
import type { overrideBody, overrideList, overrideView } from '../schemas/schedule.schemas.js';

type View = z.output<typeof overrideView>;

const badField = (field: string, message: string) => invalidRequest(`invalid request body: ${field}: ${message}`, [{ path: field, message }]);

/** Lists, creates and deletes the API overrides of schedules. */
export class ScheduleOverrideService {
  constructor(
    private readonly model: () => NotificationsModel,
    private readonly overrides: ScheduleOverrides,
    private readonly now: () => number,
  ) {}

  private schedule(id: string): { schedule: ScheduleDefinition; model: NotificationsModel } {
    const model = this.overrides.base(this.model());
    const schedule = model.schedules.get(id);
    if (!schedule) throw notFound('schedule', id);
    return { schedule, model };
  }

  /** The overrides (config then API, in the order they apply) that end after `from` (default: now). */
  list(id: string, query: { from?: number | undefined }): z.output<typeof overrideList> {
    const { schedule, model } = this.schedule(id);
    const from = query.from ?? this.now();
    const view = (o: Pick<Override, 'start' | 'end' | 'person'> & { note?: string | null | undefined }, stored?: StoredOverride): View => ({
      id: stored?.id ?? null,
      source: stored ? 'api' : 'config',
      person: { id: o.person, name: model.people.get(o.person)?.name ?? o.person },
      start: iso(o.start),
      end: iso(o.end),
      startLocal: localIso(o.start, schedule.timeZone),
      endLocal: localIso(o.end, schedule.timeZone),
      note: o.note ?? null,
      author: stored?.author ?? null,
      createdAt: stored ? iso(stored.createdAt) : null,
    });
    const stored = this.overrides.of(id).map((o) => view(o, o));
    const items = [...schedule.overrides.map((o) => view(o)), ...stored].filter((o) => Date.parse(o.end) > from);
    return { schedule: { id: schedule.id, name: schedule.name, timeZone: schedule.timeZone }, items };
  }

  async create(id: string, body: z.output<typeof overrideBody>, author: string): Promise<View> {
    const { schedule, model } = this.schedule(id);
    if (!model.people.has(body.person)) {
      const known = [...model.people.keys()];
      const near = suggest(body.person, known);
      throw badField('person', `unknown person "${body.person}"${near ? `; did you mean "${near}"?` : known.length === 0 ? '; no people are configured' : ''}`);
    }
    const start = this.time(body.start, 'start', schedule.timeZone);
    const end = this.time(body.end, 'end', schedule.timeZone);
    if (end <= start) throw badField('end', 'must be after start');
    if (end <= this.now()) throw badField('end', 'must be in the future (this override would already be over)');
    const note = body.note ? body.note : null;
    const created = await this.overrides.add({ scheduleId: id, person: body.person, start, end, note, author }, this.now());
    return this.list(id, { from: 0 }).items.find((o) => o.id === created.id)!;
  }

  async remove(id: string, overrideId: number): Promise<void> {
    this.schedule(id);
    if (!(await this.overrides.remove(id, overrideId))) throw notFound(`override of schedule "${id}"`, String(overrideId));
  }

  private time(value: number | string, field: string, timeZone: string): number {
    if (typeof value === 'number') return value;
    const ms = parseDateTimeIn(value, timeZone);
    if (ms === undefined || !Number.isFinite(ms)) throw badField(field, `must be a date-time such as 2026-06-01T08:00 (local to ${timeZone}) or 2026-06-01T08:00:00+02:00; got "${value}"`);
    return ms;
  }
}
