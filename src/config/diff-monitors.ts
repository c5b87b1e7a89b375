/** @module Compares two sets of monitor definitions so a reload reschedules only what changed. */
import { sameDefinition, type MonitorDefinition } from '../monitors/monitor.schema.js';

/** How the monitors of a new config differ from the running ones, by id. */
export interface MonitorDiff {
  /** New ids (their new definitions). */
  added: MonitorDefinition[];
  /** Ids present in both whose definition changed (their new definitions). */
  changed: MonitorDefinition[];
  /** Ids no longer present (their old definitions). */
  removed: MonitorDefinition[];
  /** Ids present in both with identical definitions. */
  unchanged: MonitorDefinition[];
}

/** Pure: classifies monitors by id, comparing definitions with {@link sameDefinition}. */
export function diffMonitors(oldDefs: readonly MonitorDefinition[], newDefs: readonly MonitorDefinition[]): MonitorDiff {
  const before = new Map(oldDefs.map((def) => [def.id, def]));
  const after = new Set(newDefs.map((def) => def.id));
  const diff: MonitorDiff = { added: [], changed: [], removed: [], unchanged: [] };
  for (const def of newDefs) {
    const previous = before.get(def.id);
    if (!previous) diff.added.push(def);
    else if (sameDefinition(previous, def)) diff.unchanged.push(def);
    else diff.changed.push(def);
  }
  diff.removed = oldDefs.filter((def) => !after.has(def.id));
  return diff;
}
