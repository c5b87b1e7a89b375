/** @module The states a monitor can be in, and what a single check can report. */

/** What one run of a check found. `unknown`: the check itself could not run. */
export const RESULT_STATUSES = ['up', 'degraded', 'down', 'unknown'] as const;
export type ResultStatus = (typeof RESULT_STATUSES)[number];

/** A monitor's confirmed state. `pending` until its first confirmed result. */
export const MONITOR_STATES = ['pending', 'up', 'degraded', 'down', 'unknown', 'paused'] as const;
export type MonitorStateName = (typeof MONITOR_STATES)[number];

/** How bad a state is, for ordering (higher is worse). */
export const SEVERITY_RANK: Record<MonitorStateName, number> = {
  paused: 0,
  pending: 0,
  up: 1,
  unknown: 2,
  degraded: 3,
  down: 4,
};
