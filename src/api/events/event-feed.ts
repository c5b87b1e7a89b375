/**
 * @module Feeds bus events to an SSE stream, after replaying stored transitions the client missed.
 *
 * The bus is subscribed to before the replay starts and live events are held until it ends, so
 * a transition stored during the replay is neither lost nor sent twice.
 */
import type { Bus, BusEvents } from '../../engine/bus.js';
import type { Transition } from '../../engine/monitor-state.js';
import type { HistoryService } from '../services/history.service.js';
import { toTransitionView } from '../services/history.service.js';
import type { SseStream } from './sse-stream.js';

/** The most transitions replayed on one connection. */
export const MAX_REPLAY = 1000;

type Live = { kind: 'transition'; transition: Transition } | { kind: 'monitor' | 'config' | 'incident' | 'service' | 'maintenance' | 'crisis'; data: unknown };

/** Subscribes the stream to the bus and replays transitions after `since` (when given). */
export async function feedEvents(stream: SseStream, bus: Bus, history: HistoryService, since: number | undefined): Promise<void> {
  let held: Live[] | null = since !== undefined ? [] : null;
  let lastId = since ?? 0;
  const deliver = (event: Live): void => {
    if (event.kind !== 'transition') return stream.send(event.kind, event.data);
    if (event.transition.id <= lastId) return;
    lastId = event.transition.id;
    stream.send('transition', toTransitionView(event.transition), event.transition.id);
  };
  const push = (event: Live): void => (held ? void held.push(event) : deliver(event));

  const onTransition = (transition: Transition) => push({ kind: 'transition', transition });
  const onMonitor = (data: BusEvents['monitor.changed'][0]) => push({ kind: 'monitor', data });
  const onConfig = (data: BusEvents['config.reloaded'][0]) => push({ kind: 'config', data });
  bus.on('transition', onTransition);
  bus.on('monitor.changed', onMonitor);
  bus.on('config.reloaded', onConfig);
  // Incidents, services, maintenance windows and crises: `incident`, `service`, `maintenance`, `crisis` events.
  const onIncident = (data: BusEvents['incident.changed'][0]) => push({ kind: 'incident', data });
  const onService = (data: BusEvents['service.changed'][0]) => push({ kind: 'service', data });
  const onMaintenance = (data: BusEvents['maintenance.changed'][0]) => push({ kind: 'maintenance', data });
  bus.on('incident.changed', onIncident);
  bus.on('service.changed', onService);
  bus.on('maintenance.changed', onMaintenance);
  const onCrisis = (data: BusEvents['crisis.changed'][0]) => push({ kind: 'crisis', data });
  bus.on('crisis.changed', onCrisis);
  stream.onClose(() => {
    bus.off('crisis.changed', onCrisis);
    bus.off('incident.changed', onIncident);
    bus.off('service.changed', onService);
    bus.off('maintenance.changed', onMaintenance);
    bus.off('transition', onTransition);
    bus.off('monitor.changed', onMonitor);
    bus.off('config.reloaded', onConfig);
  });

  if (since === undefined || held === null) return;
  try {
    const replay = await history.transitionsAfter(since, MAX_REPLAY);
    if (replay.truncated) stream.send('replay-truncated', { since, replayed: replay.items.length });
    for (const transition of replay.items) deliver({ kind: 'transition', transition });
  } finally {
    const pending: Live[] = held;
    held = null;
    for (const event of pending) deliver(event);
  }
}
