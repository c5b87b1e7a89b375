/**
 * @module The input stored for a file monitor: its definition in config form, for display
 * through the API. File monitors are always re-read from the file, never from this copy.
 */
import type { MonitorDefinition } from '../monitors/monitor.schema.js';

export function toStoredInput(def: MonitorDefinition): Record<string, unknown> {
  return {
    id: def.id,
    name: def.name,
    ...(def.description !== undefined ? { description: def.description } : {}),
    tags: def.tags,
    interval: `${def.intervalMs}ms`,
    timeout: `${def.timeoutMs}ms`,
    confirmations: def.confirmations,
    flapping: { changes: def.flapping.changes, window: `${def.flapping.windowMs}ms` },
    paused: def.paused,
    ...(def.locations !== undefined ? { locations: def.locations } : {}),
    ...(def.quorum !== undefined ? { quorum: def.quorum } : {}),
    [def.type]: def.check,
  };
}
