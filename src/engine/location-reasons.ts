/**
 * @module The sentences of a multi-location monitor's transitions, in English and French:
 * which locations see it failing, against which quorum, and which ones are silent.
 */
import type { MonitorStateName } from '../core/states.js';
import type { LocationState } from './location-states.js';

/** What a location contributes to the verdict: its confirmed state, or `silent` when its last result is too old. */
export type LocationView = 'pending' | 'up' | 'degraded' | 'down' | 'unknown' | 'silent';

/** The locations grouped by what they see, in the order of the monitor's `locations`. */
export interface LocationTally {
  total: number;
  quorum: number;
  by: Record<LocationView, string[]>;
  states: ReadonlyMap<string, LocationState>;
}

/** A transition's reason in both languages. */
export interface Reason {
  en: string;
  fr: string;
}

const FR_STATE: Record<MonitorStateName, string> = {
  pending: 'en attente',
  up: 'en service',
  degraded: 'dégradé',
  down: 'hors service',
  unknown: 'indéterminé',
  paused: 'en pause',
};

/** `2 of 3 locations` / `2 emplacements sur 3`. */
function ofTotal(n: number, total: number): Reason {
  return { en: `${n} of ${total} location${total === 1 ? '' : 's'}`, fr: `${n} emplacement${n === 1 ? '' : 's'} sur ${total}` };
}

/** `paris: expected 200, got 503; noumea: timed out`, one entry per location. */
function messagesOf(names: string[], states: ReadonlyMap<string, LocationState>): Reason {
  const en = names.map((n) => `${n}: ${states.get(n)?.lastMessage ?? '?'}`);
  const fr = names.map((n) => {
    const s = states.get(n);
    return `${n} : ${s?.lastMessageFr ?? s?.lastMessage ?? '?'}`;
  });
  return { en: en.join('; '), fr: fr.join(' ; ') };
}

function silentSuffix(t: LocationTally): Reason {
  const silent = t.by.silent;
  if (silent.length === 0) return { en: '', fr: '' };
  return { en: `; silent: ${silent.join(', ')}`, fr: ` ; sans nouvelles : ${silent.join(', ')}` };
}

/** `down at 2 of 3 locations (paris, noumea): paris: …; noumea: …` and its French twin. */
function failing(to: 'down' | 'degraded', t: LocationTally): Reason {
  const names = to === 'down' ? t.by.down : [...t.by.down, ...t.by.degraded];
  const count = ofTotal(names.length, t.total);
  const msgs = messagesOf(names, t.states);
  const silent = silentSuffix(t);
  return {
    en: `${to} at ${count.en} (${names.join(', ')}): ${msgs.en}${silent.en}`,
    fr: `${FR_STATE[to]} selon ${count.fr} (${names.join(', ')}) : ${msgs.fr}${silent.fr}`,
  };
}

/** Why the monitor is up: who sees it up, or the failing locations that do not reach the quorum. */
function working(from: MonitorStateName, t: LocationTally): Reason {
  const bad = [...t.by.down, ...t.by.degraded];
  const silent = silentSuffix(t);
  const prefix: Reason = from === 'pending' ? { en: 'up', fr: FR_STATE.up } : { en: 'recovered', fr: 'rétabli' };
  if (bad.length === 0) {
    const count = ofTotal(t.by.up.length, t.total);
    return {
      en: `${prefix.en}: up at ${count.en} (${t.by.up.join(', ')})${silent.en}`,
      fr: `${prefix.fr} : en service selon ${count.fr} (${t.by.up.join(', ')})${silent.fr}`,
    };
  }
  const count = ofTotal(bad.length, t.total);
  return {
    en: `${prefix.en}: failing at ${count.en} (${bad.join(', ')}), below the quorum of ${t.quorum}${silent.en}`,
    fr: `${prefix.fr} : en échec selon ${count.fr} (${bad.join(', ')}), sous le quorum de ${t.quorum}${silent.fr}`,
  };
}

/** No location sees it working, and too few see it failing to call it down. */
function undecided(t: LocationTally): Reason {
  const listed = (['down', 'unknown', 'silent'] as const).flatMap((v) => t.by[v].map((n) => ({ n, v })));
  return {
    en: `unknown: no location sees it up and fewer than ${t.quorum} see it down (${listed.map(({ n, v }) => `${n}: ${v}`).join(', ')})`,
    fr: `indéterminé : aucun emplacement ne le voit en service et moins de ${t.quorum} le voient hors service (${listed
      .map(({ n, v }) => `${n} : ${v === 'silent' ? 'sans nouvelles' : FR_STATE[v]}`)
      .join(', ')})`,
  };
}

/** The reason of a change of the aggregated state from `from` to `to`. */
export function locationsReason(from: MonitorStateName, to: MonitorStateName, t: LocationTally): Reason {
  if (to === 'down' || to === 'degraded') return failing(to, t);
  if (to === 'up') return working(from, t);
  return undecided(t);
}
