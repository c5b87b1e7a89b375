/**
 * @module The config file schema: `server`, `api`, `storage`, `scheduler`, `log` and `monitors`.
 *
 * Every section has defaults, so an empty file is a valid config. Keys are snake_case, objects
 * are strict (unknown keys are errors) and every field is described for editor completion.
 */
import { changesConfigIssues, changesConfigSchema } from '../changes/changes-config.schema.js';
import { z } from 'zod';
import { duration } from '../core/duration.js';
import { monitorInputSchema, toDefinition, type MonitorDefinition } from '../monitors/monitor.schema.js';
import { domainEntryIssues, domainEntrySchema, domainIdCollisions, domainMonitorDefinitions, expandDomainEntry } from './domains-shortcut.js';
import { incidentsConfigSchema } from '../services/incidents-config.schema.js';
import { maintenanceSchema, servicesConfigIssues, servicesSchema } from '../services/services-config.js';
import { notificationSections, notificationsConfigIssues } from '../notifications/notifications-config.js';
import { crisisSections } from '../crisis/crisis.schema.js';
import { crisisConfigIssues } from '../crisis/crisis-config.js';
import { statusSections } from '../status/status.schema.js';
import { statusConfigIssues } from '../status/status-config.js';
import { apiConfigSchema } from './api-config.schema.js';

