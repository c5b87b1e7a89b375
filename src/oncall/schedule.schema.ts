/**
 * @module The `schedules:` config entries: layers of rotations with a hand-off in an IANA zone,
 * optional active windows, and overrides, parsed into {@link Schedule}s. Person ids are checked
 * on the whole config (`notifications-config.ts`).
 */
import { z } from 'zod';
import { duration } from '../core/duration.js';
import { isValidTimeZone, parseDateTimeIn, parseLocalDateTime } from '../maintenance/zoned-time.js';
import { MONITOR_ID_PATTERN } from '../monitors/monitor.schema.js';
import type { ActiveWindow, Layer, Override, Schedule } from './schedule.types.js';

/** Ids of people, teams, schedules, channels and policies follow the monitor id rules. */
export const entityIdSchema = z.string().regex(MONITOR_ID_PATTERN, 'must be 1-100 characters of a-z, 0-9, ".", "_" or "-", starting with a letter or digit');

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const weekdaySchema = z
  .string()
  .transform((text, ctx) => {
    const index = WEEKDAYS.indexOf(text.trim().toLowerCase().slice(0, 3) as (typeof WEEKDAYS)[number]);
    if (index === -1 || text.trim().length < 2) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a weekday: use mon, tue, wed, thu, fri, sat or sun` });
      return z.NEVER;
    }
    return index;
  })
  .describe('A weekday: mon, tue, wed, thu, fri, sat, sun.');

const clockSchema = z
  .string()
  .regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'must be a time of day such as 08:00 or 18:30')
  .transform((text) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3)))
  .refine((minutes) => minutes <= 1440, 'must be at most 24:00');

const activeSchema = z
  .strictObject({
    days: z.array(weekdaySchema).min(1).prefault(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']).describe('Weekdays the window starts on.'),
    from: clockSchema.describe('Local start, e.g. 08:00.'),
    to: clockSchema.describe('Local end, e.g. 18:00; earlier than `from` means the next day (22:00 → 06:00).'),
  })
  .refine((w) => w.from !== w.to, { message: '`from` and `to` are equal: leave `active` out for a layer active all day', path: ['to'] })
  .transform((w): ActiveWindow => ({ days: [...new Set(w.days)], from: w.from, to: w.to }))
  .describe('A part of the week a layer is active in (business hours, nights).');

const layerSchema = z
  .strictObject({
    name: z.string().min(1).max(100).describe('Name shown in answers ("primary", "business hours").'),
    rotation: z.enum(['daily', 'weekly', 'custom']).describe('Shift length: one day, one week, or `shift` for custom.'),
    shift: duration({ min: 3_600_000, max: 366 * 86_400_000 }).optional().describe('With rotation: custom, the shift length (e.g. 12h, 3d); whole days keep the hand-off at the same local time across daylight-saving changes.'),
    start: z.string().min(1).max(40).describe('The first hand-off as a local time in the schedule zone, e.g. 2026-01-05T09:00 (a Monday for a weekly rotation handing off on Mondays).'),
    members: z.array(entityIdSchema).min(1).max(200).describe('Person ids, in rotation order; the first one holds the first shift.'),
    active: z.array(activeSchema).max(20).optional().describe('When set, the layer is active only inside these windows; a higher layer wins where it is active.'),
  })
  .describe('A rotation of people.');

type LayerInput = z.output<typeof layerSchema>;

function toLayer(entry: LayerInput, ctx: z.RefinementCtx, index: number): Layer | undefined {
  const fail = (path: string, message: string) => {
    ctx.addIssue({ code: 'custom', message, path: ['layers', index, path] });
    return undefined;
  };
  const start = parseLocalDateTime(entry.start);
  if (!start) return fail('start', `must be a local date-time such as 2026-01-05T09:00; got "${entry.start}"`);
  let shift: Layer['shift'];
  if (entry.rotation === 'custom') {
    if (entry.shift === undefined) return fail('shift', 'a custom rotation needs `shift` (e.g. 12h or 3d)');
    shift = entry.shift % 86_400_000 === 0 ? { days: entry.shift / 86_400_000 } : { ms: entry.shift };
  } else {
    if (entry.shift !== undefined) return fail('shift', `\`shift\` is only for rotation: custom (a ${entry.rotation} rotation lasts one ${entry.rotation === 'daily' ? 'day' : 'week'})`);
    shift = { days: entry.rotation === 'daily' ? 1 : 7 };
  }
  return { name: entry.name, members: entry.members, start, shift, ...(entry.active ? { active: entry.active } : {}) };
}

const overrideSchema = z
  .strictObject({
    person: entityIdSchema.describe('Who is on call instead.'),
    start: z.string().min(1).max(40).describe('Start: local time in the schedule zone (2026-06-01T08:00) or an instant with an offset.'),
    end: z.string().min(1).max(40).describe('End (same forms as start).'),
    note: z.string().max(500).optional().describe('Why, shown in answers ("swap with Bob").'),
  })
  .describe('Someone on call instead of the rotation; a later override wins over an earlier one.');

/** One `schedules[]` entry. */
export const scheduleEntrySchema = z
  .strictObject({
    id: entityIdSchema.describe('Stable identifier of the schedule.'),
    name: z.string().min(1).max(200).optional().describe('Name for people (default: the id).'),
    time_zone: z.string().min(1).describe('IANA time zone of hand-offs and local times, e.g. Europe/Paris, Europe/Zurich, Pacific/Noumea.'),
    layers: z.array(layerSchema).min(1).max(20).describe('Rotations, bottom to top: where a higher layer has someone, it wins.'),
    overrides: z.array(overrideSchema).max(1000).default([]).describe('Stand-ins for given stretches of time.'),
  })
  .transform((entry, ctx): Schedule & { name: string } => {
    if (!isValidTimeZone(entry.time_zone)) {
      ctx.addIssue({ code: 'custom', message: `"${entry.time_zone}" is not an IANA time zone such as Europe/Paris`, path: ['time_zone'] });
      return z.NEVER;
    }
    const layers = entry.layers.map((layer, i) => toLayer(layer, ctx, i));
    const overrides: Override[] = [];
    entry.overrides.forEach((o, i) => {
      const start = parseDateTimeIn(o.start, entry.time_zone);
      const end = parseDateTimeIn(o.end, entry.time_zone);
      if (start === undefined) ctx.addIssue({ code: 'custom', message: `must be a date-time such as 2026-06-01T08:00; got "${o.start}"`, path: ['overrides', i, 'start'] });
      else if (end === undefined) ctx.addIssue({ code: 'custom', message: `must be a date-time such as 2026-06-01T20:00; got "${o.end}"`, path: ['overrides', i, 'end'] });
      else if (end <= start) ctx.addIssue({ code: 'custom', message: 'must be after `start`', path: ['overrides', i, 'end'] });
      else overrides.push({ start, end, person: o.person, ...(o.note ? { note: o.note } : {}) });
    });
    if (layers.some((l) => l === undefined) || overrides.length !== entry.overrides.length) return z.NEVER;
    return { id: entry.id, name: entry.name ?? entry.id, timeZone: entry.time_zone, layers: layers as Layer[], overrides };
  })
  .describe('An on-call schedule: who answers pages, when.');

/** A parsed schedule with its display name. */
export type ScheduleDefinition = z.output<typeof scheduleEntrySchema>;
