/**
 * @module The live feed: one EventSource on `/api/v1/events` (the session cookie goes with it)
 * for the whole console. State transitions patch the monitor list (batched, one pass per 300 ms
 * however many arrive); other events refresh what they concern. When the stream drops, the
 * console says so and the browser reconnects with `Last-Event-ID`, so the server replays what
 * was missed; on reconnect, lists that are not replayed are fetched again (the monitors too when
 * no event id was received yet, since the server then has nothing to replay from).
 */
import { useEffect, useState } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from './api.js';
import { MONITORS_KEY, patchStates, removeMonitor, upsertMonitors } from './monitors-data.js';
import type { Monitor, Transition } from './types.js';

export type LiveStatus = 'connecting' | 'open' | 'lost' | 'restored';

const FLUSH_MS = 300;
const RETRY_MAX_MS = 30_000;

function parse<T>(event: MessageEvent): T | undefined {
  try {
    return JSON.parse(String(event.data)) as T;
  } catch {
    return undefined;
  }
}

function refetchMonitor(client: QueryClient, id: string): void {
  api<Monitor>(`/api/v1/monitors/${encodeURIComponent(id)}`)
    .then((m) => upsertMonitors(client, [m]))
    .catch(() => removeMonitor(client, id));
}

/** Connects while mounted; answers the connection's status for the banner. */
export function useLiveEvents(): LiveStatus {
  const client = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');

  useEffect(() => {
    let source: EventSource | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    let everOpen = false;
    let lost = false;
    // Without an event id, a reconnect cannot ask for what it missed: the monitors are read again.
    let seenEventId = false;
    let attempts = 0;
    const pending = new Map<string, { state: Monitor['state']['state']; since: string }>();

    const flush = () => {
      flushTimer = undefined;
      patchStates(client, new Map(pending));
      pending.clear();
      // A member may change without its service changing (a second one down, still degraded): the
      // services shown refresh too; one fetch at a time however often states flush.
      void client.invalidateQueries({ queryKey: ['services'] }, { cancelRefetch: false });
    };
    const connect = () => {
      source = new EventSource('/api/v1/events', { withCredentials: true });
      source.onopen = () => {
        attempts = 0;
        if (lost) {
          lost = false;
          setStatus('restored');
          for (const key of [['services'], ['incidents'], ['crises']]) void client.invalidateQueries({ queryKey: key });
          if (!seenEventId) for (const key of [MONITORS_KEY, ['monitor']]) void client.invalidateQueries({ queryKey: key });
        } else setStatus('open');
        everOpen = true;
      };
      source.onerror = () => {
        if (everOpen || attempts > 0) {
          lost = true;
          setStatus('lost');
        }
        // CLOSED: the browser gave up (an error answer); try again ourselves, backing off.
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          attempts += 1;
          retryTimer = setTimeout(connect, Math.min(RETRY_MAX_MS, 1000 * 2 ** attempts));
        }
      };
      source.addEventListener('transition', (event) => {
        if (event.lastEventId !== '') seenEventId = true;
        const transition = parse<Transition>(event);
        if (!transition || transition.kind !== 'state' || !transition.toState) return;
        pending.set(transition.monitorId, { state: transition.toState, since: transition.at });
        flushTimer ??= setTimeout(flush, FLUSH_MS);
      });
      source.addEventListener('monitor', (event) => {
        const change = parse<{ id: string; change: string }>(event);
        if (!change) return;
        if (change.change === 'removed') removeMonitor(client, change.id);
        else refetchMonitor(client, change.id);
      });
      source.addEventListener('replay-truncated', () => void client.invalidateQueries({ queryKey: MONITORS_KEY }));
      source.addEventListener('config', () => void client.invalidateQueries({ queryKey: MONITORS_KEY }));
      for (const [name, key] of [['incident', 'incidents'], ['service', 'services'], ['crisis', 'crises']] as const) {
        source.addEventListener(name, () => void client.invalidateQueries({ queryKey: [key] }));
      }
    };
    connect();
    return () => {
      source?.close();
      if (retryTimer) clearTimeout(retryTimer);
      if (flushTimer) clearTimeout(flushTimer);
    };
  }, [client]);

  return status;
}
