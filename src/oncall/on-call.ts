/**
 * @module Who is on call: pure queries over a {@link Schedule}. Overrides win over layers (the
 * last declared override first), a higher layer wins over a lower one where it is active, and a
 * layer's shift hand-offs are local times in the schedule's zone, so they follow daylight-saving
 * changes (a gap or an overlap is read as in `zoned-time.ts`, RFC 5545 §3.3.5).
 *
 * Every boundary (hand-off, start or end of an active window, of an override) is computed as an
 * instant once, and every question ("who at t", "who from a to b", "where are the gaps") is
 * answered from those instants, so the answers agree with each other on DST days too.
 */
import type { LocalDateTime } from '../maintenance/maintenance.types.js';
import { civilDay, fromCivilDay, toInstant, toLocal, weekdayOf } from '../maintenance/zoned-time.js';
import type { ActiveWindow, Layer, OnCallSegment, Schedule } from './schedule.types.js';

/** At most this many boundaries of one kind are generated for one question (a year of hourly shifts fits). */
const MAX_BOUNDARIES = 20_000;

type Who = Pick<OnCallSegment, 'person' | 'source'>;

function handoff(layer: Layer, k: number, timeZone: string): number {
  const { start } = layer;
  if ('ms' in layer.shift) return toInstant(start, timeZone) + k * layer.shift.ms;
  const date = fromCivilDay(civilDay(start.year, start.month, start.day) + k * layer.shift.days);
  return toInstant({ ...date, hour: start.hour, minute: start.minute, second: start.second }, timeZone);
}

/** The number of the shift running at `at` (0 = the first), or `undefined` before the layer starts. */
export function shiftNumber(layer: Layer, at: number, timeZone: string): number | undefined {
  const first = handoff(layer, 0, timeZone);
  if (at < first) return undefined;
  let k: number;
  if ('ms' in layer.shift) k = Math.floor((at - first) / layer.shift.ms);
  else {
    const local = toLocal(at, timeZone);
    const days = civilDay(local.year, local.month, local.day) - civilDay(layer.start.year, layer.start.month, layer.start.day);
    k = Math.max(0, Math.floor(days / layer.shift.days));
  }
  while (handoff(layer, k + 1, timeZone) <= at) k += 1;
  while (k > 0 && handoff(layer, k, timeZone) > at) k -= 1;
  return k;
}

function atMinute(day: number, minutes: number, timeZone: string): number {
  const date = fromCivilDay(day + Math.floor(minutes / 1440));
  const rest = minutes % 1440;
  const local: LocalDateTime = { ...date, hour: Math.floor(rest / 60), minute: rest % 60, second: 0 };
  return toInstant(local, timeZone);
}

/** The instants [start, end) of `window` on the local day `day`, or `undefined` when it is not active that weekday. */
function windowOn(window: ActiveWindow, day: number, timeZone: string): [number, number] | undefined {
  if (!window.days.includes(weekdayOf(day))) return undefined;
  const to = window.to > window.from ? window.to : window.to + 1440;
  return [atMinute(day, window.from, timeZone), atMinute(day, to, timeZone)];
}

function localDay(at: number, timeZone: string): number {
  const local = toLocal(at, timeZone);
  return civilDay(local.year, local.month, local.day);
}

/** True when the layer is active at `at` (always, without windows). */
export function isActive(layer: Layer, at: number, timeZone: string): boolean {
  if (!layer.active || layer.active.length === 0) return true;
  const today = localDay(at, timeZone);
  return layer.active.some((window) =>
    [today - 1, today].some((day) => {
      const span = windowOn(window, day, timeZone);
      return span !== undefined && span[0] <= at && at < span[1];
    }),
  );
}

/** Who a layer puts on call at `at`, if anyone. */
function layerAt(layer: Layer, at: number, timeZone: string): string | undefined {
  if (layer.members.length === 0 || !isActive(layer, at, timeZone)) return undefined;
  const k = shiftNumber(layer, at, timeZone);
  return k === undefined ? undefined : layer.members[k % layer.members.length];
}

