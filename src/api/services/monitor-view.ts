/** @module How a stored monitor and its state are shown by the API. */
import type { MonitorWithState } from '../../storage/store.js';
import { monitorInputSchema, toDefinition } from '../../monitors/monitor.schema.js';
import { iso, isoOrNull } from '../schemas/common.schemas.js';
import type { MonitorView } from '../schemas/monitor.schemas.js';
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
    state: state
      ? {
          state: state.state,
          since: isoOrNull(state.since),
          flapping: state.flapping,
          lastResult:
            state.lastResultAt !== null && state.lastStatus !== null
              ? { status: state.lastStatus, message: state.lastMessage, latencyMs: state.lastLatencyMs, at: iso(state.lastResultAt) }
              : null,
        }
      : { state: record.paused ? 'paused' : 'pending', since: null, flapping: false, lastResult: null },
    createdAt: iso(record.createdAt),
    updatedAt: iso(record.updatedAt),
  };
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
