/**
 * @module The `status_pages:` config section: public (or token-protected) status pages, each with
 * a title, languages, a logo, components (services or monitors, grouped), the host names it
 * answers for, how long an incident may go without a public update, and subscriptions (e-mail
 * through an `email` channel, signed webhooks). References to services, monitors and channels are
 * checked on the whole config by `status-config.ts`.
 */
import { z } from 'zod';
import { duration } from '../core/duration.js';
import { entityIdSchema } from '../oncall/schedule.schema.js';
import { localizedSchema } from '../services/service.schema.js';
import { isValidTimeZone } from '../maintenance/zoned-time.js';

const DAY = 86_400_000;

/** A host name as sent in `Host` (lower case, no port), e.g. `status.example.org`. */
const hostSchema = z
  .string()
  .min(1)
  .max(253)
  .regex(/^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be a lower-case host name such as status.example.org (no scheme, no port)');

/** One component of a page: a service or a monitor, with the name the public reads. */
export interface ComponentDefinition {
  kind: 'service' | 'monitor';
  id: string;
  name?: { en: string; fr: string };
  description?: { en: string; fr: string };
}

const componentFields = {
  service: z.string().min(1).max(100).optional().describe('A service id.'),
  monitor: z.string().min(1).max(100).optional().describe('A monitor id (then `name` is required: monitor names are internal).'),
  name: localizedSchema.optional().describe('Public name (default: the service name).'),
  description: localizedSchema.optional().describe('Public description.'),
};

type ComponentInput = { service?: string | undefined; monitor?: string | undefined; name?: { en: string; fr: string } | undefined; description?: { en: string; fr: string } | undefined };

function checkComponent(c: ComponentInput, ctx: z.RefinementCtx, at: (string | number)[] = []): void {
  if ((c.service === undefined) === (c.monitor === undefined)) ctx.addIssue({ code: 'custom', message: 'set exactly one of `service`, `monitor` (or `group` with `components`)', path: at });
  else if (c.monitor !== undefined && c.name === undefined) ctx.addIssue({ code: 'custom', message: 'a monitor needs a public `name`: monitor names are internal', path: [...at, 'name'] });
}

function toComponent(c: ComponentInput): ComponentDefinition {
  return { kind: c.service !== undefined ? 'service' : 'monitor', id: (c.service ?? c.monitor)!, ...(c.name ? { name: c.name } : {}), ...(c.description ? { description: c.description } : {}) };
}

/** `{ service: emergency-calls }` or `{ monitor: web-1, name: { en: Website, fr: Site web } }`. */
export const componentSchema = z
  .strictObject(componentFields)
  .superRefine((c, ctx) => checkComponent(c, ctx))
  .transform(toComponent)
  .describe('`{ service: emergency-calls }` or `{ monitor: web-1, name: { en: Website, fr: Site web } }`.');

/** A group of components, or one component alone. */
const entrySchema = z
  .strictObject({
    group: localizedSchema.optional().describe('Group name, e.g. `{ en: Telephony, fr: Téléphonie }`; with `components`.'),
    components: z.array(componentSchema).min(1).max(200).optional().describe('The components of the group.'),
    ...componentFields,
  })
  .superRefine((e, ctx) => {
    if (e.group !== undefined || e.components !== undefined) {
      if (e.group === undefined) ctx.addIssue({ code: 'custom', message: 'a group needs a `group` name', path: ['group'] });
      if (e.components === undefined) ctx.addIssue({ code: 'custom', message: 'a group needs `components`', path: ['components'] });
      for (const key of ['service', 'monitor', 'name', 'description'] as const) if (e[key] !== undefined) ctx.addIssue({ code: 'custom', message: `not in a group: put \`${key}\` on one of its components`, path: [key] });
      return;
    }
    checkComponent(e, ctx);
  })
  .transform((e) => (e.group !== undefined ? { group: e.group, components: e.components! } : toComponent(e)))
  .describe('A component (`{ service: … }`, `{ monitor: …, name: … }`) or a group (`{ group: …, components: [...] }`).');

/** One `status_pages[]` entry. */
export const statusPageSchema = z
  .strictObject({
    id: entityIdSchema.describe('Stable identifier; the page is served at `/status/<id>` (the first page also at `/status`).'),
    title: localizedSchema.describe('Page title, e.g. `{ en: Operator status, fr: État des services }`.'),
    description: localizedSchema.optional().describe('A line under the title.'),
    languages: z.array(z.enum(['fr', 'en'])).min(1).max(2).default(['fr', 'en']).describe('Languages offered, the first being the default when `Accept-Language` names none of them.'),
    logo: z.string().max(2000).optional().describe('Logo: an https URL, or a file path (PNG, SVG, JPEG, at most 512 KiB) served by Vigie.'),
    hosts: z.array(hostSchema).max(20).default([]).describe('Host names the page answers for at `/` (several pages on one Vigie).'),
    private_token: z.string().min(16).max(200).optional().describe('When set, the page is private: `?token=` (or the cookie it sets) is required.'),
    time_zone: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Paris').default('Europe/Paris').describe('Time zone of the times shown.'),
    components: z.array(entrySchema).min(1).max(500).describe('Components, alone or in groups.'),
    show_details: z.boolean().default(false).describe('Show internal details (monitor reasons, incident causes) on the page; off by default.'),
    update_interval: duration({ min: 60_000, max: 7 * DAY }).prefault('1h').describe('An open incident without a public update for longer is marked "no update for N min".'),
    history_days: z.number().int().min(1).max(365).default(90).describe('Days of uptime bars and incident history (90 by default).'),
    subscriptions: z
      .strictObject({
        email: z.strictObject({ channel: entityIdSchema.describe('The `email` channel confirmation and update mails go through.') }).optional(),
        webhooks: z.boolean().default(false).describe('Accept webhook subscribers (signed with HMAC-SHA256).'),
        per_address_per_day: z.number().int().min(1).max(100).default(3).describe('At most this many confirmation mails per address per day.'),
      })
      .optional()
      .describe('Subscriptions: e-mail with double opt-in, signed webhooks; off when absent.'),
  })
  .describe('A public status page. See docs/status-pages.md.');
export type StatusPageDefinition = z.output<typeof statusPageSchema>;

/** The config sections this module adds. */
export const statusSections = {
  status_pages: z.array(statusPageSchema).max(50).default([]).describe('Public status pages, served by Vigie (and `vigie status serve`), exported as static files by `vigie status export`.'),
};
