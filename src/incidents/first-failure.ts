/**
 * @module The first failing result behind an incident: walking back from the transition that
 * confirmed the failure over the monitor's stored results to the first one of the failing run.
 */
import type { Transition } from '../engine/monitor-state.js';
import type { IncidentStores } from './incident-processor.js';
import type { FailureGroup, TrackedMonitor } from './failure-groups.js';
import type { Localized } from './incident.types.js';
import type { IncidentContext } from './incident-settings.js';
import { messagesOf, transitionReason } from './incident-texts.js';
import { ref } from './service-graph.js';

/** Results looked at, newest first, when walking back. */
const LOOK_BACK = 50;

/** When the failure began, on which monitor, with the result's message. */
export interface FirstFailure {
  at: number;
  monitorId: string;
  message: string | null;
  /**
   * The message in both languages: stored results keep the English message only, so the French
   * one is the check's French message stored with the transition when both say the same thing.
   */
  text: Localized | null;
}

/** The result's message in both languages, using the transition's stored messages when they match. */
function localized(message: string | null, transition: Transition | null): Localized | null {
  if (message === null) return null;
  const messages = transition ? messagesOf(transition.details) : undefined;
  if (transition && message === transition.reason) return transitionReason(message, messages);
  return messages?.en === message && messages.fr !== undefined ? { en: message, fr: messages.fr } : { en: message, fr: message };
}

/** The monitor whose failure started the group: the transition's, or the earliest failing one of the group. */
function startingMonitor(transition: Transition | null, group: FailureGroup, monitors: ReadonlyMap<string, TrackedMonitor>, ctx: IncidentContext): string | undefined {
  const inGroup = (id: string) => group.refs.includes(ref.monitor(id)) || ctx.graph.ancestors(id).some((s) => group.refs.includes(ref.service(s)));
  if (transition && (transition.toState === 'down' || transition.toState === 'degraded') && inGroup(transition.monitorId)) return transition.monitorId;
  let best: { id: string; since: number } | undefined;
  for (const [id, tracked] of monitors) {
    if ((tracked.state === 'down' || tracked.state === 'degraded') && inGroup(id) && (!best || tracked.since < best.since)) best = { id, since: tracked.since };
  }
  return best?.id;
}

/** The first failing result of the run that led to the group's failure, or undefined when none is known. */
export async function firstFailureAt(store: IncidentStores, transition: Transition | null, group: FailureGroup, monitors: ReadonlyMap<string, TrackedMonitor>, ctx: IncidentContext): Promise<FirstFailure | undefined> {
  const monitorId = startingMonitor(transition, group, monitors, ctx);
  if (monitorId === undefined) return undefined;
  const until = transition?.monitorId === monitorId ? transition.at : (monitors.get(monitorId)?.since ?? Date.now());
  const page = await store.results.list(monitorId, { to: until + 1, limit: LOOK_BACK });
  const own = transition?.monitorId === monitorId ? transition : null;
  let first: { at: number; message: string | null } | undefined;
  for (const result of page.items) {
    if (result.status === 'up') break;
    first = { at: result.at, message: result.message };
  }
  const found = first ?? { at: until, message: own ? own.reason : null };
  return { ...found, monitorId, text: localized(found.message, own) };
}
