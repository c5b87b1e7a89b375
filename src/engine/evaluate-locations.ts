/**
 * @module Pure evaluation of a monitor seen from several locations, with a quorum.
 *
 * Each location keeps its own state, confirmed by {@link evaluate} exactly like a single-location
 * monitor (confirmations, flapping). The monitor's state is then the verdict of the quorum:
 * - `down` when at least `quorum` locations are down;
 * - `degraded` when at least `quorum` locations are down or degraded;
 * - `up` when fewer than `quorum` fail and at least one location sees it up or degraded;
 * - otherwise (no location sees it working, too few see it down) `unknown` once every location
 *   has a confirmed state, and no change (`pending` at first) while some have not reported yet.
 * A location whose last result is older than `silentAfterMs` is *silent*: it counts neither way.
 * No I/O, no clock: the caller passes `now`.
 */
import type { CheckResult } from '../checks/types.js';
import type { MonitorStateName } from '../core/states.js';
import type { MonitorDefinition } from '../monitors/monitor.schema.js';
import { evaluate, withFlapping, type Evaluation, type EvaluationPolicy } from './evaluate.js';
import { locationsReason, type LocationTally, type LocationView } from './location-reasons.js';
import { checkDetailsOf, initialLocationState, readLocationStates, withLocationStates, type LocationState } from './location-states.js';
import type { MonitorState, TransitionDraft } from './monitor-state.js';

/** How a multi-location monitor is judged. */
export interface LocationPolicy extends EvaluationPolicy {
  /** The locations whose results count, in display order. */
  locations: string[];
  quorum: number;
  /** A location with no result for this long is silent. */
  silentAfterMs: number;
}

/** One result, and where it was seen from. */
export interface LocatedResult {
  location: string;
  result: CheckResult;
  /** True for this node's own runs: only they carry the check's details (given to `diff`). */
  local: boolean;
}

/** True when a monitor is judged per location (it declares `locations`, or a quorum above 1). */
export function isMultiLocation(def: Pick<MonitorDefinition, 'locations' | 'quorum'>): boolean {
  return def.locations !== undefined || (def.quorum ?? 1) > 1;
}

/** The locations of a monitor: its own list, or this node alone. */
export function locationsOf(def: Pick<MonitorDefinition, 'locations'>, here: string): string[] {
  return def.locations ?? [here];
}

/** The policy of a monitor; a location is silent after three missed intervals plus a timeout. */
export function locationPolicyOf(def: MonitorDefinition, here: string): LocationPolicy {
  return {
    monitorId: def.id,
    confirmations: def.confirmations,
    flapping: def.flapping,
    locations: locationsOf(def, here),
    quorum: def.quorum ?? 1,
    silentAfterMs: 3 * def.intervalMs + def.timeoutMs,
  };
}

/** What a location contributes now. */
export function viewOf(state: LocationState | undefined, policy: LocationPolicy, now: number): LocationView {
  if (!state || state.lastResultAt === null) return 'pending';
  if (now - state.lastResultAt > policy.silentAfterMs) return 'silent';
  return state.state === 'paused' ? 'pending' : state.state;
}

/** Groups the monitor's locations by what they see. */
export function tally(states: ReadonlyMap<string, LocationState>, policy: LocationPolicy, now: number): LocationTally {
  const by: Record<LocationView, string[]> = { pending: [], up: [], degraded: [], down: [], unknown: [], silent: [] };
  for (const name of policy.locations) by[viewOf(states.get(name), policy, now)].push(name);
  return { total: policy.locations.length, quorum: policy.quorum, by, states };
}

/** The monitor's state under the quorum rule. */
export function verdict(t: LocationTally): MonitorStateName {
  const { by, quorum } = t;
  if (by.down.length >= quorum) return 'down';
  if (by.down.length + by.degraded.length >= quorum) return 'degraded';
  if (by.up.length + by.degraded.length > 0) return 'up';
  // Some locations have not reported yet: wait for them rather than guess.
  if (by.pending.length > 0) return 'pending';
  return 'unknown';
}

/** The states of the monitor's declared locations (a location no longer declared is left out). */
function ofLocations(all: ReadonlyMap<string, LocationState>, policy: LocationPolicy): Map<string, LocationState> {
  return new Map(policy.locations.flatMap((name) => (all.has(name) ? [[name, all.get(name)!] as const] : [])));
}

/** Evaluates one result from one location against the monitor's previous (aggregated) state. */
export function evaluateAtLocation(prev: MonitorState, seen: LocatedResult, policy: LocationPolicy, now: number): Evaluation {
  const { location, result } = seen;
  const all = readLocationStates(prev.lastDetails);
  const before = all.get(location) ?? initialLocationState();
  const own = evaluate(before, { ...result, details: undefined }, policy, now).state;
  all.set(location, { ...own, lastDetails: null, lastMessageFr: result.messages?.fr ?? null });
  const states = ofLocations(all, policy);
  const checkDetails = seen.local && result.details ? result.details : checkDetailsOf(prev.lastDetails);
  const observed: MonitorState = {
    ...prev,
    lastResultAt: now,
    lastStatus: result.status,
    lastMessage: result.message,
    lastLatencyMs: result.latencyMs,
    lastDetails: withLocationStates(checkDetails, states),
    pendingStatus: null,
    pendingCount: 0,
  };
  if (prev.state === 'paused') return { state: observed };
  return judge(prev, observed, tally(states, policy, now), policy, now);
}

/**
 * Re-judges a monitor that no result reached: locations fall silent with time alone, so a
 * monitor whose locations all stopped reporting becomes `unknown`, and one held `down` by
 * locations now silent stops being `down`. Meant for monitors this node does not run itself
 * (its own runs re-judge at every result). `undefined` when nothing changes.
 */
export function reviewSilence(prev: MonitorState, policy: LocationPolicy, now: number): Evaluation | undefined {
  if (prev.state === 'paused') return undefined;
  const all = readLocationStates(prev.lastDetails);
  const states = ofLocations(all, policy);
  const counted = tally(states, policy, now);
  if (counted.by.silent.length === 0) return undefined;
  const evaluation = judge(prev, prev, counted, policy, now);
  return evaluation.transition ? evaluation : undefined;
}

/** The aggregated state after `observed`, and its transition when the quorum's verdict changed. */
function judge(prev: MonitorState, observed: MonitorState, counted: LocationTally, policy: LocationPolicy, now: number): Evaluation {
  const to = verdict(counted);
  if (to === prev.state || to === 'pending') return withFlapping(observed, prev, policy, now);

  const next: MonitorState = {
    ...observed,
    state: to,
    since: now,
    recentChanges: prev.state === 'pending' ? prev.recentChanges : [...prev.recentChanges, now],
  };
  const reason = locationsReason(prev.state, to, counted);
  const transition: TransitionDraft = {
    monitorId: policy.monitorId,
    at: now,
    kind: 'state',
    fromState: prev.state,
    toState: to,
    eventType: null,
    reason: reason.en,
    details: { locations: locationSummary(counted, policy.locations), quorum: policy.quorum, messages: { en: reason.en, fr: reason.fr } },
  };
  return { ...withFlapping(next, prev, policy, now), transition };
}

/** `{ paris: 'down', noumea: 'silent', … }`, in the order of the monitor's locations. */
function locationSummary(t: LocationTally, order: string[]): Record<string, LocationView> {
  const views = new Map<string, LocationView>();
  for (const [view, names] of Object.entries(t.by) as Array<[LocationView, string[]]>) for (const name of names) views.set(name, view);
  return Object.fromEntries(order.map((name) => [name, views.get(name) ?? 'pending']));
}
