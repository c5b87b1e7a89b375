/**
 * @module The `stakeholders:` and `crisis:` config sections: crisis cells (roles filled by persons
 * or on-call schedules, a bridge, a crisis channel, checklists per crisis kind), activation rules,
 * communication obligations (internal notice, public updates, authority notifications with the
 * NIS2 and GDPR presets) and the draft templates. References between ids are checked on the whole
 * config by `crisis-config.ts`.
 */
import { z } from 'zod';
import { duration } from '../core/duration.js';
import { isValidTimeZone } from '../maintenance/zoned-time.js';
import { entityIdSchema } from '../oncall/schedule.schema.js';
import { localizedSchema } from '../services/service.schema.js';
import { SEVERITIES } from '../services/severity.js';
import { CRITICALITIES } from '../services/service.types.js';
import { compileTemplate, TemplateError, type Template } from '../notifications/template.js';
import { DRAFT_PLACEHOLDERS } from './draft-placeholders.js';

const DAY = 86_400_000;

/** The roles of a crisis cell, in the order they are listed. */
export const CRISIS_ROLES = ['crisis_lead', 'communication_lead', 'technical_lead', 'scribe', 'authority_liaison'] as const;
export type CrisisRole = (typeof CRISIS_ROLES)[number];

/** Stakeholder groups: who is told, distinct from responders. */
export const STAKEHOLDER_GROUPS = ['authorities', 'executives', 'partners', 'public'] as const;
export type StakeholderGroup = (typeof STAKEHOLDER_GROUPS)[number];

/** Who a communication is for. */
export const AUDIENCES = ['internal', 'public', 'authority', 'stakeholder'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** A member of a role: a person, or whoever is on call on a schedule at activation. */
export type RoleMember = { kind: 'person' | 'schedule'; id: string };

const memberSchema = z
  .union([
    entityIdSchema.describe('A person id.'),
    z
      .strictObject({
        person: entityIdSchema.optional().describe('A person id.'),
        schedule: entityIdSchema.optional().describe('A schedule id: whoever is on call at activation.'),
      })
      .superRefine((m, ctx) => {
        if ((m.person === undefined) === (m.schedule === undefined)) ctx.addIssue({ code: 'custom', message: 'set exactly one of person, schedule', path: [] });
      }),
  ])
  .transform((m): RoleMember => (typeof m === 'string' ? { kind: 'person', id: m } : m.person !== undefined ? { kind: 'person', id: m.person } : { kind: 'schedule', id: m.schedule! }))
  .describe('`alice`, `{ person: alice }` or `{ schedule: duty-managers }`.');

const roleSchema = z.array(memberSchema).min(1).max(20).describe('Who fills the role, all paged at activation.');

const checklistSchema = z.array(localizedSchema).min(1).max(100).describe('Checklist items, in English and French.');

/** Compiles a draft template; a fault is a config error at the template's position. */
const draftTemplate = z
  .string()
  .min(1)
  .max(20_000)
  .transform((source, ctx): Template => {
    try {
      return compileTemplate(source, DRAFT_PLACEHOLDERS);
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message, input: source });
      return z.NEVER;
    }
  });

const draftLanguageSchema = z
  .strictObject({
    subject: draftTemplate.optional().describe('Subject line.'),
    body: draftTemplate.optional().describe('Body text.'),
  })
  .describe('Templates of one language; a part left out keeps the built-in text.');

/** Draft templates of one audience, per language. */
export const draftTemplatesSchema = z
  .strictObject({
    en: draftLanguageSchema.optional(),
    fr: draftLanguageSchema.optional(),
  })
  .describe('Draft templates per language: `{{placeholder}}` and `{{#placeholder}}…{{/placeholder}}` with the draft placeholders (docs/crisis-and-communication.md).');
export type DraftTemplates = z.output<typeof draftTemplatesSchema>;

const contactSchema = z
  .strictObject({
    channel: entityIdSchema.describe('The channel (an `email` channel for an authority\'s addresses, a webhook…).'),
    to: z.string().min(1).max(500).optional().describe('The address on that channel (e-mail address…), when the channel sends to addresses.'),
  })
  .describe('One way to reach a stakeholder.');

/** One `stakeholders[]` entry. */
export const stakeholderSchema = z
  .strictObject({
    id: entityIdSchema.describe('Stable identifier (used by obligations).'),
    name: localizedSchema.describe('Name, e.g. `{ en: National regulator, fr: Autorité de régulation }`.'),
    group: z.enum(STAKEHOLDER_GROUPS).describe('authorities, executives, partners (e.g. emergency-call centres) or public.'),
    language: z.enum(['en', 'fr']).default('fr').describe('Language of the messages sent to them.'),
    contacts: z.array(contactSchema).max(20).default([]).describe('Where their messages go.'),
    templates: draftTemplatesSchema.optional().describe('Their own draft templates (default: the templates of their audience).'),
  })
  .describe('A group told about a crisis (authorities, executives, partner operators, the public), distinct from responders.');
