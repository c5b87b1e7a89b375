/** @module How a stored monitor and its state are shown by the API. */
import type { MonitorSummary, MonitorWithState } from '../../storage/store.js';
import { monitorInputSchema, toDefinition } from '../../monitors/monitor.schema.js';
import { isMultiLocation, locationPolicyOf, viewOf } from '../../engine/evaluate-locations.js';
import { readLocationStates } from '../../engine/location-states.js';
import type { MonitorState } from '../../engine/monitor-state.js';
import { iso, isoOrNull } from '../schemas/common.schemas.js';
import type { MonitorSummaryView, MonitorView } from '../schemas/monitor.schemas.js';
import { redactSecrets } from './redact.js';

/** Converts a stored monitor to its API view; the timing fields come from re-parsing its input. */
export function toMonitorView(record: MonitorWithState): MonitorView {
  const parsed = monitorInputSchema.safeParse(record.input);
  const state = record.state;
  return {
    id: record.id,
    name: record.name,
    description: parsed.success ? (parsed.data.description ?? null) : null,
    type: record.type,
    source: record.source,
    tags: record.tags,
    paused: record.paused,
    intervalMs: parsed.success ? parsed.data.interval : null,
    timeoutMs: parsed.success ? toDefinition(parsed.data).timeoutMs : null,
    input: shownInput(record),
    state: stateView(record),
    createdAt: iso(record.createdAt),
    updatedAt: iso(record.updatedAt),
  };
}

/** A monitor in a long list: no definition, its state in short. */
export function toMonitorSummaryView(summary: MonitorSummary): MonitorSummaryView {
  return { id: summary.id, name: summary.name, type: summary.type, source: summary.source, tags: summary.tags, paused: summary.paused, state: stateView(summary) };
}

/** The state as the API shows it: pending (or paused) before the first stored state. */
function stateView(monitor: Pick<MonitorSummary, 'paused' | 'state'>): MonitorView['state'] {
  const state = monitor.state;
  return state
    ? { state: state.state, since: isoOrNull(state.since), flapping: state.flapping, lastResult: lastResultOf(state) }
    : { state: monitor.paused ? 'paused' : 'pending', since: null, flapping: false, lastResult: null };
}

/** The last result a state records, if any. */
function lastResultOf(state: Pick<MonitorState, 'lastResultAt' | 'lastStatus' | 'lastMessage' | 'lastLatencyMs'>): MonitorView['state']['lastResult'] {
  if (state.lastResultAt === null || state.lastStatus === null) return null;
  return { status: state.lastStatus, message: state.lastMessage, latencyMs: state.lastLatencyMs, at: iso(state.lastResultAt) };
}

/**
 * What each declared location of a multi-location monitor sees now (its own state, silent or
 * not, its last result), in the declared order; `undefined` for a monitor judged from one place.
 */
export function locationViews(record: MonitorWithState, now: number): MonitorView['locations'] {
  const parsed = monitorInputSchema.safeParse(record.input);
  if (!parsed.success) return undefined;
  const def = toDefinition(parsed.data);
  if (!isMultiLocation(def)) return undefined;
  const policy = locationPolicyOf(def, 'local');
  const states = readLocationStates(record.state?.lastDetails ?? null);
  return policy.locations.map((name) => {
    const own = states.get(name);
    return {
      name,
      state: own?.state ?? 'pending',
      silent: viewOf(own, policy, now) === 'silent',
      since: isoOrNull(own?.since ?? null),
      lastResult: own ? lastResultOf(own) : null,
    };
  });
}

/**
 * The input with its secrets hidden; an API monitor's `paused`, when written, shows the current
 * state (pause and resume change it), so a body read and sent back with PUT does not undo them.
 */
function shownInput(record: MonitorWithState): Record<string, unknown> {
  const input = redactSecrets(record.input);
  if (record.source === 'api' && Object.hasOwn(input, 'paused')) input.paused = record.paused;
  return input;
}
