/**
 * @module The `escalation_policies:` config entries: levels with delays and targets (persons,
 * schedules, teams, channels), repeated up to N times until someone acknowledges. Target ids are
 * checked on the whole config (`notifications-config.ts`).
 */
import { z } from 'zod';
import { duration } from '../core/duration.js';
import { entityIdSchema } from '../oncall/schedule.schema.js';

/** Who a level pages. */
export type EscalationTarget = { kind: 'person' | 'schedule' | 'team' | 'channel'; id: string };

const TARGET_KINDS = ['person', 'schedule', 'team', 'channel'] as const;

const targetSchema = z
  .strictObject({
    person: entityIdSchema.optional().describe('A person id.'),
    schedule: entityIdSchema.optional().describe('A schedule id: whoever is on call when the level fires.'),
    team: entityIdSchema.optional().describe('A team id: every member.'),
    channel: entityIdSchema.optional().describe('A channel id (a room, a webhook, PagerDuty…).'),
  })
  .superRefine((t, ctx) => {
    const present = TARGET_KINDS.filter((k) => t[k] !== undefined);
    if (present.length !== 1) ctx.addIssue({ code: 'custom', message: present.length === 0 ? 'needs one of person, schedule, team, channel' : `set only one of person, schedule, team, channel; got ${present.join(', ')}`, path: [] });
  })
  .transform((t): EscalationTarget => {
    const kind = TARGET_KINDS.find((k) => t[k] !== undefined)!;
    return { kind, id: t[kind]! };
  })
  .describe('A target: `{ schedule: noc-primary }`, `{ person: alice }`, `{ team: noc }` or `{ channel: ops-slack }`.');

const levelSchema = z
  .strictObject({
    after: duration({ max: 7 * 86_400_000 }).prefault('0s').describe('Delay after the previous level (after the incident opened, for the first one).'),
    targets: z.array(targetSchema).min(1).max(50).describe('Who this level pages, all in parallel.'),
  })
  .transform((l) => ({ afterMs: l.after, targets: l.targets }))
  .describe('One escalation level.');

/** One `escalation_policies[]` entry. */
export const escalationPolicySchema = z
  .strictObject({
    id: entityIdSchema.describe('Stable identifier of the policy, used by routes.'),
    name: z.string().min(1).max(200).optional().describe('Name for people (default: the id).'),
    levels: z.array(levelSchema).min(1).max(20).describe('Levels, paged one after the other until someone acknowledges.'),
    repeat: z.number().int().min(0).max(10).default(0).describe('How many more times the whole policy runs when nobody acknowledged after the last level.'),
    ack_timeout: duration({ min: 60_000, max: 7 * 86_400_000 }).optional().describe('An acknowledgement not followed by resolution within this time times out: the incident is open again and escalation starts over from the first level.'),
    repeat_after: duration({ min: 0, max: 7 * 86_400_000 }).prefault('5m').describe('With repeat: wait after the last level before starting over from the first.'),
  })
  .transform((p) => ({ id: p.id, name: p.name ?? p.id, levels: p.levels, repeat: p.repeat, repeatAfterMs: p.repeat_after, ...(p.ack_timeout !== undefined ? { ackTimeoutMs: p.ack_timeout } : {}) }))
  .describe('An escalation policy: who is paged, in which order, until someone acknowledges.');

export type EscalationPolicy = z.output<typeof escalationPolicySchema>;
