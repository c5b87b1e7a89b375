/** @module What the service, incident and maintenance routes need from the running process. */
import type { IncidentContext } from '../../incidents/incident-settings.js';
import type { MaintenanceWindow } from '../../maintenance/maintenance.types.js';
import { buildServiceModel } from '../../services/service-model.js';
import { DEFAULT_TIMINGS } from '../../incidents/incident-settings.js';
import { serviceGraph } from '../../incidents/service-graph.js';

/** The service model, windows and settings in force, and the windows of the configuration file. */
export interface IncidentApiDeps {
  context(): Promise<IncidentContext>;
  configWindows(): readonly MaintenanceWindow[];
}

/** No services, no windows: for a server built without a configuration (tests of other routes). */
export function emptyIncidentDeps(): IncidentApiDeps {
  const model = buildServiceModel([], []);
  const ctx: IncidentContext = { model, graph: serviceGraph(model), windows: [], timings: DEFAULT_TIMINGS, monitorName: (id) => id };
  return { context: async () => ctx, configWindows: () => [] };
}
