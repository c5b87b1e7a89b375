/**
 * @module The `services:` and `maintenance:` config sections: their list schemas, the checks that
 * need the whole config (references to monitor ids, cycles) and the model the engine uses.
 */
import { z } from 'zod';
import { maintenanceEntrySchema, maintenanceTargetIssues } from '../maintenance/maintenance.schema.js';
import type { MaintenanceWindow } from '../maintenance/maintenance.types.js';
import { serviceEntrySchema, toServiceDefinition } from './service.schema.js';
import { buildServiceModel, cycleIssues, referenceIssues } from './service-model.js';
import type { ServiceDefinition, ServiceModel } from './service.types.js';

/** `services:`: the services, each turned into a {@link ServiceDefinition}. */
export const servicesSchema = z
  .array(serviceEntrySchema.transform(toServiceDefinition))
  .default([])
  .describe('Services as users see them: made of monitors and other services, with redundancy (k of n) and dependencies. See docs/services-and-incidents.md.');

/** `maintenance:`: the maintenance windows. */
export const maintenanceSchema = z
  .array(maintenanceEntrySchema)
  .default([])
  .describe('Maintenance windows, one-off or recurring (RRULE or cron) in a time zone, on services and monitors.');

/** What the whole-config checks need. */
export interface ServicesConfigPart {
  services: readonly ServiceDefinition[];
  maintenance: readonly MaintenanceWindow[];
}

/**
 * Issues that need every id: unknown or duplicate ids, cycles, maintenance targets. Paths start at
 * the section (`['services', 3, 'depends_on', 0]`).
 */
export function servicesConfigIssues(config: ServicesConfigPart, monitorIds: readonly string[]): { path: (string | number)[]; message: string }[] {
  const definitions = config.services.map(asDefinition);
  const services = [...referenceIssues(definitions, monitorIds), ...cycleIssues(definitions)].map((i) => ({ ...i, path: ['services', ...i.path] }));
  const serviceIds = definitions.map((s) => s.id);
  const windows = maintenanceTargetIssues(config.maintenance.map(asWindow), monitorIds, serviceIds).map((i) => ({ ...i, path: ['maintenance', ...i.path] }));
  return [...services, ...windows];
}

/**
 * An entry that failed its own validation reaches the whole-config check untransformed (its issues
 * are already reported): it keeps its id, so references to it are not reported as unknown, but no
 * references of its own, so it cannot crash or add follow-up issues.
 */
function asDefinition(entry: ServiceDefinition): ServiceDefinition {
  if (Array.isArray(entry.dependsOn)) return entry;
  const id = String((entry as { id?: unknown }).id ?? '');
  return { id, name: { en: id, fr: id }, criticality: 'normal', components: [], dependsOn: [], tags: [] };
}

function asWindow(entry: MaintenanceWindow): MaintenanceWindow {
  if (Array.isArray(entry.services) && Array.isArray(entry.monitors) && entry.schedule) return entry;
  return { id: String((entry as { id?: unknown }).id ?? ''), timeZone: 'UTC', schedule: { kind: 'once', start: 0, end: 1 }, services: [], monitors: [] };
}

/** The service model of a validated config, given the ids of its monitors. */
export function toServiceModel(config: Pick<ServicesConfigPart, 'services'>, monitorIds: Iterable<string>): ServiceModel {
  return buildServiceModel(config.services, monitorIds);
}
