/**
 * @module Pure evaluation: (previous state, new result) → (state, transition?).
 *
 * No I/O, no clock: the caller passes `now`. Confirmations: a status must be seen on
 * `confirmations.down` consecutive runs (any non-up status counts towards leaving up) or
 * `confirmations.up` consecutive runs (to come back up) before the state changes.
 */
import type { CheckResult } from '../checks/types.js';
import type { MonitorStateName, ResultStatus } from '../core/states.js';
import type { MonitorState, TransitionDraft } from './monitor-state.js';

export interface EvaluationPolicy {
  monitorId: string;
  confirmations: { down: number; up: number };
  flapping: { changes: number; windowMs: number };
}

export interface Evaluation {
  state: MonitorState;
  /** Present when the confirmed state changed. */
  transition?: TransitionDraft;
  /** Present when the flapping flag flipped on this result. */
  flappingChanged?: boolean;
}

const isUp = (s: ResultStatus | MonitorStateName) => s === 'up';

/** Evaluates one result against the previous state. */
export function evaluate(prev: MonitorState, result: CheckResult, policy: EvaluationPolicy, now: number): Evaluation {
  const observed: MonitorState = {
    ...prev,
    lastResultAt: now,
    lastStatus: result.status,
    lastMessage: result.message,
    lastLatencyMs: result.latencyMs,
    lastDetails: result.details ?? prev.lastDetails,
  };
  if (prev.state === 'paused') return { state: observed };

  if (result.status === prev.state) {
    return withFlapping({ ...observed, pendingStatus: null, pendingCount: 0 }, prev, policy, now);
  }

  const continues = prev.pendingStatus !== null && isUp(prev.pendingStatus) === isUp(result.status);
  const pendingCount = continues ? prev.pendingCount + 1 : 1;
  const needed = isUp(result.status) ? policy.confirmations.up : policy.confirmations.down;
  if (pendingCount < needed) {
    return withFlapping({ ...observed, pendingStatus: result.status, pendingCount }, prev, policy, now);
  }

  const to: MonitorStateName = result.status;
  const next: MonitorState = {
    ...observed,
    state: to,
    since: now,
    pendingStatus: null,
    pendingCount: 0,
    recentChanges: prev.state === 'pending' ? prev.recentChanges : [...prev.recentChanges, now],
  };
  const transition: TransitionDraft = {
    monitorId: policy.monitorId,
    at: now,
    kind: 'state',
    fromState: prev.state,
    toState: to,
    eventType: null,
    reason: reasonFor(prev.state, to, result, pendingCount),
    details: result.timings || result.messages ? { ...(result.timings ? { timings: result.timings } : {}), ...(result.messages ? { messages: result.messages } : {}) } : null,
  };
  return { ...withFlapping(next, prev, policy, now), transition };
}

/** `next` with its recent changes trimmed to the flapping window and the flag recomputed. */
export function withFlapping(next: MonitorState, prev: MonitorState, policy: EvaluationPolicy, now: number): Evaluation {
  const recentChanges = next.recentChanges.filter((t) => now - t <= policy.flapping.windowMs);
  const flapping = recentChanges.length > policy.flapping.changes;
  const state = { ...next, recentChanges, flapping };
  return flapping !== prev.flapping ? { state, flappingChanged: true } : { state };
}

function reasonFor(from: MonitorStateName, to: MonitorStateName, result: CheckResult, count: number): string {
  const confirmed = count > 1 ? ` (confirmed by ${count} consecutive results)` : '';
  if (to === 'up') return from === 'pending' ? `up: ${result.message}` : `recovered: ${result.message}${confirmed}`;
  return `${to}: ${result.message}${confirmed}`;
}

/** The transition recorded when a monitor is paused or resumed by a user. */
export function pauseTransition(monitorId: string, prev: MonitorState, paused: boolean, now: number, by: string): { state: MonitorState; transition: TransitionDraft } {
  const to: MonitorStateName = paused ? 'paused' : 'pending';
  return {
    state: { ...prev, state: to, since: now, pendingStatus: null, pendingCount: 0 },
    transition: {
      monitorId,
      at: now,
      kind: 'state',
      fromState: prev.state,
      toState: to,
      eventType: null,
      reason: paused ? `paused by ${by}` : `resumed by ${by}`,
      details: null,
    },
  };
}
