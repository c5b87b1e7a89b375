/** @module What the API and CLI may ask of the running engine. Implemented by `Engine`. */
import type { MonitorDefinition } from '../monitors/monitor.schema.js';
import type { CheckResult } from '../checks/types.js';
import type { MonitorStateName } from '../core/states.js';

/** What became of an ingested result: evaluated (with the monitor's state after it), or refused. */
export type IngestOutcome =
  | { ok: true; state: MonitorStateName }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'unknown_location'; locations: string[] };

export interface MonitorControl {
  /** Starts or reschedules a monitor after its definition was stored. */
  apply(def: MonitorDefinition): void;
  /** Stops scheduling a monitor after it was removed from storage. */
  remove(id: string): void;
  /** Pauses or resumes; stores the state and its transition. */
  setPaused(id: string, paused: boolean, by: string): Promise<void>;
  /** Runs a monitor once now, outside its schedule (the result is stored like any other). */
  runNow(id: string): Promise<CheckResult | undefined>;
  /**
   * Records a result seen from `location` (one of the monitor's `locations`) at `at`, and
   * evaluates it at once, as if that location had just run the check.
   */
  ingest(id: string, location: string, result: CheckResult, at: number): Promise<IngestOutcome>;
}
