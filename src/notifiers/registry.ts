/**
 * @module The notifier registry: the one list of channel kinds.
 *
 * The `channels:` config union, API enums, JSON Schema and pickers are derived from this array.
 * Adding a channel kind is one folder plus one line here.
 */
import type { Notifier } from './types.js';
import { slackNotifier } from './slack/index.js';
import { teamsNotifier } from './teams/index.js';
import { mattermostNotifier } from './mattermost/index.js';
import { discordNotifier } from './discord/index.js';
import { ntfyNotifier } from './ntfy/index.js';
import { webhookNotifier } from './webhook/index.js';
import { smsNotifier } from './sms/index.js';
import { matrixNotifier } from './matrix/index.js';
import { telegramNotifier } from './telegram/index.js';
import { opsgenieNotifier } from './opsgenie/index.js';
import { pagerdutyNotifier } from './pagerduty/index.js';
import { emailNotifier } from './email/index.js';

export const NOTIFIERS = [webhookNotifier, slackNotifier, pagerdutyNotifier, opsgenieNotifier, teamsNotifier, telegramNotifier, matrixNotifier, mattermostNotifier, smsNotifier, discordNotifier, ntfyNotifier, emailNotifier] as const satisfies readonly Notifier[];

export type NotifierKind = (typeof NOTIFIERS)[number]['kind'];

export const NOTIFIER_KINDS = NOTIFIERS.map((n) => n.kind) as [NotifierKind, ...NotifierKind[]];

const BY_KIND = new Map<string, Notifier>(NOTIFIERS.map((n) => [n.kind, n as unknown as Notifier]));

/** The notifier of this kind, or `undefined`. */
export function getNotifier(kind: string): Notifier | undefined {
  return BY_KIND.get(kind);
}