export type StakeholderDefinition = z.output<typeof stakeholderSchema>;

/** One crisis cell. */
export const cellSchema = z
  .strictObject({
    id: entityIdSchema.describe('Stable identifier of the cell.'),
    name: localizedSchema.describe('Name, e.g. `{ en: Telecom crisis cell, fr: Cellule de crise télécom }`.'),
    roles: z
      .strictObject(Object.fromEntries(CRISIS_ROLES.map((r) => [r, roleSchema.optional()])) as Record<CrisisRole, z.ZodOptional<typeof roleSchema>>)
      .refine((roles) => roles.crisis_lead !== undefined, { message: 'needs a crisis_lead', path: ['crisis_lead'] })
      .describe('The roles and who fills them: crisis_lead (required), communication_lead, technical_lead, scribe, authority_liaison.'),
    bridge: z.string().url().max(2000).optional().describe('Conference bridge link, given in every activation message.'),
    channel: entityIdSchema.optional().describe('The crisis channel (a room): the activation message is posted there.'),
    checklists: z.record(entityIdSchema, checklistSchema).default({}).describe('A checklist template per crisis kind (`default` for kinds without their own).'),
    reactivate_within: duration({ min: 0, max: 30 * DAY }).prefault('6h').describe('A flare-up this long after deactivation re-activates the same crisis instead of a new one.'),
  })
  .describe('A crisis cell: who is mobilised, where they meet and what they must do.');
export type CellDefinition = z.output<typeof cellSchema>;

const filterSchema = z
  .strictObject({
    services: z.array(z.string().min(1).max(100)).min(1).optional().describe('Service ids (the incident is about one of them).'),
    tags: z.array(z.string().min(1).max(64)).min(1).optional().describe('Tags: a monitor or service of the incident carries one of them.'),
    severities: z.array(z.enum(SEVERITIES)).min(1).optional().describe('Incident severities.'),
    criticalities: z.array(z.enum(CRITICALITIES)).min(1).optional().describe('Criticality of the incident’s service.'),
  })
  .describe('Which incidents it is for; every field given must match (like notification routes).');
export type CrisisFilter = z.output<typeof filterSchema>;

/** What activates a crisis. */
export type ActivationTrigger =
  | { kind: 'severity'; severity: (typeof SEVERITIES)[number] }
  | { kind: 'vital_outage'; forMs: number }
  | { kind: 'common_mode_vital' }
  | { kind: 'traffic_drop'; tags: string[] };

const TRIGGERS = ['severity', 'vital_outage_for', 'common_mode_vital', 'traffic_drop'] as const;

/** One `crisis.rules[]` entry. */
export const ruleSchema = z
  .strictObject({
    id: entityIdSchema.describe('Stable identifier, named in the timeline ("activated by rule …").'),
    cell: entityIdSchema.describe('The crisis cell it activates.'),
    kind: entityIdSchema.default('default').describe('The crisis kind: picks the checklist.'),
    severity: z.enum(SEVERITIES).optional().describe('Activates on an incident of this severity or worse (e.g. SEV1).'),
    vital_outage_for: duration({ min: 0, max: DAY }).optional().describe('Activates when a service with `criticality: vital` has been in major outage this long.'),
    common_mode_vital: z.literal(true).optional().describe('Activates on a common-mode failure of a vital service.'),
    traffic_drop: z
      .strictObject({ tags: z.array(z.string().min(1).max(64)).min(1).describe('The traffic monitor, or a service it belongs to, carries one of these tags.') })
      .optional()
      .describe('Activates when a `traffic` monitor of a service tagged for it is down (volume drop or ratio).'),
    match: filterSchema.optional(),
  })
  .superRefine((r, ctx) => {
    const given = TRIGGERS.filter((t) => r[t] !== undefined);
    if (given.length !== 1) ctx.addIssue({ code: 'custom', message: given.length === 0 ? `needs one trigger: ${TRIGGERS.join(', ')}` : `set only one trigger per rule; got ${given.join(', ')}`, path: [] });
  })
  .transform((r) => {
    const trigger: ActivationTrigger =
      r.severity !== undefined ? { kind: 'severity', severity: r.severity }
        : r.vital_outage_for !== undefined ? { kind: 'vital_outage', forMs: r.vital_outage_for }
          : r.common_mode_vital ? { kind: 'common_mode_vital' }
            : { kind: 'traffic_drop', tags: r.traffic_drop!.tags };
    return { id: r.id, cell: r.cell, kind: r.kind, trigger, match: r.match ?? {} };
  })
  .describe('An activation rule: one trigger (severity, vital_outage_for, common_mode_vital, traffic_drop), optionally narrowed by `match`.');
export type ActivationRule = z.output<typeof ruleSchema>;

/** Presets of authority deadlines. */
export const OBLIGATION_PRESETS = ['nis2', 'gdpr'] as const;
export type ObligationPreset = (typeof OBLIGATION_PRESETS)[number];

