/**
 * @module The notification sections of the config (`people`, `teams`, `schedules`, `channels`,
 * `escalation_policies`, `notifications`): the checks that need every id (unknown or duplicate
 * ids, a person-addressed channel used as a room), the warnings `vigie validate` prints (a person
 * nobody can reach, a schedule with gaps), and the model the delivery side uses.
 */
import { z } from 'zod';
import { suggest } from '../config/suggest.js';
import { gaps } from '../oncall/on-call.js';
import { personEntrySchema, teamEntrySchema, type PersonDefinition, type TeamDefinition } from '../oncall/people.schema.js';
import { scheduleEntrySchema, type ScheduleDefinition } from '../oncall/schedule.schema.js';
import { channelEntrySchema, type ChannelDefinition } from '../notifiers/channel.schema.js';
import { getNotifier } from '../notifiers/registry.js';
import { escalationPolicySchema, type EscalationPolicy } from './escalation.schema.js';
import { notificationsSchema, toRoute, type Route } from './routes.schema.js';
import type { MessageTemplates } from './templates.schema.js';

/** The config sections, each a list with defaults. */
export const notificationSections = {
  people: z.array(personEntrySchema).default([]).describe('People who can be paged: language, contact methods, personal rules. See docs/notifications.md.'),
  teams: z.array(teamEntrySchema).default([]).describe('Teams of people.'),
  schedules: z.array(scheduleEntrySchema).default([]).describe('On-call schedules: rotations with hand-offs in a time zone, layers, overrides.'),
  channels: z.array(channelEntrySchema).default([]).describe('Notification channels: e-mail, webhooks, chat, SMS, PagerDuty, Opsgenie…'),
  escalation_policies: z.array(escalationPolicySchema).default([]).describe('Escalation policies: levels paged one after the other until someone acknowledges.'),
  notifications: notificationsSchema.prefault({}),
};

/** What the whole-config checks and the model need. */
export interface NotificationsConfigPart {
  people: readonly PersonDefinition[];
  teams: readonly TeamDefinition[];
  schedules: readonly ScheduleDefinition[];
  channels: readonly ChannelDefinition[];
  escalation_policies: readonly EscalationPolicy[];
  notifications: z.output<typeof notificationsSchema>;
}

type Issue = { path: (string | number)[]; message: string };

/** Ids of one section, with duplicates reported. */
function idsOf(section: string, entries: readonly { id?: unknown }[], issues: Issue[]): string[] {
  const first = new Map<string, number>();
  entries.forEach((entry, i) => {
    const id = typeof entry?.id === 'string' ? entry.id : undefined;
    if (id === undefined) return;
    const seen = first.get(id);
    if (seen !== undefined) issues.push({ path: [section, i, 'id'], message: `duplicate id "${id}"; it is already used by ${section}[${seen}]` });
    else first.set(id, i);
  });
  return [...first.keys()];
}

function unknown(kind: string, id: string, known: readonly string[], section: string): string {
  const near = suggest(id, known);
  const hint = near ? `; did you mean "${near}"?` : known.length === 0 ? `; no ${section} is defined` : '';
  return `unknown ${kind} "${id}"${hint}`;
}

