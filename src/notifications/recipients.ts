/**
 * @module Who an escalation level reaches: persons through their contact methods and personal
 * rules, schedules through whoever is on call at that moment, teams through every member,
 * channels directly. Pure: the model and the time are passed in.
 */
import { whoAt } from '../oncall/on-call.js';
import type { EscalationTarget } from './escalation.schema.js';
import type { NotificationsModel } from './notifications-config.js';

/** One message to send: over a channel, to a person's address (or to the channel itself), after a delay. */
export interface Recipient {
  channelId: string;
  personId: string | null;
  address: string | null;
  language: 'en' | 'fr';
  afterMs: number;
}

/** Recipients of a level, and what could not be reached (shown on the timeline). */
export interface LevelReach {
  recipients: Recipient[];
  unreached: string[];
}

/** The contact methods of a person for an incident of `severity`, per their rules (all at once without rules). */
export function personRecipients(model: NotificationsModel, personId: string, severity: string): Recipient[] {
  const person = model.people.get(personId);
  if (!person) return [];
  const contacts = new Map(person.contacts.map((c) => [c.id ?? c.channel, c]));
  const plan = person.rules
    ? person.rules.filter((r) => !r.severities || r.severities.includes(severity as never)).flatMap((r) => r.contacts.map((id) => ({ id, afterMs: r.after })))
    : [...contacts.keys()].map((id) => ({ id, afterMs: 0 }));
  const out: Recipient[] = [];
  for (const { id, afterMs } of plan) {
    const contact = contacts.get(id);
    if (!contact || !model.channels.has(contact.channel)) continue;
    out.push({ channelId: contact.channel, personId, address: contact.to ?? null, language: person.language, afterMs });
  }
  return out;
}

/** Who the targets of a level reach at `at`. */
export function levelRecipients(model: NotificationsModel, targets: readonly EscalationTarget[], severity: string, at: number): LevelReach {
  const recipients: Recipient[] = [];
  const unreached: string[] = [];
  const addPerson = (personId: string, via: string) => {
    const found = personRecipients(model, personId, severity);
    if (found.length === 0) unreached.push(`${via}: ${personId} has no contact method for ${severity}`);
    recipients.push(...found);
  };
  for (const target of targets) {
    if (target.kind === 'person') addPerson(target.id, `person ${target.id}`);
    else if (target.kind === 'team') for (const member of model.teams.get(target.id)?.members ?? []) addPerson(member, `team ${target.id}`);
    else if (target.kind === 'schedule') {
      const schedule = model.schedules.get(target.id);
      const who = schedule ? whoAt(schedule, at) : undefined;
      if (who) addPerson(who.person, `schedule ${target.id}`);
      else unreached.push(`schedule ${target.id}: nobody is on call`);
    } else if (model.channels.has(target.id)) recipients.push({ channelId: target.id, personId: null, address: null, language: model.language, afterMs: 0 });
    else unreached.push(`channel ${target.id} is not configured`);
  }
  const seen = new Set<string>();
  const unique = recipients.filter((r) => {
    const key = `${r.channelId}|${r.personId ?? ''}|${r.address ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { recipients: unique, unreached };
}
