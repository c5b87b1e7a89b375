/**
 * @module The `changes.freezes:` config entries: change-freeze windows during which the rollout
 * guard says no-go. Scheduled like maintenance windows (one-off `start`/`end`, or recurring with
 * `rrule` or `cron` and a `duration`, in a time zone), with a reason for people and an optional
 * scope (services, monitors, tags; none = every rollout). Parsed into {@link FreezeWindow}s.
 */
import { z } from 'zod';
import { duration } from '../core/duration.js';
import { scheduleOf } from '../maintenance/maintenance.schema.js';
import type { MaintenanceSchedule } from '../maintenance/maintenance.types.js';
import { isInMaintenance, nextOccurrences } from '../maintenance/maintenance-window.js';
import { isValidTimeZone } from '../maintenance/zoned-time.js';
import { MONITOR_ID_PATTERN } from '../monitors/monitor.schema.js';
import { localizedSchema } from '../services/service.schema.js';
import type { Localized } from '../services/service.types.js';

/** A change-freeze window (validated). */
export interface FreezeWindow {
  id: string;
  title?: Localized;
  /** Why changes are frozen, for people ("end-of-year freeze"). */
  reason?: Localized;
  /** IANA time zone of the window's local times. */
  timeZone: string;
  schedule: MaintenanceSchedule;
  /** The scope: rollouts touching these services, monitors or tags. All empty = every rollout. */
  services: string[];
  monitors: string[];
  tags: string[];
}

const dateTime = z.string().min(1).max(40);
const ids = z.array(z.string().min(1).max(100)).default([]);

/** One `changes.freezes[]` entry as written in config. */
export const freezeEntrySchema = z
  .strictObject({
    id: z.string().regex(MONITOR_ID_PATTERN, 'must be 1-100 characters of a-z, 0-9, ".", "_" or "-", starting with a letter or digit').describe('Stable identifier of the freeze.'),
    title: localizedSchema.optional().describe('A name for people (English and French).'),
    reason: localizedSchema.optional().describe('Why changes are frozen, shown in the guard’s no-go (English and French, or one string for both).'),
    time_zone: z.string().min(1).default('UTC').describe('IANA time zone of the local times, e.g. Europe/Paris, Pacific/Noumea, Europe/Zurich.'),
    services: ids.describe('Service ids the freeze covers; with monitors and tags all empty, it covers every rollout.'),
    monitors: ids.describe('Monitor ids the freeze covers.'),
    tags: ids.describe('Tags the freeze covers.'),
    start: dateTime.optional().describe('Local start (`2026-12-20T00:00`, in time_zone) or an instant with an offset; for `rrule`, the first occurrence (DTSTART).'),
    end: dateTime.optional().describe('End of a one-off freeze (same forms as start).'),
    rrule: z.string().min(1).max(500).optional().describe('RFC 5545 rule (FREQ=DAILY|WEEKLY|MONTHLY, INTERVAL, BYDAY, BYMONTHDAY, BYHOUR, BYMINUTE, COUNT, UNTIL), e.g. FREQ=WEEKLY;BYDAY=FR.'),
    cron: z.string().min(1).max(200).optional().describe('5-field cron expression (minute hour day-of-month month day-of-week) in time_zone, e.g. "0 16 * * FRI".'),
    duration: duration({ min: 60_000, max: 366 * 86_400_000 }).optional().describe('Length of each occurrence of a recurring freeze (e.g. 64h for Friday 16:00 to Monday 08:00).'),
    until: dateTime.optional().describe('With `cron`: no occurrence starts after this time.'),
  })
  .transform((f, ctx): FreezeWindow => {
    const fail = (path: string, message: string) => {
      ctx.addIssue({ code: 'custom', message, path: [path] });
      return z.NEVER;
    };
    if (!isValidTimeZone(f.time_zone)) return fail('time_zone', `"${f.time_zone}" is not an IANA time zone such as Europe/Paris`);
    const schedule = scheduleOf(f, fail);
    return {
      id: f.id,
      ...(f.title ? { title: f.title } : {}),
      ...(f.reason ? { reason: f.reason } : {}),
      timeZone: f.time_zone,
      schedule,
      services: f.services,
      monitors: f.monitors,
      tags: f.tags,
    };
  })
  .describe('A change-freeze window: while it is in force, the rollout guard says no-go for the rollouts it covers.');

/** The `changes.freezes` list; ids must be unique. */
export const freezesSchema = z
  .array(freezeEntrySchema)
  .default([])
  .superRefine((freezes, ctx) => {
    const first = new Map<string, number>();
    freezes.forEach((f, i) => {
      const seen = first.get(f.id);
      if (seen === undefined) first.set(f.id, i);
      else ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate freeze id "${f.id}"; it is already used by freezes[${seen}]` });
    });
  })
  .describe('Change-freeze windows.');

/** The freezes in force at `at` (epoch ms; start included, end excluded), in config order. */
export function activeFreezes(freezes: readonly FreezeWindow[], at: number): FreezeWindow[] {
  return freezes.filter((f) => isInMaintenance(f, at));
}

/** When the occurrence of `freeze` running at `at` ends; null when none is running. */
export function freezeEndsAt(freeze: FreezeWindow, at: number): number | null {
  const [current] = nextOccurrences(freeze, at, 1);
  return current !== undefined && current.start <= at ? current.end : null;
}

/**
 * Whether `freeze` covers a rollout reaching these services, monitors and tags (resolved by the
 * caller): always when the freeze has no scope, else when they share one id or tag.
 */
export function freezeCovers(freeze: FreezeWindow, reach: { services: readonly string[]; monitors: readonly string[]; tags: readonly string[] }): boolean {
  if (freeze.services.length + freeze.monitors.length + freeze.tags.length === 0) return true;
  return freeze.services.some((s) => reach.services.includes(s)) || freeze.monitors.some((m) => reach.monitors.includes(m)) || freeze.tags.some((t) => reach.tags.includes(t));
}
