/**
 * @module What routes, silences and messages need to know about an incident, taken from the
 * config in force: the services it touches, the tags of its monitors and services, its severity
 * and its service's criticality; whether a maintenance window covers it now; and its cause in
 * plain words from the stored state of its service.
 */
import { toMonitorDefinitions, type VigieConfig } from '../config/config.schema.js';
import type { Incident } from '../incidents/incident.types.js';
import { activeMaintenanceTargets } from '../maintenance/maintenance-window.js';
import type { MaintenanceWindow } from '../maintenance/maintenance.types.js';
import type { Store } from '../storage/store.js';
import type { IncidentFacts } from './route-match.js';

/** Facts of incidents under one config (rebuild it when the config changes). */
export function incidentFactsOf(config: VigieConfig): (incident: Incident) => IncidentFacts {
  const monitorTags = new Map(toMonitorDefinitions(config).map((m) => [m.id, m.tags]));
  const services = new Map(config.services.map((s) => [s.id, s]));
  return (incident) => {
    const refs = incident.affected.map((a) => a.split(':') as [string, string]);
    const serviceIds = [...new Set([...(incident.serviceId ? [incident.serviceId] : []), ...refs.filter(([k]) => k === 'service').map(([, id]) => id)])];
    const tags = new Set<string>();
    for (const [kind, id] of refs) for (const tag of (kind === 'monitor' ? monitorTags.get(id) : services.get(id)?.tags) ?? []) tags.add(tag);
    const criticality = incident.serviceId ? services.get(incident.serviceId)?.criticality : undefined;
    return { services: serviceIds, tags: [...tags], severity: incident.severity, ...(criticality ? { criticality } : {}) };
  };
}

/** The maintenance windows covering an incident's service or monitors at `at`, by id. */
export function maintenanceOf(incident: Incident, windows: readonly MaintenanceWindow[], at: number): string[] {
  const active = activeMaintenanceTargets(windows, at);
  const ids = [...(incident.serviceId ? [incident.serviceId] : []), ...incident.affected.map((a) => a.slice(a.indexOf(':') + 1))];
  return [...new Set(ids.flatMap((id) => active.get(id) ?? []))];
}

/** The plain-words cause of an incident's service from its stored state (redundancy first), in both languages. */
export async function storedCause(store: Store, incident: Incident): Promise<{ en: string; fr: string } | undefined> {
  if (!incident.serviceId) return undefined;
  const state = (await store.incidents.serviceStates()).find((s) => s.serviceId === incident.serviceId);
  const reasons = (state?.details?.['reasons'] as { code?: string; en?: string; fr?: string }[] | undefined)?.filter((r) => r.en && r.fr) ?? [];
  if (reasons.length === 0) return undefined;
  const ordered = [...reasons.filter((r) => r.code?.startsWith('redundancy')), ...reasons.filter((r) => !r.code?.startsWith('redundancy'))];
  return { en: ordered.map((r) => r.en).join('; '), fr: ordered.map((r) => r.fr).join(' ; ') };
}
