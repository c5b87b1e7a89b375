/**
 * @module The `services:` config entries: zod schemas turning what is written in YAML into
 * {@link ServiceDefinition}s. References between ids (members, dependencies, cycles) are checked
 * on the whole config by `service-model.ts`, where monitor ids are known.
 */
import { z } from 'zod';
import { MONITOR_ID_PATTERN } from '../monitors/monitor.schema.js';
import { CRITICALITIES, DEPENDENCY_IMPACTS, type Localized, type ServiceDefinition } from './service.types.js';

/** Service ids follow the monitor id rules; they share one namespace with monitors. */
export const serviceIdSchema = z
  .string()
  .regex(MONITOR_ID_PATTERN, 'must be 1-100 characters of a-z, 0-9, ".", "_" or "-", starting with a letter or digit');

const memberIdSchema = z.string().min(1).max(100).describe('A monitor id or a service id.');

/** A text in French and English, or one string used for both. */
export const localizedSchema = z
  .union([z.string().min(1).max(500), z.strictObject({ en: z.string().min(1).max(500), fr: z.string().min(1).max(500) })])
  .transform((v): Localized => (typeof v === 'string' ? { en: v, fr: v } : v))
  .describe('A text in English and French (`{ en: …, fr: … }`), or one string used for both.');

const redundancySchema = z
  .strictObject({
    members: z.array(memberIdSchema).min(1).max(1000).describe('The redundant members (monitor or service ids), e.g. one call server per site.'),
    min_healthy: z.number().int().min(1).describe('k: the fewest healthy members the service needs to work (1 ≤ k ≤ number of members).'),
    member_label: localizedSchema.optional().describe('What members are called in summaries, e.g. `{ en: call servers, fr: serveurs d’appel }`.'),
  })
  .describe('A k-of-n redundancy group: operational with every member, degraded ("redundancy reduced") with at least k, in outage below k.');

const dependencySchema = z
  .union([
    memberIdSchema.describe('A service id (impact: outage).'),
    z.strictObject({
      service: memberIdSchema.describe('The service depended on.'),
      impact: z.enum(DEPENDENCY_IMPACTS).default('outage').describe('What its outage does to this service: `outage` (the same outage) or `degraded`.'),
    }),
  ])
  .describe('A service this one needs: when it is in outage, this service is at least in the declared impact.');

/** One `services[]` entry as written in config. */
export const serviceEntrySchema = z
  .strictObject({
    id: serviceIdSchema.describe('Stable identifier, unique among services and monitors.'),
    name: localizedSchema.optional().describe('Display name (defaults to the id), in English and French.'),
    description: localizedSchema.optional(),
    criticality: z.enum(CRITICALITIES).default('normal').describe('How much the service matters (vital, high, normal); with its state it gives an incident\'s severity.'),
    components: z.array(memberIdSchema).max(1000).default([]).describe('Monitors or services that are all needed (no redundancy between them).'),
    redundancy: redundancySchema.optional(),
    depends_on: z.array(dependencySchema).max(100).default([]).describe('Services this one needs.'),
    tags: z.array(z.string().min(1).max(64)).max(50).default([]).describe('Free tags used for filtering.'),
  })
  .superRefine((s, ctx) => {
    if (s.components.length === 0 && !s.redundancy) {
      ctx.addIssue({ code: 'custom', message: 'needs `components` or `redundancy` (or both): the monitors or services it is made of', path: [] });
    }
    if (s.redundancy && s.redundancy.min_healthy > s.redundancy.members.length) {
      ctx.addIssue({ code: 'custom', message: `must not exceed the number of members (${s.redundancy.members.length})`, path: ['redundancy', 'min_healthy'] });
    }
  })
  .describe('A service as users see it, made of monitors and other services, with redundancy and dependencies.');

export type ServiceEntry = z.output<typeof serviceEntrySchema>;

/** Converts a parsed entry into a {@link ServiceDefinition}. */
export function toServiceDefinition(entry: ServiceEntry): ServiceDefinition {
  return {
    id: entry.id,
    name: entry.name ?? { en: entry.id, fr: entry.id },
    ...(entry.description ? { description: entry.description } : {}),
    criticality: entry.criticality,
    components: entry.components,
    ...(entry.redundancy
      ? {
          redundancy: {
            members: entry.redundancy.members,
            minHealthy: entry.redundancy.min_healthy,
            ...(entry.redundancy.member_label ? { memberLabel: entry.redundancy.member_label } : {}),
          },
        }
      : {}),
    dependsOn: entry.depends_on.map((d) => (typeof d === 'string' ? { service: d, impact: 'outage' as const } : d)),
    tags: entry.tags,
  };
}
