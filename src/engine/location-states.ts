/**
 * @module The per-location states of a multi-location monitor, kept inside the monitor's own
 * state (`lastDetails`, under {@link LOCATIONS_KEY}), so that they are stored in the same row and
 * the same transaction as the aggregated state and survive a restart without a table of their own.
 *
 * The check's own details (given to `diff`) stay beside that key; {@link checkDetailsOf} strips it.
 */
import { z } from 'zod';
import { MONITOR_STATES, RESULT_STATUSES } from '../core/states.js';
import { initialState, type MonitorState } from './monitor-state.js';

/** The key of `lastDetails` that holds the per-location states. */
export const LOCATIONS_KEY = '@locations';

/** What one location has seen: its own confirmed state (via `evaluate`), and its last French message. */
export interface LocationState extends MonitorState {
  lastMessageFr: string | null;
}

const status = z.enum(RESULT_STATUSES).nullable();

/** The stored form: a state without details (those belong to the monitor). */
const locationStateSchema = z.object({
  state: z.enum(MONITOR_STATES),
  since: z.number().nullable(),
  pendingStatus: status,
  pendingCount: z.number().int().min(0),
  recentChanges: z.array(z.number()),
  flapping: z.boolean(),
  lastResultAt: z.number().nullable(),
  lastStatus: status,
  lastMessage: z.string().nullable(),
  lastLatencyMs: z.number().nullable(),
  lastMessageFr: z.string().nullable().default(null),
});

/** A location that has not reported yet. */
export function initialLocationState(): LocationState {
  return { ...initialState(), lastMessageFr: null };
}

/**
 * Reads the per-location states out of a monitor's `lastDetails`. An entry that does not parse is
 * dropped: these states are derived, and the location's next result rebuilds it.
 */
export function readLocationStates(details: Record<string, unknown> | null): Map<string, LocationState> {
  const states = new Map<string, LocationState>();
  const stored = details?.[LOCATIONS_KEY];
  if (stored === null || typeof stored !== 'object' || Array.isArray(stored)) return states;
  for (const [name, value] of Object.entries(stored)) {
    const parsed = locationStateSchema.safeParse(value);
    if (parsed.success) states.set(name, { ...parsed.data, lastDetails: null });
  }
  return states;
}

/** The check's own details, without the per-location states (what `diff` compares). */
export function checkDetailsOf(details: Record<string, unknown> | null): Record<string, unknown> | null {
  if (details === null || !(LOCATIONS_KEY in details)) return details;
  const { [LOCATIONS_KEY]: _locations, ...rest } = details;
  return Object.keys(rest).length > 0 ? rest : null;
}

/** The `lastDetails` that keeps both the check's details and the per-location states. */
export function withLocationStates(checkDetails: Record<string, unknown> | null, states: ReadonlyMap<string, LocationState>): Record<string, unknown> {
  const stored: Record<string, unknown> = {};
  for (const [name, state] of states) {
    const { lastDetails: _details, ...rest } = state;
    stored[name] = rest;
  }
  return { ...(checkDetails ?? {}), [LOCATIONS_KEY]: stored };
}
