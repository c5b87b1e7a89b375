/**
 * @module The `people:` and `teams:` config entries: persons with a language, contact methods
 * (an address on a channel) and personal rules ("SMS at once for SEV1, e-mail after 5 min");
 * teams of persons. Channel and person ids are checked on the whole config.
 */
import { z } from 'zod';
import { duration } from '../core/duration.js';
import { isValidTimeZone } from '../maintenance/zoned-time.js';
import { SEVERITIES } from '../services/severity.js';
import { entityIdSchema } from './schedule.schema.js';


const contactSchema = z
  .strictObject({
    id: entityIdSchema.optional().describe('Name of this contact method in rules (default: the channel id).'),
    channel: entityIdSchema.describe('The channel that reaches the person (an `email`, `sms`, `telegram`… channel id).'),
    to: z.string().min(1).max(500).optional().describe('The address on that channel: e-mail address, phone number in E.164 (+33612345678), chat id; not needed for channels that post to a room.'),
  })
  .describe('One way to reach the person.');

const ruleSchema = z
  .strictObject({
    severities: z.array(z.enum(SEVERITIES)).min(1).optional().describe('Incident severities the rule is for (default: all).'),
    contacts: z.array(entityIdSchema).min(1).describe('Contact ids (or channel ids) to use.'),
    after: duration({ max: 86_400_000 }).prefault('0s').describe('Delay after the person is paged (e.g. 0s, 5m).'),
  })
  .describe('A personal notification rule.');

/** One `people[]` entry. */
export const personEntrySchema = z
  .strictObject({
    id: entityIdSchema.describe('Stable identifier of the person.'),
    name: z.string().min(1).max(200).describe('Full name, shown in messages and the timeline.'),
    language: z.enum(['en', 'fr']).default('en').describe('Language of the messages the person gets.'),
    time_zone: z.string().min(1).optional().describe('IANA time zone times are shown in (e.g. Europe/Paris).'),
    contacts: z.array(contactSchema).max(20).default([]).describe('Contact methods; `vigie validate` warns about a person with none.'),
    rules: z.array(ruleSchema).max(20).optional().describe('When to use which contact; without rules every contact is used at once.'),
    api_tokens: z.array(z.string().min(1).max(100)).max(20).optional().describe('Names of API tokens that act as this person (e.g. to approve crisis drafts as communication lead); a token named after the person id does too.'),
  })
  .superRefine((person, ctx) => {
    if (person.time_zone !== undefined && !isValidTimeZone(person.time_zone)) ctx.addIssue({ code: 'custom', message: `"${person.time_zone}" is not an IANA time zone such as Europe/Paris`, path: ['time_zone'] });
    const ids = person.contacts.map((c) => c.id ?? c.channel);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', message: `duplicate contact id "${id}": give each contact on the same channel its own \`id\``, path: ['contacts', i, 'id'] });
    });
    person.rules?.forEach((rule, r) =>
      rule.contacts.forEach((contact, c) => {
        if (!ids.includes(contact)) ctx.addIssue({ code: 'custom', message: `unknown contact "${contact}"; this person has ${ids.length === 0 ? 'no contacts' : ids.map((id) => `"${id}"`).join(', ')}`, path: ['rules', r, 'contacts', c] });
      }),
    );
  })
  .describe('A person who can be paged.');

export type PersonDefinition = z.output<typeof personEntrySchema>;

/** One `teams[]` entry. */
export const teamEntrySchema = z
  .strictObject({
    id: entityIdSchema.describe('Stable identifier of the team.'),
    name: z.string().min(1).max(200).optional().describe('Name for people (default: the id).'),
    members: z.array(entityIdSchema).min(1).max(500).describe('Person ids.'),
  })
  .describe('A team: paging it pages every member.');

export type TeamDefinition = z.output<typeof teamEntrySchema>;
