/**
 * @module The `channels:` config entries: an id, a name and exactly one settings block keyed by
 * channel kind (`webhook:`, `email:`, `slack:` …), as monitors have one check block. The blocks
 * come from the registry, so a new channel kind needs no change here.
 */
import { z } from 'zod';
import { entityIdSchema } from '../oncall/schedule.schema.js';
import { NOTIFIERS, NOTIFIER_KINDS, type NotifierKind } from './registry.js';

const kindBlocks = Object.fromEntries(NOTIFIERS.map((n) => [n.kind, (n.schema as z.ZodType).optional().describe(n.description)])) as Record<NotifierKind, z.ZodOptional<z.ZodType>>;

/** A channel in the form the delivery worker uses. */
export interface ChannelDefinition {
  id: string;
  name: string;
  kind: NotifierKind;
  /** The parsed settings block, typed by the notifier's schema. */
  settings: Record<string, unknown>;
}

/** One `channels[]` entry. */
export const channelEntrySchema = z
  .strictObject({
    id: entityIdSchema.describe('Stable identifier of the channel, used by contacts, escalation levels and routes.'),
    name: z.string().min(1).max(200).optional().describe('Name shown in the timeline ("ops Slack").'),
    ...kindBlocks,
  })
  .superRefine((entry, ctx) => {
    const present = NOTIFIER_KINDS.filter((k) => (entry as Record<string, unknown>)[k] !== undefined);
    if (present.length === 0) ctx.addIssue({ code: 'custom', message: `needs exactly one channel block: one of ${NOTIFIER_KINDS.join(', ')}`, path: [] });
    else if (present.length > 1) ctx.addIssue({ code: 'custom', message: `has several channel blocks (${present.join(', ')}); a channel has exactly one`, path: [present[1]!] });
  })
  .transform((entry): ChannelDefinition => {
    const record = entry as Record<string, unknown>;
    const kind = NOTIFIER_KINDS.find((k) => record[k] !== undefined)!;
    return { id: entry.id, name: entry.name ?? entry.id, kind, settings: record[kind] as Record<string, unknown> };
  })
  .describe('A notification channel: where messages go (a webhook, a mail server, a chat room, an SMS gateway, PagerDuty…).');
