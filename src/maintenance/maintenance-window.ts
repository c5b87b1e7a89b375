/**
 * @module Pure queries on maintenance windows: is a window active at an instant, its next
 * occurrences, and the monitor and service ids under maintenance now. No clock: callers pass the time.
 *
 * A recurring occurrence lasts `duration` of real time from its local start: a 2 h window that
 * starts at 01:30 on a spring-forward night ends 2 h later, at 04:30 local.
 */
import { cronStarts } from './cron.js';
import type { MaintenanceSchedule, MaintenanceWindow, Occurrence } from './maintenance.types.js';
import { ruleStarts } from './rrule.js';

/** The most occurrences {@link nextOccurrences} gives in one call. */
export const MAX_OCCURRENCES = 1000;

type Recurring = Exclude<MaintenanceSchedule, { kind: 'once' }>;

function starts(schedule: Recurring, timeZone: string, fromMs: number, limit: number): number[] {
  if (schedule.kind === 'rrule') return ruleStarts(schedule.rule, schedule.start, timeZone, fromMs, limit);
  const from = Math.max(fromMs, schedule.notBefore ?? -Infinity);
  const found = cronStarts(schedule.cron, timeZone, from, limit);
  return schedule.notAfter === undefined ? found : found.filter((at) => at <= schedule.notAfter!);
}

/**
 * The next `count` occurrences of `window` that have not ended at `from` (one running at `from`
 * comes first), in order. One-off windows give at most one.
 */
export function nextOccurrences(window: MaintenanceWindow, from: number, count: number): Occurrence[] {
  const limit = Math.max(0, Math.min(count, MAX_OCCURRENCES));
  if (limit === 0) return [];
  const { schedule } = window;
  if (schedule.kind === 'once') return schedule.end > from ? [{ start: schedule.start, end: schedule.end }] : [];
  // Every start after `from - duration` ends after `from`: looking back one duration finds the running ones.
  return starts(schedule, window.timeZone, from - schedule.durationMs + 1, limit).map((start) => ({ start, end: start + schedule.durationMs }));
}

/** True when `at` (epoch ms) falls inside an occurrence of `window` (start included, end excluded). */
export function isInMaintenance(window: MaintenanceWindow, at: number): boolean {
  const [first] = nextOccurrences(window, at, 1);
  return first !== undefined && first.start <= at && at < first.end;
}

/**
 * The ids (monitors and services) covered by a window active at `at`, with the windows that
 * cover each id (so a status can name the window).
 */
export function activeMaintenanceTargets(windows: readonly MaintenanceWindow[], at: number): Map<string, string[]> {
  const targets = new Map<string, string[]>();
  for (const window of windows) {
    if (!isInMaintenance(window, at)) continue;
    for (const id of [...window.services, ...window.monitors]) targets.set(id, [...(targets.get(id) ?? []), window.id]);
  }
  return targets;
}
