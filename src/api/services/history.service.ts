/** @module Results, uptime and transitions of monitors, shaped for the API. */
import type { z } from 'zod';
import type { Store, StoredResult } from '../../storage/store.js';
import type { Transition } from '../../engine/monitor-state.js';
import { notFound } from '../errors.js';
import { iso } from '../schemas/common.schemas.js';
import {
  UPTIME_WINDOWS,
  type resultPage,
  type resultsQuery,
  type transitionPage,
  type transitionsQuery,
  type transitionView,
  type uptimeAnswer,
} from '../schemas/history.schemas.js';

type TransitionView = z.output<typeof transitionView>;

/** Converts a stored transition to its API (and SSE) form. */
export function toTransitionView(t: Transition): TransitionView {
  return {
    id: t.id,
    monitorId: t.monitorId,
    at: iso(t.at),
    kind: t.kind,
    fromState: t.fromState,
    toState: t.toState,
    eventType: t.eventType,
    reason: t.reason,
    details: t.details,
  };
}

function toResultView(r: StoredResult) {
  return { id: r.id, at: iso(r.at), location: r.location, status: r.status, latencyMs: r.latencyMs, message: r.message, timings: (r.timings as Record<string, number> | null) ?? null };
}

/** Read-only history queries. */
export class HistoryService {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  async results(monitorId: string, query: z.output<typeof resultsQuery>): Promise<z.output<typeof resultPage>> {
    await this.requireMonitor(monitorId);
    const page = await this.store.results.list(monitorId, query);
    return { items: page.items.map(toResultView), nextCursor: page.nextCursor };
  }

  async uptime(monitorId: string): Promise<z.output<typeof uptimeAnswer>> {
    await this.requireMonitor(monitorId);
    const to = this.now();
    const entries = await Promise.all(
      Object.entries(UPTIME_WINDOWS).map(async ([name, span]) => {
        const uptime = await this.store.rollups.uptime(monitorId, to - span, to);
        return [name, { ...uptime, from: iso(to - span), to: iso(to) }] as const;
      }),
    );
    return Object.fromEntries(entries) as z.output<typeof uptimeAnswer>;
  }

  async transitions(query: z.output<typeof transitionsQuery>): Promise<z.output<typeof transitionPage>> {
    const { monitor, kind, ...range } = query;
    if (monitor !== undefined) await this.requireMonitor(monitor);
    const filter = { ...(monitor !== undefined ? { monitorId: monitor } : {}), ...(kind !== undefined ? { kind } : {}) };
    const page = await this.store.transitions.list(filter, range);
    return { items: page.items.map(toTransitionView), nextCursor: page.nextCursor };
  }

  /**
   * Stored transitions with an id above `afterId`, oldest first, at most `max` (the newest ones
   * when there are more; `truncated` then says so).
   */
  async transitionsAfter(afterId: number, max: number): Promise<{ items: Transition[]; truncated: boolean }> {
    const items: Transition[] = [];
    let cursor: string | null = null;
    do {
      const page = await this.store.transitions.list({}, { limit: 200, cursor });
      for (const t of page.items) {
        if (t.id <= afterId) return { items: items.reverse(), truncated: false };
        if (items.length === max) return { items: items.reverse(), truncated: true };
        items.push(t);
      }
      cursor = page.nextCursor;
    } while (cursor !== null);
    return { items: items.reverse(), truncated: false };
  }

  private async requireMonitor(id: string): Promise<void> {
    if (!(await this.store.monitors.get(id))) throw notFound('monitor', id);
  }
}
