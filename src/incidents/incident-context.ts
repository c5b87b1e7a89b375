/**
 * @module Builds what the incident engine and the API need from the config in force and the
 * maintenance windows created through the API: the service model and its graph, every window,
 * the timings and the severity matrix. The model is rebuilt only when the config changes.
 */
import { toMonitorDefinitions, type VigieConfig } from '../config/config.schema.js';
import { maintenanceEntrySchema } from '../maintenance/maintenance.schema.js';
import type { MaintenanceWindow } from '../maintenance/maintenance.types.js';
import { toServiceModel } from '../services/services-config.js';
import type { StoredWindow } from '../storage/incidents.repository.js';
import type { IncidentContext } from './incident-settings.js';
import { serviceGraph } from './service-graph.js';

/** A maintenance window created through the API, parsed; `undefined` when it no longer validates. */
export function parseApiWindow(stored: StoredWindow): MaintenanceWindow | undefined {
  const parsed = maintenanceEntrySchema.safeParse(stored.definition);
  return parsed.success ? parsed.data : undefined;
}

/** Returns a builder that caches the model per config object. */
export function incidentContextBuilder(): (config: VigieConfig, apiWindows: readonly StoredWindow[]) => IncidentContext {
  let cached: { config: VigieConfig; base: Omit<IncidentContext, 'windows'> } | undefined;
  return (config, apiWindows) => {
    if (cached?.config !== config) {
      const monitors = toMonitorDefinitions(config);
      const names = new Map(monitors.map((m) => [m.id, m.name]));
      const model = toServiceModel(config, names.keys());
      const i = config.incidents;
      cached = {
        config,
        base: {
          model,
          graph: serviceGraph(model),
          timings: { groupingWindowMs: i.grouping_window, resolveAfterMs: i.resolve_after, reopenWithinMs: i.reopen_within, commonModeWindowMs: i.common_mode.window, commonModeShare: i.common_mode.share },
          matrix: i.severity_matrix,
          monitorName: (id) => names.get(id) ?? id,
        },
      };
    }
    const configIds = new Set(config.maintenance.map((w) => w.id));
    const fromApi = apiWindows.filter((w) => !configIds.has(w.id)).map(parseApiWindow).filter((w): w is MaintenanceWindow => w !== undefined);
    return { ...cached.base, windows: [...config.maintenance, ...fromApi] };
  };
}