/** A web origin: scheme, host and optional port, as browsers send it in `Origin`. */
const ORIGIN_PATTERN = /^https?:\/\/(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

const corsSchema = z
  .strictObject({
    origins: z
      .array(z.string().refine((o) => o === '*' || ORIGIN_PATTERN.test(o), 'must be an origin such as https://status.example.org (scheme, host and port, no path), or "*"'))
      .max(100)
      .describe('Origins whose web pages may call the API from a browser; "*" for any. Empty: none.'),
  })
  .describe('Cross-origin requests from browsers (CORS); off when absent.');

const serverSchema = z
  .strictObject({
    host: z.string().min(1).default('127.0.0.1').describe('Address the HTTP API and console listen on (0.0.0.0 for all interfaces).'),
    port: z.number().int().min(0).max(65_535).default(3000).describe('TCP port of the HTTP API and console (0 picks a free port).'),
    public_url: z
      .string()
      .regex(/^https?:\/\/[^\s/]+/, 'must be an absolute http(s) URL')
      .optional()
      .describe('URL under which users reach Vigie, used in links in notifications and the status page.'),
    cors: corsSchema.optional(),
    metrics_token: z
      .string()
      .min(16, 'must be at least 16 characters')
      .max(200, 'must be at most 200 characters')
      .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
      .optional()
      .describe('When set, GET /metrics answers only with "Authorization: Bearer <metrics_token>". Write ${VAR} to keep it out of the file.'),
  })
  .describe('The HTTP server.');

const retentionSchema = z
  .strictObject({
    raw: duration({ min: 3_600_000 }).prefault('14d').describe('How long individual check results are kept (e.g. 14d).'),
    rollups: duration({ min: 86_400_000 }).prefault('400d').describe('How long hourly and daily rollups are kept (e.g. 400d).'),
  })
  .describe('How long history is kept.');

/** PostgreSQL connection URLs accepted in `storage.url` and `VIGIE_DATABASE_URL`. */
export const DATABASE_URL_PATTERN = /^postgres(ql)?:\/\/\S+$/;

const storageSchema = z
  .strictObject({
    sqlite_path: z.string().min(1).default('./data/vigie.db').describe('SQLite database file, used when no PostgreSQL URL is given.'),
    url: z
      .string()
      .regex(DATABASE_URL_PATTERN, 'must be a PostgreSQL URL such as postgres://user:password@host:5432/vigie')
      .optional()
      .describe('PostgreSQL URL; the VIGIE_DATABASE_URL environment variable takes precedence. Prefer ${VAR} over a literal password.'),
    retention: retentionSchema.prefault({}),
  })
  .describe('Where history is stored: SQLite by default, PostgreSQL when a URL is given.');

const schedulerSchema = z
  .strictObject({
    concurrency: z.number().int().min(1).max(10_000).default(200).describe('Most checks running at the same time.'),
    per_host: z.number().int().min(1).max(1000).default(20).describe('Most checks running at the same time against one host.'),
    jitter: z.boolean().default(true).describe('Spread monitors with the same interval over the interval instead of running them together.'),
    batch: z
      .strictObject({
        size: z.number().int().min(1).max(100_000).default(500).describe('Most results written to storage in one transaction.'),
        interval: duration({ min: 10, max: 60_000 }).prefault('1s').describe('Longest wait before pending results are written.'),
      })
      .prefault({})
      .describe('How results are batched into storage writes.'),
  })
  .describe('How checks are scheduled.');

/** Log levels, most verbose first. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

const logSchema = z
  .strictObject({
    level: z.enum(LOG_LEVELS).default('info').describe('Least severe level written to the log.'),
  })
  .describe('Logging.');

/** The ids used by more than one monitor: each later use with the index of the first one. */
export function findDuplicateIds(monitors: readonly unknown[]): { index: number; firstIndex: number; id: string }[] {
  const first = new Map<string, number>();
  const duplicates: { index: number; firstIndex: number; id: string }[] = [];
  monitors.forEach((monitor, index) => {
    const id = (monitor as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') return;
    const seen = first.get(id);
    if (seen === undefined) first.set(id, index);
    else duplicates.push({ index, firstIndex: seen, id });
  });
  return duplicates;
}

/** Marks the issue raised for a duplicate monitor id, so a loader can add both file positions. */
export const DUPLICATE_ID_ISSUE = 'duplicate_monitor_id';

const monitorsSchema = z
  .array(monitorInputSchema)
  .superRefine((monitors, ctx) => {
    for (const { index, firstIndex, id } of findDuplicateIds(monitors)) {
      ctx.addIssue({
        code: 'custom',
        message: `duplicate monitor id "${id}"; it is already used by monitors[${firstIndex}]`,
        path: [index, 'id'],
        params: { kind: DUPLICATE_ID_ISSUE, firstIndex },
      });
    }
  })
  .default([])
  .describe('The monitors: each has an id, common settings and exactly one check block (http, tcp, dns, tls, ...).');

const domainsSchema = z
  .array(domainEntrySchema)
  .superRefine((entries, ctx) => {
    entries.forEach((entry, index) => {
      for (const issue of domainEntryIssues(entry)) ctx.addIssue({ code: 'custom', message: issue.message, path: [index, ...issue.path] });
    });
  })
  .default([])
  .describe('Domains to watch: each creates a `domain` monitor (registry status, expiry) and a `delegation` monitor (NS delegation, resolution). See docs/domains.md.');

/** The whole config file. */
export const configSchema = z
  .strictObject({
    server: serverSchema.prefault({}),
    api: apiConfigSchema.prefault({}), // defined in api-config.schema.ts
    storage: storageSchema.prefault({}),
    scheduler: schedulerSchema.prefault({}),
    log: logSchema.prefault({}),
    monitors: monitorsSchema,
    domains: domainsSchema,
    services: servicesSchema,
    maintenance: maintenanceSchema,
    incidents: incidentsConfigSchema.prefault({}),
    ...notificationSections,
    ...crisisSections,
    ...statusSections,
    changes: changesConfigSchema,
  })
  .superRefine((config, ctx) => {
    for (const { index, message } of domainIdCollisions(config.domains, config.monitors.map((m) => m.id))) {
      ctx.addIssue({ code: 'custom', message, path: ['domains', index] });
    }
    const monitorIds = [...config.monitors.map((m) => m.id), ...config.domains.flatMap((e) => expandDomainEntry(e).map((m) => m.id))];
    for (const { path, message } of servicesConfigIssues(config, monitorIds)) ctx.addIssue({ code: 'custom', message, path });
    for (const { path, message } of notificationsConfigIssues(config, config.services.map((s) => String(s.id)))) ctx.addIssue({ code: 'custom', message, path });
    for (const { path, message } of crisisConfigIssues(config)) ctx.addIssue({ code: 'custom', message, path });
    for (const { path, message } of statusConfigIssues(config, monitorIds)) ctx.addIssue({ code: 'custom', message, path });
    for (const { path, message } of changesConfigIssues(config, monitorIds)) ctx.addIssue({ code: 'custom', message, path });
  })
  .describe('Vigie configuration.');

/** A parsed, validated config with defaults applied and durations in milliseconds. */
export type VigieConfig = z.output<typeof configSchema>;

/** The config as written in a file. */
export type VigieConfigInput = z.input<typeof configSchema>;

/** The config's monitors in the form the engine uses. */
export function toMonitorDefinitions(config: VigieConfig): MonitorDefinition[] {
  return [...config.monitors.map(toDefinition), ...domainMonitorDefinitions(config.domains)];
}
