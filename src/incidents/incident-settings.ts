/**
 * @module What the incident engine needs to know at a given moment: the service model and its
 * graph, the maintenance windows (config and API), and the timing settings.
 */
import type { MaintenanceWindow } from '../maintenance/maintenance.types.js';
import type { ServiceModel } from '../services/service.types.js';
import type { SeverityMatrix } from '../services/severity.js';
import type { ServiceGraph } from './service-graph.js';

/** Timing and thresholds of the incident engine. */
export interface IncidentTimings {
  /** A related failure within this time of an incident's last failure joins it (default 5 min). */
  groupingWindowMs: number;
  /** Resolve automatically once everything stayed recovered this long (default 5 min). */
  resolveAfterMs: number;
  /** A failure recurring within this time of a resolution reopens the incident (default 30 min). */
  reopenWithinMs: number;
  /** Common-mode detection: window and share of a redundancy group (defaults 5 min, 0.5). */
  commonModeWindowMs: number;
  commonModeShare: number;
}

export const DEFAULT_TIMINGS: IncidentTimings = {
  groupingWindowMs: 5 * 60_000,
  resolveAfterMs: 5 * 60_000,
  reopenWithinMs: 30 * 60_000,
  commonModeWindowMs: 5 * 60_000,
  commonModeShare: 0.5,
};

/** The model, windows and settings in force. */
export interface IncidentContext {
  model: ServiceModel;
  graph: ServiceGraph;
  /** Config windows and API windows together. */
  windows: readonly MaintenanceWindow[];
  timings: IncidentTimings;
  matrix?: SeverityMatrix;
  /** Monitor names for sentences; ids when unknown. */
  monitorName(id: string): string;
}
