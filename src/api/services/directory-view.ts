/**
 * @module The people and schedules of the configuration as the API shows them (read-only):
 * contact addresses are personal data, so viewers get them partly masked
 * (`a…@example.org`, `+33…78`); responders and above, who may have to call someone, see them whole.
 */
import type { z } from 'zod';
import type { NotificationsModel } from '../../notifications/notifications-config.js';
import type { ScheduleDefinition } from '../../oncall/schedule.schema.js';
import type { Layer } from '../../oncall/schedule.types.js';
import type { personList, scheduleList } from '../schemas/schedule.schemas.js';

const DAY_MS = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');
const clock = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/** An address with most of it hidden: the first character and the domain of an e-mail, the first three and last two characters otherwise. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at > 0) return `${address[0]}…${address.slice(at)}`;
  return address.length <= 6 ? '…' : `${address.slice(0, 3)}…${address.slice(-2)}`;
}

/** The configured people, by id; addresses masked unless `reveal`. */
export function peopleView(model: NotificationsModel, reveal: boolean): z.output<typeof personList> {
  const items = [...model.people.values()].map((p) => ({
    id: p.id,
    name: p.name,
    language: p.language,
    timeZone: p.time_zone ?? null,
    contacts: p.contacts.map((c) => ({ id: c.id ?? c.channel, channel: c.channel, to: c.to === undefined ? null : reveal ? c.to : maskAddress(c.to) })),
    rules: p.rules?.length ?? 0,
  }));
  return { items: items.sort((a, b) => a.id.localeCompare(b.id)) };
}

function layerView(layer: Layer, model: NotificationsModel) {
  const shiftMs = 'ms' in layer.shift ? layer.shift.ms : layer.shift.days * DAY_MS;
  const days = 'days' in layer.shift ? layer.shift.days : undefined;
  const { year, month, day, hour, minute } = layer.start;
  return {
    name: layer.name,
    rotation: days === 1 ? ('daily' as const) : days === 7 ? ('weekly' as const) : ('custom' as const),
    shiftHours: shiftMs / 3_600_000,
    handOff: `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}`,
    members: layer.members.map((id) => ({ id, name: model.people.get(id)?.name ?? id })),
    active: layer.active?.length ? layer.active.map((w) => ({ days: w.days, from: clock(w.from), to: clock(w.to) })) : null,
  };
}

/** The configured schedules, by id, with how many overrides the config and the API hold for each. */
export function schedulesView(model: NotificationsModel, stored: (scheduleId: string) => number): z.output<typeof scheduleList> {
  const items = [...model.schedules.values()].map((s: ScheduleDefinition) => ({
    id: s.id,
    name: s.name,
    timeZone: s.timeZone,
    layers: s.layers.map((l) => layerView(l, model)),
    overrides: { config: s.overrides.length, api: stored(s.id) },
  }));
  return { items: items.sort((a, b) => a.id.localeCompare(b.id)) };
}
