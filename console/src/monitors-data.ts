/**
 * @module Every monitor, loaded once (`GET /api/v1/monitors?view=summary`, keyset pages of 5,000:
 * two requests for 10,000 monitors) and kept in the query cache, where the live feed patches
 * states as they change. Filtering, searching and sorting then happen in memory.
 */
import type { QueryClient } from '@tanstack/react-query';
import { api } from './api.js';
import type { Monitor, Page } from './types.js';

export const MONITORS_KEY = ['monitors', 'all'] as const;
const PAGE_SIZE = 5000;

/** Loads every page in id order; `progress` is told how many are in after each page. */
export async function fetchAllMonitors(signal: AbortSignal, progress?: (loaded: number, total: number) => void): Promise<Monitor[]> {
  const items: Monitor[] = [];
  let after: string | null = null;
  do {
    const query: string = `view=summary&limit=${PAGE_SIZE}${after ? `&after=${encodeURIComponent(after)}` : ''}`;
    const page: Page<Monitor> = await api<Page<Monitor>>(`/api/v1/monitors?${query}`, { signal });
    items.push(...page.items);
    progress?.(items.length, Math.max(page.total, items.length));
    after = page.next ?? null;
  } while (after);
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
