/**
 * @module Every monitor, loaded once (all pages of `GET /api/v1/monitors`, 500 at a time, a few
 * in parallel) and kept in the query cache, where the live feed patches states as they change.
 * Filtering, searching and sorting then happen in memory.
 */
import type { QueryClient } from '@tanstack/react-query';
import { api } from './api.js';
import type { Monitor, Page } from './types.js';

export const MONITORS_KEY = ['monitors', 'all'] as const;
const PAGE_SIZE = 500;
const PARALLEL = 4;

/** Loads every page; `progress` is told how many are in after each page. */
export async function fetchAllMonitors(signal: AbortSignal, progress?: (loaded: number, total: number) => void): Promise<Monitor[]> {
  const first = await api<Page<Monitor>>(`/api/v1/monitors?limit=${PAGE_SIZE}&offset=0`, { signal });
  const items = [...first.items];
  progress?.(items.length, first.total);
  const offsets: number[] = [];
  for (let offset = PAGE_SIZE; offset < first.total; offset += PAGE_SIZE) offsets.push(offset);
  const pages = new Array<Monitor[]>(offsets.length);
  let next = 0;
  const worker = async () => {
    while (next < offsets.length) {
      const index = next++;
      const page = await api<Page<Monitor>>(`/api/v1/monitors?limit=${PAGE_SIZE}&offset=${offsets[index]}`, { signal });
      pages[index] = page.items;
      progress?.(items.length + pages.reduce((n, p) => n + (p?.length ?? 0), 0), first.total);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, offsets.length) }, worker));
  // Monitors added while paging may shift a page: keep the first copy of each id.
  const seen = new Set(items.map((m) => m.id));
  for (const page of pages) for (const m of page ?? []) if (!seen.has(m.id)) (seen.add(m.id), items.push(m));
  return items;
}

/** Replaces (or adds) monitors in the cached list, by id. */
export function upsertMonitors(client: QueryClient, changed: readonly Monitor[]): void {
  if (changed.length === 0) return;
  client.setQueryData<Monitor[]>(MONITORS_KEY, (list) => {
    if (!list) return list;
    const byId = new Map(changed.map((m) => [m.id, m]));
    const next = list.map((m) => {
      const update = byId.get(m.id);
      if (!update) return m;
      byId.delete(m.id);
      return update;
    });
    return byId.size > 0 ? [...next, ...byId.values()] : next;
  });
}

/** Applies new states (`id → state, since`) to the cached list in one pass. */
export function patchStates(client: QueryClient, states: ReadonlyMap<string, { state: Monitor['state']['state']; since: string }>): void {
  if (states.size === 0) return;
  client.setQueryData<Monitor[]>(MONITORS_KEY, (list) =>
    list?.map((m) => {
      const s = states.get(m.id);
      return s ? { ...m, paused: s.state === 'paused', state: { ...m.state, state: s.state, since: s.since } } : m;
    }),
  );
}

export function removeMonitor(client: QueryClient, id: string): void {
  client.setQueryData<Monitor[]>(MONITORS_KEY, (list) => list?.filter((m) => m.id !== id));
}
