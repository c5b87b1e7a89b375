/** @module Who is on call, from the schedules of the configuration (nothing stored). */
import type { z } from 'zod';
import type { NotificationsModel } from '../../notifications/notifications-config.js';
import { onCallView, shiftsView } from '../../oncall/on-call-view.js';
import { invalidRequest, notFound } from '../errors.js';
import { iso } from '../schemas/common.schemas.js';
import { MAX_SHIFTS_RANGE_MS, type onCallList, type shiftList } from '../schemas/notification.schemas.js';

const WEEK_MS = 7 * 86_400_000;

/** Answers who is on call at an instant, and the shifts of a schedule over a range. */
export class OnCallService {
  constructor(
    private readonly model: () => NotificationsModel,
    private readonly now: () => number,
  ) {}

  list(query: { at?: number | undefined; schedule?: string | undefined }): z.output<typeof onCallList> {
    const at = query.at ?? this.now();
    const { schedules, people } = this.model();
    if (query.schedule !== undefined && !schedules.has(query.schedule)) throw notFound('schedule', query.schedule);
    const chosen = query.schedule !== undefined ? [schedules.get(query.schedule)!] : [...schedules.values()];
    return { at: iso(at), items: chosen.map((s) => onCallView(s, people, at)) };
  }

  shifts(id: string, query: { from?: number | undefined; to?: number | undefined }): z.output<typeof shiftList> {
    const { schedules, people } = this.model();
    const schedule = schedules.get(id);
    if (!schedule) throw notFound('schedule', id);
    const from = query.from ?? this.now();
    const to = query.to ?? from + WEEK_MS;
    if (to <= from) throw invalidRequest('invalid query string: to: must be after from', [{ path: 'to', message: 'must be after from' }]);
    if (to - from > MAX_SHIFTS_RANGE_MS) throw invalidRequest('invalid query string: to: must be at most 93 days after from', [{ path: 'to', message: 'must be at most 93 days after from' }]);
    return { schedule: { id: schedule.id, name: schedule.name, timeZone: schedule.timeZone }, from: iso(from), to: iso(to), items: shiftsView(schedule, people, from, to) };
  }
}
