/**
 * @module Maintenance windows: one-off or recurring (RRULE subset or cron) in an IANA time zone,
 * targeting services and monitors. Plain data; see `maintenance-window.ts` for the pure queries.
 */
import type { Localized } from '../services/service.types.js';

/** A local wall-clock time in the window's time zone (no offset), as written in config. */
export interface LocalDateTime {
  year: number;
  /** 1-12. */
  month: number;
  /** 1-31. */
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The parsed RFC 5545 RRULE subset Vigie understands. */
export interface RecurrenceRule {
  freq: 'DAILY' | 'WEEKLY' | 'MONTHLY';
  interval: number;
  /** Weekdays, 0 = Sunday … 6 = Saturday, with an optional ordinal in the month (MONTHLY: 1 = first, -1 = last). */
  byDay?: { weekday: number; ordinal?: number }[];
  /** Days of the month, 1..31 or -31..-1 (from the end). */
  byMonthDay?: number[];
  byHour?: number[];
  byMinute?: number[];
  count?: number;
  /** Epoch ms; occurrences starting after it are not generated. */
  until?: number;
}

/** The parsed 5-field cron expression: the allowed values of each field, sorted. */
export interface CronSchedule {
  minutes: number[];
  hours: number[];
  daysOfMonth: number[];
  months: number[];
  /** 0 = Sunday … 6 = Saturday. */
  daysOfWeek: number[];
  /** Whether the day-of-month and day-of-week fields were restricted (`*` is not): cron ORs them when both are. */
  domRestricted: boolean;
  dowRestricted: boolean;
}

/** When a window applies. */
export type MaintenanceSchedule =
  | { kind: 'once'; start: number; end: number }
  | { kind: 'rrule'; start: LocalDateTime; rule: RecurrenceRule; durationMs: number }
  | { kind: 'cron'; cron: CronSchedule; durationMs: number; notBefore?: number; notAfter?: number };

/** A maintenance window (validated). */
export interface MaintenanceWindow {
  id: string;
  title?: Localized;
  /** IANA time zone of the window's local times, e.g. `Europe/Paris`. */
  timeZone: string;
  schedule: MaintenanceSchedule;
  /** Service ids the window covers. */
  services: string[];
  /** Monitor ids the window covers. */
  monitors: string[];
}

/** One occurrence of a window, in epoch milliseconds: `start` ≤ t < `end`. */
export interface Occurrence {
  start: number;
  end: number;
}
