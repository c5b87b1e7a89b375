/**
 * @module The maintenance a page announces: the occurrences of the windows (config and API) that
 * cover its components, in progress or starting within the horizon (30 days by default). Pure.
 */
import type { Localized } from '../incidents/incident.types.js';
import { nextOccurrences } from '../maintenance/maintenance-window.js';
import type { MaintenanceWindow } from '../maintenance/maintenance.types.js';
import type { PublicMaintenance } from './status.types.js';

/** How far ahead a page announces maintenance. */
export const MAINTENANCE_HORIZON_MS = 30 * 86_400_000;
/** The most occurrences of one window a page lists (a daily window over 30 days fits). */
const MAX_PER_WINDOW = 40;

const DEFAULT_TITLE: Localized = { en: 'Scheduled maintenance', fr: 'Maintenance programmée' };

/** A page's component with the service or monitor it shows. */
export interface ComponentRef {
  id: string;
  ref: { kind: 'service' | 'monitor'; id: string };
}

/** The ids of the components a window covers. */
export function coveredComponents(window: MaintenanceWindow, components: readonly ComponentRef[]): string[] {
  return components.filter((c) => (c.ref.kind === 'service' ? window.services : window.monitors).includes(c.ref.id)).map((c) => c.id);
}

/** In-progress and upcoming occurrences of the windows covering `components`, soonest first. */
export function pageMaintenances(windows: readonly MaintenanceWindow[], components: readonly ComponentRef[], now: number, horizonMs = MAINTENANCE_HORIZON_MS): PublicMaintenance[] {
  const out: PublicMaintenance[] = [];
  for (const window of windows) {
    const componentIds = coveredComponents(window, components);
    if (componentIds.length === 0) continue;
    for (const o of nextOccurrences(window, now, MAX_PER_WINDOW)) {
      if (o.start > now + horizonMs) break;
      out.push({
        id: `${window.id}-${o.start}`,
        title: window.title ?? DEFAULT_TITLE,
        description: null,
        status: o.start <= now ? 'in_progress' : 'scheduled',
        scheduledFor: o.start,
        scheduledUntil: o.end,
        componentIds,
      });
    }
  }
  return out.sort((a, b) => a.scheduledFor - b.scheduledFor || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