/** Who is on call at `at`, and why; `undefined` when nobody is (a gap). */
export function whoAt(schedule: Schedule, at: number): Who | undefined {
  for (let i = schedule.overrides.length - 1; i >= 0; i -= 1) {
    const o = schedule.overrides[i]!;
    if (o.start <= at && at < o.end) return { person: o.person, source: { kind: 'override', index: i, ...(o.note ? { note: o.note } : {}) } };
  }
  for (let i = schedule.layers.length - 1; i >= 0; i -= 1) {
    const layer = schedule.layers[i]!;
    const person = layerAt(layer, at, schedule.timeZone);
    if (person !== undefined) return { person, source: { kind: 'layer', name: layer.name } };
  }
  return undefined;
}

function layerBoundaries(layer: Layer, from: number, to: number, timeZone: string, out: Set<number>): void {
  let k = shiftNumber(layer, from, timeZone) ?? 0;
  for (let n = 0; n < MAX_BOUNDARIES; n += 1, k += 1) {
    const at = handoff(layer, k, timeZone);
    if (at >= to) break;
    if (at > from) out.add(at);
  }
  for (const window of layer.active ?? []) {
    const last = localDay(to, timeZone);
    for (let day = localDay(from, timeZone) - 1, n = 0; day <= last && n < MAX_BOUNDARIES; day += 1, n += 1) {
      for (const at of windowOn(window, day, timeZone) ?? []) if (at > from && at < to) out.add(at);
    }
  }
}

const sameWho = (a: Who, b: Who) =>
  a.person === b.person && a.source.kind === b.source.kind && (a.source.kind === 'override' ? a.source.index === (b.source as { index: number }).index : a.source.name === (b.source as { name: string }).name);

/** Who is on call from `from` to `to`, as consecutive segments (gaps left out), merged where nothing changes. */
export function segments(schedule: Schedule, from: number, to: number): OnCallSegment[] {
  if (!(to > from)) return [];
  const cuts = new Set<number>([from, to]);
  for (const o of schedule.overrides) for (const at of [o.start, o.end]) if (at > from && at < to) cuts.add(at);
  for (const layer of schedule.layers) layerBoundaries(layer, from, to, schedule.timeZone, cuts);
  const sorted = [...cuts].sort((a, b) => a - b);
  const out: OnCallSegment[] = [];
  for (let i = 0; i + 1 < sorted.length; i += 1) {
    const [start, end] = [sorted[i]!, sorted[i + 1]!];
    const who = whoAt(schedule, start);
    if (!who) continue;
    const last = out[out.length - 1];
    if (last && last.end === start && sameWho(last, who)) last.end = end;
    else out.push({ start, end, ...who });
  }
  return out;
}

/** The stretches from `from` to `to` when nobody is on call. */
export function gaps(schedule: Schedule, from: number, to: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let cursor = from;
  for (const s of segments(schedule, from, to)) {
    if (s.start > cursor) out.push({ start: cursor, end: s.start });
    cursor = s.end;
  }
  if (cursor < to) out.push({ start: cursor, end: to });
  return out;
}

/** How far {@link onCallAt} looks each way to say since when and until when someone is on call. */
export const ON_CALL_HORIZON_MS = 35 * 86_400_000;

/**
 * Who is on call at `at`, with the stretch they hold it for. `since`/`until` are exact within
 * {@link ON_CALL_HORIZON_MS} of `at` and clipped to it beyond (flagged by `open`).
 */
export function onCallAt(schedule: Schedule, at: number): (OnCallSegment & { open: { before: boolean; after: boolean } }) | undefined {
  const from = at - ON_CALL_HORIZON_MS;
  const to = at + ON_CALL_HORIZON_MS;
  const found = segments(schedule, from, to).find((s) => s.start <= at && at < s.end);
  return found ? { ...found, open: { before: found.start === from, after: found.end === to } } : undefined;
}
