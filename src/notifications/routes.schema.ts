/**
 * @module The `notifications:` config section: a tree of routes that match incidents by service,
 * tag, severity and criticality (like Alertmanager routes) and say which escalation policy and
 * channels take them, with grouping and repeat intervals. The first matching route wins unless it
 * says `continue: true`; a route without a match matches everything.
 */
import { z } from 'zod';
import { duration } from '../core/duration.js';
import { entityIdSchema } from '../oncall/schedule.schema.js';
import { SEVERITIES } from '../services/severity.js';
import { CRITICALITIES } from '../services/service.types.js';
import { templatesSchema } from './templates.schema.js';


const matchSchema = z
  .strictObject({
    services: z.array(z.string().min(1).max(100)).min(1).optional().describe('Service ids (the incident is about one of them).'),
    tags: z.array(z.string().min(1).max(64)).min(1).optional().describe('Tags: a monitor or service of the incident carries one of them.'),
    severities: z.array(z.enum(SEVERITIES)).min(1).optional().describe('Incident severities.'),
    criticalities: z.array(z.enum(CRITICALITIES)).min(1).optional().describe('Criticality of the incident’s service.'),
  })
  .describe('What the route takes; every field given must match (fields are ANDed, values within a field ORed).');

/** A route in the form the notification planner uses. */
export interface Route {
  match: z.output<typeof matchSchema>;
  escalation?: string | undefined;
  channels: string[];
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalMs: number;
  continue: boolean;
  routes: Route[];
}

type Inherited = Pick<Route, 'groupWaitMs' | 'groupIntervalMs' | 'repeatIntervalMs'> & { escalation?: string | undefined };

/** A route entry as written; nested routes inherit the timings and escalation of their parent. */
export const routeSchema = z.strictObject({
  match: matchSchema.prefault({}),
  escalation: entityIdSchema.optional().describe('Escalation policy paging people for matching incidents.'),
  channels: z.array(entityIdSchema).max(50).default([]).describe('Channels told of every event of matching incidents (rooms, webhooks), besides the escalation.'),
  group_wait: duration({ max: 3_600_000 }).optional().describe('Wait after an incident opens before the first message, so failures folded in meanwhile are named in one page (default 30s).'),
  group_interval: duration({ max: 86_400_000 }).optional().describe('Least time between two update messages of one incident (default 5m).'),
  repeat_interval: duration({ min: 60_000, max: 7 * 86_400_000 }).optional().describe('Re-send an unacknowledged open incident to the route channels this often (default 4h).'),
  continue: z.boolean().default(false).describe('Keep looking for matching routes after this one.'),
  get routes(): z.ZodOptional<z.ZodArray<typeof routeSchema>> {
    return z.array(routeSchema).max(100).optional().describe('Child routes, tried before falling back to this one.');
  },
});

type RouteEntry = z.output<typeof routeSchema>;

export const DEFAULT_TIMINGS: Inherited = { groupWaitMs: 30_000, groupIntervalMs: 300_000, repeatIntervalMs: 4 * 3_600_000 };

/** Turns a parsed route into a {@link Route}, filling inherited values. */
export function toRoute(entry: RouteEntry, parent: Inherited = DEFAULT_TIMINGS): Route {
  const own: Inherited = {
    groupWaitMs: entry.group_wait ?? parent.groupWaitMs,
    groupIntervalMs: entry.group_interval ?? parent.groupIntervalMs,
    repeatIntervalMs: entry.repeat_interval ?? parent.repeatIntervalMs,
    escalation: entry.escalation ?? parent.escalation,
  };
  return { match: entry.match, channels: entry.channels, continue: entry.continue, ...own, routes: (entry.routes ?? []).map((child) => toRoute(child, own)) };
}

/** `notifications.watchdog`: the dead man's switch calling out while Vigie's own pipeline is healthy. */
export const watchdogSchema = z
  .strictObject({
    url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).describe('URL called (GET) while the pipeline is healthy, e.g. the push URL of a heartbeat monitor on a second Vigie.'),
    every: duration({ min: 1000, max: 3_600_000 }).prefault('30s').describe('How often the URL is called.'),
    max_scheduler_lag: duration({ min: 1000 }).prefault('30s').describe('Most a due check may wait to start.'),
    max_outbox_lag: duration({ min: 1000 }).prefault('60s').describe('Most a state change may wait to be turned into incidents.'),
    max_delivery_lag: duration({ min: 1000 }).prefault('60s').describe('Most a due message may wait to be sent, and the notification loop between two completed steps.'),
  })
  .describe('Calls `url` every `every` only while checks, incidents and notifications keep up; silence means Vigie is in trouble.');

/** `notifications:`. */
export const notificationsSchema = z
  .strictObject({
    routes: z.array(routeSchema).max(200).default([]).describe('Routes, tried in order.'),
    language: z.enum(['en', 'fr']).default('en').describe('Language of messages to channels that post to a room (people get their own language).'),
    admins: z.array(entityIdSchema).max(50).default([]).describe('People told when a channel keeps failing or an escalation step is late.'),
    ack_link_ttl: duration({ min: 60_000, max: 7 * 86_400_000 }).prefault('24h').describe('How long a one-click acknowledge link stays valid.'),
    templates: templatesSchema.optional().describe('Message texts overriding the built-in ones, per event and language.'),
    watchdog: watchdogSchema.optional().describe('Dead man’s switch: a URL called only while Vigie’s own pipeline is healthy.'),
  })
  .describe('Who is told about which incidents: routes to escalation policies and channels.');
