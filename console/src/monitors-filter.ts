/** @module Filtering, searching and sorting the monitor list in memory (pure functions). */
import type { Monitor, MonitorState } from './types.js';

export type SortKey = 'id' | 'name' | 'type' | 'state' | 'since' | 'latency';
export interface Filters {
  search: string;
  state: MonitorState | '';
  type: string;
  tag: string;
}
export interface Sort {
  key: SortKey;
  descending: boolean;
}

/** Worst first when sorting by state. */
const STATE_ORDER: Record<MonitorState, number> = { down: 0, degraded: 1, unknown: 2, pending: 3, paused: 4, up: 5 };

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function compare(a: Monitor, b: Monitor, key: SortKey): number {
  switch (key) {
    case 'id':
      return collator.compare(a.id, b.id);
    case 'name':
      return collator.compare(a.name ?? a.id, b.name ?? b.id);
    case 'type':
      return collator.compare(a.type, b.type);
    case 'state':
      return STATE_ORDER[a.state.state] - STATE_ORDER[b.state.state];
    case 'since':
      return (a.state.since ?? '').localeCompare(b.state.since ?? '');
    case 'latency':
      return (a.state.lastResult?.latencyMs ?? Infinity) - (b.state.lastResult?.latencyMs ?? Infinity);
  }
}

/** The monitors matching the filters, sorted (ties by id). */
export function filterAndSort(monitors: readonly Monitor[], filters: Filters, sort: Sort): Monitor[] {
  const needle = filters.search.trim().toLowerCase();
  const shown = monitors.filter(
    (m) =>
      (!filters.state || m.state.state === filters.state) &&
      (!filters.type || m.type === filters.type) &&
      (!filters.tag || m.tags.includes(filters.tag)) &&
      (!needle || m.id.toLowerCase().includes(needle) || (m.name?.toLowerCase().includes(needle) ?? false)),
  );
  const sign = sort.descending ? -1 : 1;
  return shown.sort((a, b) => sign * compare(a, b, sort.key) || collator.compare(a.id, b.id));
}

/** The types and tags present, sorted, for the filter pickers. */
export function facets(monitors: readonly Monitor[]): { types: string[]; tags: string[] } {
  const types = new Set<string>();
  const tags = new Set<string>();
  for (const m of monitors) {
    types.add(m.type);
    for (const tag of m.tags) tags.add(tag);
  }
  return { types: [...types].sort(collator.compare), tags: [...tags].sort(collator.compare) };
}
