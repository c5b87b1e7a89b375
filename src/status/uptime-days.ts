/**
 * @module The uptime bar of a component: one figure per day in the page's time zone, from a
 * service's state history (`serviceUptime`) or from a monitor's hourly rollups and the raw
 * results not rolled up yet. Pure: callers read the store and pass the time.
 *
 * A day's figures keep what they were computed from (`good` over `observed`: milliseconds for a
 * service, results for a monitor), so the bar's overall uptime weighs days by what was observed
 * and finished days can be kept from one build to the next.
 */
import { fromCivilDay, toInstant, toLocal } from '../maintenance/zoned-time.js';
import { serviceUptime, type ServiceStateSpan } from '../services/service-uptime.js';
import type { UptimeDay } from './status.types.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** One day's figures: `good` of `observed` (ms for services, results for monitors), outage minutes. */
export interface DayFigures {
  day: number;
  good: number;
  observed: number;
  partialMinutes: number;
  majorMinutes: number;
}

/** Status counts over a span of time (an hourly rollup, summed over locations, or raw results). */
export interface CountBucket {
  /** Start of the span, epoch ms. */
  at: number;
  /** Length of the span, ms (an hour for a rollup). */
  ms: number;
  count: number;
  up: number;
  degraded: number;
  down: number;
  unknown: number;
}

/** Midnight, in `timeZone`, of the day holding `at`. */
export function startOfDay(at: number, timeZone: string): number {
  const local = toLocal(at, timeZone);
  return toInstant({ year: local.year, month: local.month, day: local.day, hour: 0, minute: 0, second: 0 }, timeZone);
}

/** The starts of the last `days` days in `timeZone`, oldest first, the last being today's. */
export function dayStarts(now: number, timeZone: string, days: number): number[] {
  const today = toLocal(now, timeZone);
  const todayNumber = Math.floor(Date.UTC(today.year, today.month - 1, today.day) / DAY_MS);
  const starts: number[] = [];
  for (let n = todayNumber - days + 1; n <= todayNumber; n++) {
    const { year, month, day } = fromCivilDay(n);
    starts.push(toInstant({ year, month, day, hour: 0, minute: 0, second: 0 }, timeZone));
  }
  return starts;
}

/** The end (exclusive) of the day starting at `starts[i]`: the next start, or the next midnight after the last. */
export function dayEnd(starts: readonly number[], i: number, timeZone: string): number {
  return starts[i + 1] ?? startOfDay(starts[i]! + DAY_MS + 3 * 3_600_000, timeZone);
}

/** Index of the last change at or before `at` (changes sorted oldest first); -1 when none. */
function lastAtOrBefore(changes: readonly ServiceStateSpan[], at: number): number {
  let lo = 0;
  let hi = changes.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (changes[mid]!.at <= at) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * A service's figures for the days at `indexes` of `starts`, from its changes sorted oldest first
 * (the last change before the first day first). Time after `now` is not counted.
 */
export function serviceDayFigures(changes: readonly ServiceStateSpan[], starts: readonly number[], indexes: readonly number[], now: number, timeZone: string): DayFigures[] {
  return indexes.map((i) => {
    const from = starts[i]!;
    const to = Math.min(dayEnd(starts, i, timeZone), now);
    const first = Math.max(0, lastAtOrBefore(changes, from));
    const last = lastAtOrBefore(changes, to);
    const uptime = to > from && last >= 0 ? serviceUptime(changes.slice(first, last + 1), from, to) : { ratio: null, partialOutageMs: 0, majorOutageMs: 0, maintenanceMs: 0 };
    const observed = Math.max(0, to - from) - uptime.maintenanceMs - unobservedMs(changes, from, to);
    const good = uptime.ratio === null ? 0 : Math.round(uptime.ratio * observed);
    return { day: from, good, observed: uptime.ratio === null ? 0 : observed, partialMinutes: Math.round(uptime.partialOutageMs / MINUTE_MS), majorMinutes: Math.round(uptime.majorOutageMs / MINUTE_MS) };
  });
}

/** Time of `[from, to)` before the first known state (not observed). */
function unobservedMs(changes: readonly ServiceStateSpan[], from: number, to: number): number {
  const first = changes[0]?.at;
  if (first === undefined) return Math.max(0, to - from);
  return Math.max(0, Math.min(first, to) - from);
}

/**
 * A monitor's figures for the days at `indexes` of `starts`, from status counts (hourly rollups
 * summed over locations, raw results of the hours not rolled up yet): up or degraded results
 * are good, unknown ones (the check could not run) are not observed, and a day's outage minutes
 * are each span's share of down results times its length.
 */
export function monitorDayFigures(buckets: readonly CountBucket[], starts: readonly number[], indexes: readonly number[], timeZone: string): DayFigures[] {
  return indexes.map((i) => {
    const from = starts[i]!;
    const to = dayEnd(starts, i, timeZone);
    let good = 0;
    let observed = 0;
    let downMs = 0;
    for (const b of buckets) {
      if (b.at < from || b.at >= to || b.count === 0) continue;
      good += b.up + b.degraded;
      observed += b.count - b.unknown;
      downMs += (b.down / b.count) * b.ms;
    }
    return { day: from, good, observed, partialMinutes: 0, majorMinutes: Math.round(downMs / MINUTE_MS) };
  });
}

/** The public day of a day's figures. */
export function toUptimeDay(f: DayFigures): UptimeDay {
  return { day: f.day, ratio: f.observed > 0 ? f.good / f.observed : null, partialMinutes: f.partialMinutes, majorMinutes: f.majorMinutes };
}

/** Uptime over several days, each weighed by what it observed; null when nothing was. */
export function overallUptime(days: readonly DayFigures[]): number | null {
  let good = 0;
  let observed = 0;
  for (const d of days) {
    good += d.good;
    observed += d.observed;
  }
  return observed > 0 ? good / observed : null;
}
