/** @module A monitor's evaluated state, as kept in memory and in `monitor_state`. */
import type { MonitorStateName, ResultStatus } from '../core/states.js';

export interface MonitorState {
  state: MonitorStateName;
  /** When the current state began (epoch ms), null while pending. */
  since: number | null;
  /** The status being confirmed, and how many consecutive results have shown it. */
  pendingStatus: ResultStatus | null;
  pendingCount: number;
  /** Epoch ms of state changes inside the flapping window. */
  recentChanges: number[];
  flapping: boolean;
  lastResultAt: number | null;
  lastStatus: ResultStatus | null;
  lastMessage: string | null;
  lastLatencyMs: number | null;
  /** The check's last details, given to `diff` on the next run. */
  lastDetails: Record<string, unknown> | null;
}

/** The state of a monitor that has never run. */
export function initialState(): MonitorState {
  return {
    state: 'pending',
    since: null,
    pendingStatus: null,
    pendingCount: 0,
    recentChanges: [],
    flapping: false,
    lastResultAt: null,
    lastStatus: null,
    lastMessage: null,
    lastLatencyMs: null,
    lastDetails: null,
  };
}

/** A state change or a notable event, before it is stored as a `transitions` row. */
export interface TransitionDraft {
  monitorId: string;
  at: number;
  kind: 'state' | 'event';
  fromState: MonitorStateName | null;
  toState: MonitorStateName | null;
  eventType: string | null;
  reason: string;
  details: Record<string, unknown> | null;
}

/** A stored transition row as the engine and API see it. */
export interface Transition extends TransitionDraft {
  id: number;
}