/** One `crisis.obligations[]` entry. */
export const obligationSchema = z
  .strictObject({
    id: entityIdSchema.describe('Stable identifier.'),
    title: localizedSchema.optional().describe('What must be done, e.g. `{ en: Inform the regulator, fr: Informer le régulateur }` (default from the audience or preset).'),
    audience: z.enum(AUDIENCES).optional().describe('internal, public, authority or stakeholder (default: authority with a preset, else internal).'),
    preset: z.enum(OBLIGATION_PRESETS).optional().describe('`nis2`: early warning 24 h, notification 72 h, final report 1 month after the notification; `gdpr`: personal-data breach notified within 72 h.'),
    within: duration({ min: 0, max: 366 * DAY }).optional().describe('Due this long after the incident was detected (opened), or after the crisis was activated by hand without one (not with a preset).'),
    every: duration({ min: 60_000, max: 7 * DAY }).optional().describe('Then again this long after each is met, while the crisis is active (e.g. a public update every 30 min).'),
    stakeholders: z.array(entityIdSchema).min(1).max(20).optional().describe('Who receives it (stakeholder ids); required for the authority and stakeholder audiences.'),
    owner: z.enum(CRISIS_ROLES).default('communication_lead').describe('The role that owns the deadline and gets its reminders.'),
    match: filterSchema.optional(),
  })
  .superRefine((o, ctx) => {
    if (o.preset !== undefined && o.within !== undefined) ctx.addIssue({ code: 'custom', message: `a preset sets its own deadlines; remove \`within\``, path: ['within'] });
    if (o.preset === undefined && o.within === undefined) ctx.addIssue({ code: 'custom', message: `needs \`within\` (a duration such as 15m) or a \`preset\` (${OBLIGATION_PRESETS.join(', ')})`, path: [] });
    if (o.preset !== undefined && o.every !== undefined) ctx.addIssue({ code: 'custom', message: 'a preset does not repeat; remove `every`', path: ['every'] });
    const audience = o.audience ?? (o.preset ? 'authority' : 'internal');
    if ((audience === 'authority' || audience === 'stakeholder') && !o.stakeholders) ctx.addIssue({ code: 'custom', message: `needs \`stakeholders\`: who receives the ${audience} notice`, path: ['stakeholders'] });
  })
  .transform((o) => ({
    id: o.id,
    audience: o.audience ?? (o.preset ? 'authority' : 'internal'),
    ...(o.title ? { title: o.title } : {}),
    ...(o.preset ? { preset: o.preset } : {}),
    ...(o.within !== undefined ? { withinMs: o.within } : {}),
    ...(o.every !== undefined ? { everyMs: o.every } : {}),
    stakeholders: o.stakeholders ?? [],
    owner: o.owner,
    match: o.match ?? {},
  }))
  .describe('A communication obligation: each becomes one or more deadlines of a crisis, with an owner and reminders.');
export type Obligation = z.output<typeof obligationSchema>;

/** The `crisis:` section. */
export const crisisSectionSchema = z
  .strictObject({
    cells: z.array(cellSchema).max(100).default([]).describe('Crisis cells.'),
    rules: z.array(ruleSchema).max(200).default([]).describe('Activation rules; a crisis can also be activated by hand (API, CLI).'),
    obligations: z.array(obligationSchema).max(200).default([]).describe('Communication obligations, turned into deadlines of every crisis they match.'),
    templates: z
      .strictObject(Object.fromEntries(AUDIENCES.map((a) => [a, draftTemplatesSchema.optional()])) as Record<Audience, z.ZodOptional<typeof draftTemplatesSchema>>)
      .prefault({})
      .describe('Draft templates per audience (internal, public, authority, stakeholder), overriding the built-in texts.'),
    reminders: z
      .array(z.number().gt(0).lt(1))
      .max(10)
      .default([0.5, 0.9])
      .describe('When the owner of a deadline is reminded, as fractions of its time (50 % and 90 % by default), besides when it is due.'),
    time_zone: z
      .string()
      .refine((tz) => isValidTimeZone(tz), { message: 'must be an IANA time zone such as Europe/Paris' })
      .default('Europe/Paris')
      .describe('Time zone of the times written in drafts and crisis messages (Europe/Paris by default).'),
    auto_deactivate_after: duration({ min: 0, max: 30 * DAY }).optional().describe('Deactivate a crisis by itself this long after all its incidents are resolved (default: only by hand).'),
  })
  .prefault({})
  .describe('Crisis cells, activation rules and communication deadlines. See docs/crisis-and-communication.md.');
export type CrisisSection = z.output<typeof crisisSectionSchema>;

/** The config sections this module adds. */
export const crisisSections = {
  stakeholders: z.array(stakeholderSchema).max(200).default([]).describe('Stakeholder groups told about crises: authorities, executives, partner operators, the public.'),
  crisis: crisisSectionSchema,
};
