/**
 * @module A service's uptime over a span, from its stored state history. Pure.
 *
 * A k-of-n service with one member down is still operational ("redundancy reduced"): its uptime
 * must come from the service's own states, not from the mean of its members' uptimes. Time in
 * `operational` or `degraded_performance` counts as available, time in `partial_outage` or
 * `major_outage` as unavailable, time `under_maintenance` is left out of the ratio (planned), and
 * time before the first known state is not observed.
 */

/** One stored change of a service's state. */
export interface ServiceStateSpan {
  at: number;
  toState: string;
}

export interface ServiceUptime {
  /** Available time over observed time outside maintenance; null when none was observed. */
  ratio: number | null;
  /** Milliseconds in each kind of outage, and in maintenance, within the span. */
  partialOutageMs: number;
  majorOutageMs: number;
  maintenanceMs: number;
}

const AVAILABLE = new Set(['operational', 'degraded_performance']);

/**
 * The uptime over `[from, to)` from `changes` sorted oldest first: the last change before `from`
 * (when there is one) gives the state in force when the span begins.
 */
export function serviceUptime(changes: readonly ServiceStateSpan[], from: number, to: number): ServiceUptime {
  const out: ServiceUptime = { ratio: null, partialOutageMs: 0, majorOutageMs: 0, maintenanceMs: 0 };
  let available = 0;
  let observed = 0;
  for (let i = 0; i < changes.length; i++) {
    const start = Math.max(from, changes[i]!.at);
    const end = Math.min(to, changes[i + 1]?.at ?? to);
    if (end <= start) continue;
    const ms = end - start;
    const state = changes[i]!.toState;
    if (state === 'under_maintenance') {
      out.maintenanceMs += ms;
      continue;
    }
    observed += ms;
    if (AVAILABLE.has(state)) available += ms;
    else if (state === 'partial_outage') out.partialOutageMs += ms;
    else out.majorOutageMs += ms;
  }
  out.ratio = observed > 0 ? available / observed : null;
  return out;
}