/** Issues that need every id. Paths start at the section (`['escalation_policies', 0, 'levels', 1, 'targets', 0]`). */
export function notificationsConfigIssues(config: NotificationsConfigPart, serviceIds: readonly string[]): Issue[] {
  const issues: Issue[] = [];
  const people = idsOf('people', config.people, issues);
  const teams = idsOf('teams', config.teams, issues);
  const schedules = idsOf('schedules', config.schedules, issues);
  const channels = idsOf('channels', config.channels, issues);
  const policies = idsOf('escalation_policies', config.escalation_policies, issues);
  const check = (path: Issue['path'], kind: string, id: string, known: readonly string[], section: string) => {
    if (!known.includes(id)) issues.push({ path, message: unknown(kind, id, known, section) });
  };
  const channelById = new Map(config.channels.filter((c) => typeof c?.kind === 'string').map((c) => [c.id, c]));

  config.people.forEach((p, i) =>
    (p.contacts ?? []).forEach((c, j) => {
      check(['people', i, 'contacts', j, 'channel'], 'channel', c.channel, channels, 'channels');
      const channel = channelById.get(c.channel);
      if (channel && getNotifier(channel.kind)?.addressesPeople && !c.to) issues.push({ path: ['people', i, 'contacts', j], message: `needs \`to\`: channel "${c.channel}" (${channel.kind}) sends to an address` });
    }),
  );
  // A token acts as one person: listed twice, or named after another person, it would be ambiguous.
  const tokenOwner = new Map<string, number>();
  config.people.forEach((p, i) =>
    (p.api_tokens ?? []).forEach((token, j) => {
      const first = tokenOwner.get(token);
      if (first !== undefined) issues.push({ path: ['people', i, 'api_tokens', j], message: `token "${token}" already acts as people[${first}] (${config.people[first]?.id}); a token acts as one person` });
      else if (people.includes(token) && token !== p.id) issues.push({ path: ['people', i, 'api_tokens', j], message: `token "${token}" is named after another person, whom it acts as; rename the token` });
      else tokenOwner.set(token, i);
    }),
  );
  config.teams.forEach((t, i) => (t.members ?? []).forEach((m, j) => check(['teams', i, 'members', j], 'person', m, people, 'people')));
  config.schedules.forEach((s, i) => {
    (s.layers ?? []).forEach((l, j) => (l.members ?? []).forEach((m, k) => check(['schedules', i, 'layers', j, 'members', k], 'person', m, people, 'people')));
    (s.overrides ?? []).forEach((o, j) => check(['schedules', i, 'overrides', j, 'person'], 'person', o.person, people, 'people'));
  });
  const known = { person: people, schedule: schedules, team: teams, channel: channels } as const;
  const sectionOf = { person: 'people', schedule: 'schedules', team: 'teams', channel: 'channels' } as const;
  config.escalation_policies.forEach((p, i) =>
    (p.levels ?? []).forEach((l, j) =>
      (l.targets ?? []).forEach((t, k) => {
        const path = ['escalation_policies', i, 'levels', j, 'targets', k, t.kind];
        check(path, t.kind, t.id, known[t.kind], sectionOf[t.kind]);
        const channel = t.kind === 'channel' ? channelById.get(t.id) : undefined;
        if (channel && getNotifier(channel.kind)?.addressesPeople) issues.push({ path, message: `channel "${t.id}" (${channel.kind}) sends to people's addresses: page a person, a team or a schedule instead` });
      }),
    ),
  );
  const walk = (routes: readonly z.output<typeof notificationsSchema>['routes'][number][], at: Issue['path']) =>
    routes.forEach((r, i) => {
      const path = [...at, i];
      if (r.escalation !== undefined) check([...path, 'escalation'], 'escalation policy', r.escalation, policies, 'escalation_policies');
      (r.channels ?? []).forEach((c, j) => check([...path, 'channels', j], 'channel', c, channels, 'channels'));
      (r.match?.services ?? []).forEach((s, j) => check([...path, 'match', 'services', j], 'service', s, serviceIds, 'services'));
      walk(r.routes ?? [], [...path, 'routes']);
    });
  walk(config.notifications?.routes ?? [], ['notifications', 'routes']);
  (config.notifications?.admins ?? []).forEach((a, i) => check(['notifications', 'admins', i], 'person', a, people, 'people'));
  return issues;
}

/** How far ahead `vigie validate` looks for gaps in schedules. */
export const GAP_HORIZON_MS = 28 * 86_400_000;

/** Warnings for a valid config: nobody can reach a person, a schedule leaves stretches uncovered. */
export function notificationsConfigWarnings(config: NotificationsConfigPart, now: number): Issue[] {
  const warnings: Issue[] = [];
  config.people.forEach((p, i) => {
    if (p.contacts.length === 0) warnings.push({ path: ['people', i, 'contacts'], message: `${p.name} has no contact method: paging them reaches nobody` });
  });
  config.schedules.forEach((s, i) => {
    const holes = gaps(s, now, now + GAP_HORIZON_MS);
    if (holes.length === 0) return;
    const total = holes.reduce((sum, g) => sum + g.end - g.start, 0);
    const first = holes[0]!;
    warnings.push({
      path: ['schedules', i],
      message: `schedule "${s.id}" has ${holes.length} gap(s) in the next 28 days (${Math.round(total / 3_600_000)} h without anyone on call), the first from ${new Date(first.start).toISOString()} to ${new Date(first.end).toISOString()}`,
    });
  });
  return warnings;
}

/** Everything the notification side needs, by id. */
export interface NotificationsModel {
  people: Map<string, PersonDefinition>;
  teams: Map<string, TeamDefinition>;
  schedules: Map<string, ScheduleDefinition>;
  channels: Map<string, ChannelDefinition>;
  policies: Map<string, EscalationPolicy>;
  routes: Route[];
  ackLinkTtlMs: number;
  /** Language of messages to rooms and APIs. */
  language: 'en' | 'fr';
  /** People told when a channel keeps failing or an escalation step is late. */
  admins: string[];
  /** `notifications.templates`, compiled (empty when none is configured). */
  templates: MessageTemplates;
}

/** The model of a validated config. */
export function toNotificationsModel(config: NotificationsConfigPart): NotificationsModel {
  const byId = <T extends { id: string }>(list: readonly T[]) => new Map(list.map((e) => [e.id, e]));
  return {
    people: byId(config.people),
    teams: byId(config.teams),
    schedules: byId(config.schedules),
    channels: byId(config.channels),
    policies: byId(config.escalation_policies),
    routes: config.notifications.routes.map((r) => toRoute(r)),
    ackLinkTtlMs: config.notifications.ack_link_ttl,
    language: config.notifications.language,
    admins: config.notifications.admins,
    templates: config.notifications.templates ?? {},
  };
}
