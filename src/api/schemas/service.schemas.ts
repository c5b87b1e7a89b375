/** @module Service and maintenance window request and response schemas. */
import { z } from 'zod';
import { CRITICALITIES, DEPENDENCY_IMPACTS, SERVICE_STATES } from '../../services/service.types.js';
import { isoTime } from './common.schemas.js';

const localizedView = z.object({ en: z.string(), fr: z.string() });

const uptimeRatio = z.number().min(0).max(1).nullable();

export const serviceView = z.object({
  id: z.string(),
  name: localizedView,
  description: localizedView.optional(),
  criticality: z.enum(CRITICALITIES),
  tags: z.array(z.string()),
  state: z.enum(SERVICE_STATES).describe('Statuspage vocabulary: operational, degraded_performance, partial_outage, major_outage, under_maintenance.'),
  since: isoTime.nullable(),
  reasons: z.array(z.object({ code: z.string(), en: z.string(), fr: z.string(), subject: z.string().optional() })),
  redundancy: z.object({ healthy: z.number().int(), total: z.number().int(), minHealthy: z.number().int(), failing: z.array(z.string()) }).optional(),
  members: z.array(z.object({ id: z.string(), kind: z.enum(['monitor', 'service']), role: z.enum(['component', 'redundant']), state: z.string() })),
  dependsOn: z.array(z.object({ service: z.string(), impact: z.enum(DEPENDENCY_IMPACTS) })),
  uptime: z
    .object({ '24h': uptimeRatio, '7d': uptimeRatio, '30d': uptimeRatio, '90d': uptimeRatio })
    .describe('Mean uptime of the service’s monitors (nested services included) over each period, from hourly rollups; null without data.'),
});

export const serviceList = z.object({ items: z.array(serviceView) });

export const maintenanceView = z.object({
  id: z.string(),
  source: z.enum(['file', 'api']).describe('`file` windows come from the configuration and are read-only here.'),
  definition: z.record(z.string(), z.unknown()).nullable().describe('The window as written (API windows only).'),
  timeZone: z.string(),
  services: z.array(z.string()),
  monitors: z.array(z.string()),
  active: z.boolean().describe('Whether the window is in force now.'),
  next: z.object({ start: isoTime, end: isoTime }).nullable().describe('The current or next occurrence.'),
});

export const maintenanceList = z.object({ items: z.array(maintenanceView) });

/** The body of `POST`/`PUT`: a window as written in the `maintenance:` config section (validated by its schema). */
export const maintenanceBody = z.record(z.string(), z.unknown()).describe('A maintenance window as in the `maintenance:` config section: id, title, time_zone, services, monitors, start/end, rrule or cron with duration.');
