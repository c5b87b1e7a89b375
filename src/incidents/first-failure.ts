/**
 * @module The first failing result behind an incident: walking back from the transition that
 * confirmed the failure over the monitor's stored results to the first one of the failing run.
 */
import type { Transition } from '../engine/monitor-state.js';
import type { Store } from '../storage/store.js';
import type { FailureGroup, TrackedMonitor } from './failure-groups.js';
import type { IncidentContext } from './incident-settings.js';
import { ref } from './service-graph.js';

/** Results looked at, newest first, when walking back. */
const LOOK_BACK = 50;

/** When the failure began, on which monitor, with the result's message. */
export interface FirstFailure {
  at: number;
  monitorId: string;
  message: string | null;
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
export async function firstFailureAt(store: Store, transition: Transition | null, group: FailureGroup, monitors: ReadonlyMap<string, TrackedMonitor>, ctx: IncidentContext): Promise<FirstFailure | undefined> {
  const monitorId = startingMonitor(transition, group, monitors, ctx);
  if (monitorId === undefined) return undefined;
  const until = transition?.monitorId === monitorId ? transition.at : (monitors.get(monitorId)?.since ?? Date.now());
  const page = await store.results.list(monitorId, { to: until + 1, limit: LOOK_BACK });
  let first: FirstFailure | undefined;
  for (const result of page.items) {
    if (result.status === 'up') break;
    first = { at: result.at, monitorId, message: result.message };
  }
  return first ?? { at: until, monitorId, message: transition?.monitorId === monitorId ? transition.reason : null };
}
