/**
 * @module Who is on call, as the API answers it and `vigie oncall` prints it: person id and name,
 * why (the layer, or an override with its note), and the stretch held, each time both as UTC ISO
 * and as local time with its offset in the schedule's zone (named beside it). Pure.
 */
import { offsetAt, toLocal } from '../maintenance/zoned-time.js';
import { onCallAt, segments } from './on-call.js';
import type { PersonDefinition } from './people.schema.js';
import type { ScheduleDefinition } from './schedule.schema.js';
import type { OnCallSegment } from './schedule.types.js';

/** One stretch of on-call duty, ready to show. */
export interface ShiftView {
  person: { id: string; name: string };
  source: { kind: 'layer'; layer: string } | { kind: 'override'; note: string | null };
  /** UTC, ISO 8601. */
  since: string;
  until: string;
  /** Local time in the schedule's zone with its offset (2026-03-29T03:00:00+02:00). */
  sinceLocal: string;
  untilLocal: string;
}

/** Who holds one schedule at an instant. */
export interface OnCallView {
  schedule: { id: string; name: string; timeZone: string };
  at: string;
  /** `null` in a gap: nobody is on call. */
  onCall: (ShiftView & { open: { before: boolean; after: boolean } }) | null;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `ms` as local ISO 8601 with the zone's offset, to the second. */
export function localIso(ms: number, timeZone: string): string {
  const t = toLocal(ms, timeZone);
  const offset = Math.round(offsetAt(ms, timeZone) / 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function shiftView(segment: OnCallSegment, schedule: ScheduleDefinition, people: ReadonlyMap<string, PersonDefinition>): ShiftView {
  const { timeZone } = schedule;
  return {
    person: { id: segment.person, name: people.get(segment.person)?.name ?? segment.person },
    source: segment.source.kind === 'layer' ? { kind: 'layer', layer: segment.source.name } : { kind: 'override', note: segment.source.note ?? null },
    since: new Date(segment.start).toISOString(),
    until: new Date(segment.end).toISOString(),
    sinceLocal: localIso(segment.start, timeZone),
    untilLocal: localIso(segment.end, timeZone),
  };
}

/** Who is on call for `schedule` at `at`. */
export function onCallView(schedule: ScheduleDefinition, people: ReadonlyMap<string, PersonDefinition>, at: number): OnCallView {
  const found = onCallAt(schedule, at);
  return {
    schedule: { id: schedule.id, name: schedule.name, timeZone: schedule.timeZone },
    at: new Date(at).toISOString(),
    onCall: found ? { ...shiftView(found, schedule, people), open: found.open } : null,
  };
}

/** The shifts of `schedule` from `from` to `to` (gaps left out). */
export function shiftsView(schedule: ScheduleDefinition, people: ReadonlyMap<string, PersonDefinition>, from: number, to: number): ShiftView[] {
  return segments(schedule, from, to).map((s) => shiftView(s, schedule, people));
}

const clock = (local: string) => local.slice(0, 16).replace('T', ' ');

/** One line per schedule for a terminal: `primary (Europe/Paris): Alice (alice), layer "weekly", 2026-03-23 09:00 → 2026-03-30 09:00 Europe/Paris`. */
export function formatOnCall(view: OnCallView): string {
  const { schedule, onCall } = view;
  const head = `${schedule.id}${schedule.name !== schedule.id ? ` "${schedule.name}"` : ''}`;
  if (!onCall) return `${head}: nobody on call at ${clock(localIso(Date.parse(view.at), schedule.timeZone))} ${schedule.timeZone} (a gap in the schedule)`;
  const why = onCall.source.kind === 'layer' ? `layer "${onCall.source.layer}"` : `override${onCall.source.note ? ` (${onCall.source.note})` : ''}`;
  const since = onCall.open.before ? `before ${clock(onCall.sinceLocal)}` : clock(onCall.sinceLocal);
  const until = onCall.open.after ? `after ${clock(onCall.untilLocal)}` : clock(onCall.untilLocal);
  return `${head}: ${onCall.person.name} (${onCall.person.id}), ${why}, ${since} → ${until} ${schedule.timeZone}`;
}
