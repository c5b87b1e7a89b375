/**
 * @module On-call schedules as plain data: layers of rotations with a hand-off in an IANA time
 * zone, optional weekly restrictions, and overrides on top. See `on-call.ts` for the pure queries.
 */
import type { LocalDateTime } from '../maintenance/maintenance.types.js';

/** A part of the week a layer is active in: `days` (0 = Sunday … 6 = Saturday) from `from` to `to` (minutes after local midnight). */
export interface ActiveWindow {
  days: number[];
  /** Minutes after local midnight, 0..1439. */
  from: number;
  /** Minutes after local midnight, 1..1440; not after `from` means "until `to` the next day". */
  to: number;
}

/** One rotation: `members` take turns, each for one shift, starting with the first at `start`. */
export interface Layer {
  name: string;
  /** Person ids in rotation order. */
  members: string[];
  /** The first hand-off, a local time in the schedule's time zone. */
  start: LocalDateTime;
  /**
   * Shift length. Whole days (`daily` = 1, `weekly` = 7) are counted in calendar days, so the
   * hand-off stays at the same local time across daylight-saving changes; a custom length that
   * is not whole days is counted in elapsed time.
   */
  shift: { days: number } | { ms: number };
  /** When set, the layer is active only inside these windows. */
  active?: ActiveWindow[];
}

/** Someone standing in for the rotation, from `start` to `end` (epoch ms). Later entries win over earlier ones. */
export interface Override {
  start: number;
  end: number;
  person: string;
  /** Why (shown in answers): "swap with Bob", "sick leave". */
  note?: string;
}

export interface Schedule {
  id: string;
  timeZone: string;
  /** Bottom to top: where a higher layer has someone, it wins. */
  layers: Layer[];
  overrides: Override[];
}

/** Who is on call for a stretch of time, and why. */
export interface OnCallSegment {
  start: number;
  end: number;
  person: string;
  /** `override` or the layer's name. */
  source: { kind: 'override'; index: number; note?: string } | { kind: 'layer'; name: string };
}
