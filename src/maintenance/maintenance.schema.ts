/**
 * @module The `maintenance:` config entries: one-off windows (`start`, `end`) and recurring ones
 * (`start` + `rrule`, or `cron`, with a `duration`) in a time zone, on services and monitors.
 * Parsed into {@link MaintenanceWindow}s; unknown targets are checked on the whole config by
 * {@link maintenanceTargetIssues}.
 */
import { z } from 'zod';
import { suggest } from '../config/suggest.js';
import { duration } from '../core/duration.js';
import { MONITOR_ID_PATTERN } from '../monitors/monitor.schema.js';
import { localizedSchema } from '../services/service.schema.js';
import { parseCron } from './cron.js';
import type { MaintenanceSchedule, MaintenanceWindow } from './maintenance.types.js';
import { parseRRule } from './rrule.js';
import { isValidTimeZone, parseDateTimeIn, parseLocalDateTime } from './zoned-time.js';

const dateTime = z.string().min(1).max(40);

/** One `maintenance[]` entry as written in config. */
export const maintenanceEntrySchema = z
  .strictObject({
    id: z.string().regex(MONITOR_ID_PATTERN, 'must be 1-100 characters of a-z, 0-9, ".", "_" or "-", starting with a letter or digit').describe('Stable identifier of the window.'),
    title: localizedSchema.optional().describe('What is being done, for people (English and French).'),
    time_zone: z.string().min(1).default('UTC').describe('IANA time zone of the local times, e.g. Europe/Paris, Pacific/Noumea, Europe/Zurich.'),
    services: z.array(z.string().min(1)).default([]).describe('Service ids covered by the window.'),
    monitors: z.array(z.string().min(1)).default([]).describe('Monitor ids covered by the window.'),
    start: dateTime.optional().describe('Local start (`2026-03-29T02:30`, in time_zone) or an instant with an offset; for `rrule`, the first occurrence (DTSTART).'),
    end: dateTime.optional().describe('End of a one-off window (same forms as start).'),
    rrule: z.string().min(1).max(500).optional().describe('RFC 5545 rule (FREQ=DAILY|WEEKLY|MONTHLY, INTERVAL, BYDAY, BYMONTHDAY, BYHOUR, BYMINUTE, COUNT, UNTIL), e.g. FREQ=WEEKLY;BYDAY=SU.'),
    cron: z.string().min(1).max(200).optional().describe('5-field cron expression (minute hour day-of-month month day-of-week) in time_zone, e.g. "30 2 * * SUN".'),
    duration: duration({ min: 60_000, max: 31 * 86_400_000 }).optional().describe('Length of each occurrence of a recurring window (e.g. 2h).'),
    until: dateTime.optional().describe('With `cron`: no occurrence starts after this time.'),
  })
  .transform((w, ctx): MaintenanceWindow => {
    const fail = (path: string, message: string) => {
      ctx.addIssue({ code: 'custom', message, path: [path] });
      return z.NEVER;
    };
    if (!isValidTimeZone(w.time_zone)) return fail('time_zone', `"${w.time_zone}" is not an IANA time zone such as Europe/Paris`);
    if (w.services.length + w.monitors.length === 0) return fail('services', 'a window needs at least one service or monitor');
    const schedule = scheduleOf(w, fail);
    return {
      id: w.id,
      ...(w.title ? { title: w.title } : {}),
      timeZone: w.time_zone,
      schedule,
      services: w.services,
      monitors: w.monitors,
    };
  })
  .describe('A maintenance window: no incident is opened for its services and monitors, which read "under maintenance".');

type Entry = { time_zone: string; start?: string | undefined; end?: string | undefined; rrule?: string | undefined; cron?: string | undefined; duration?: number | undefined; until?: string | undefined };

export function scheduleOf(w: Entry, fail: (path: string, message: string) => never): MaintenanceSchedule {
  const kinds = (['end', 'rrule', 'cron'] as const).filter((k) => w[k] !== undefined);
  if (kinds.length !== 1) return fail(kinds[1] ?? 'end', kinds.length === 0 ? 'a window needs `end` (one-off), `rrule` or `cron` (recurring)' : `set only one of end, rrule, cron; got ${kinds.join(', ')}`);
  const bad = (key: 'start' | 'end' | 'until') => fail(key, `must be a date-time such as 2026-03-29T02:30 (local) or 2026-03-29T00:30:00Z; got "${w[key]}"`);
  const instant = (key: 'start' | 'end' | 'until'): number => parseDateTimeIn(w[key]!, w.time_zone) ?? bad(key);
  if (kinds[0] === 'end') {
    if (w.start === undefined) return fail('start', 'a one-off window needs `start`');
    if (w.duration !== undefined) return fail('duration', 'a one-off window has `start` and `end`, not `duration`');
    const start = parseDateTimeIn(w.start, w.time_zone);
    const end = parseDateTimeIn(w.end!, w.time_zone);
    if (start === undefined) return bad('start');
    if (end === undefined) return bad('end');
    return end > start ? { kind: 'once', start, end } : fail('end', 'must be after start');
  }
  if (w.duration === undefined) return fail('duration', 'a recurring window needs a `duration` (e.g. 2h)');
  if (kinds[0] === 'rrule') {
    if (w.until !== undefined) return fail('until', 'with `rrule`, use UNTIL or COUNT inside the rule');
    const start = w.start === undefined ? undefined : parseLocalDateTime(w.start);
    if (!start) return fail('start', 'an `rrule` window needs `start`: the local time of its first occurrence, e.g. 2026-01-04T02:30');
    const rule = parseRRule(w.rrule!);
    return rule.ok ? { kind: 'rrule', start, rule: rule.rule, durationMs: w.duration } : fail('rrule', rule.message);
  }
  const cron = parseCron(w.cron!);
  if (!cron.ok) return fail('cron', cron.message);
  return {
    kind: 'cron',
    cron: cron.cron,
    durationMs: w.duration,
    ...(w.start !== undefined ? { notBefore: instant('start') } : {}),
    ...(w.until !== undefined ? { notAfter: instant('until') } : {}),
  };
}

/**
 * Duplicate window ids and targets that are not known monitors or services, at paths relative to
 * the `maintenance` list.
 */
export function maintenanceTargetIssues(windows: readonly MaintenanceWindow[], monitorIds: readonly string[], serviceIds: readonly string[]): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const first = new Map<string, number>();
  windows.forEach((w, i) => {
    const seen = first.get(w.id);
    if (seen !== undefined) issues.push({ path: [i, 'id'], message: `duplicate maintenance id "${w.id}"; it is already used by maintenance[${seen}]` });
    else first.set(w.id, i);
    const check = (key: 'services' | 'monitors', known: readonly string[]) =>
      w[key].forEach((id, j) => {
        if (known.includes(id)) return;
        const close = suggest(id, known);
        issues.push({ path: [i, key, j], message: `"${id}" is not a ${key === 'services' ? 'service' : 'monitor'}${close ? `; did you mean "${close}"?` : ''}` });
      });
    check('services', serviceIds);
    check('monitors', monitorIds);
  });
  return issues;
}
