/** @module `GET /api/v1/events`: live transitions, monitor changes and config reloads as SSE. */
import { z } from 'zod';
import type { FastifyBaseLogger } from 'fastify';
import type { Bus } from '../../engine/bus.js';
import { feedEvents } from '../events/event-feed.js';
import { SseStream } from '../events/sse-stream.js';
import { defineRoute, type AnyRoute } from '../route-table.js';
import type { HistoryService } from '../services/history.service.js';

/** How often a comment is sent so proxies keep the connection open. */
export const HEARTBEAT_MS = 15_000;

const eventsQuery = z.strictObject({
  since: z.coerce.number().int().min(0).optional().describe('Replay stored transitions with a greater id first (the `Last-Event-ID` header wins when both are sent).'),
  access_token: z.string().optional().describe('The API token, for EventSource clients that cannot send headers.'),
});

/** The open streams, ended when the server closes. */
export type StreamSet = Set<SseStream>;

/** The SSE route. */
export function eventRoutes(bus: Bus, history: HistoryService, streams: StreamSet, logger: FastifyBaseLogger): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/v1/events', tag: 'events', role: 'viewer', queryToken: true, query: eventsQuery,
      summary: 'Live events (server-sent events)',
      description:
        'Events: `transition` (data: a transition, with `id:` set to its id), `monitor` ({id, change}), `config` ({ok, monitors} or {ok, error}), `incident` ({id, change, status, severity}), `service` ({id, from, to, at}), `maintenance` ({id, change}), `crisis` ({id, change, status}: activated, joined, reactivated, checklist, deadline_met, draft, draft_approved, draft_sent, deactivated), and `replay-truncated` when more than 1000 transitions were missed. A comment is sent every 15 s. Reconnect with `Last-Event-ID` (or `?since=`) to receive the transitions missed meanwhile.',
      responses: { 200: { description: 'An event stream.', contentType: 'text/event-stream' } },
      handler: async ({ query, request, reply }) => {
        const since = lastEventId(request.headers['last-event-id']) ?? query.since;
        // The stream is written raw: carry over the headers set so far (security headers, CORS).
        for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) reply.raw.setHeader(name, value);
        reply.hijack();
        const stream = new SseStream(reply.raw, HEARTBEAT_MS);
        streams.add(stream);
        stream.onClose(() => streams.delete(stream));
        try {
          await feedEvents(stream, bus, history, since);
        } catch (error) {
          logger.error({ err: error }, 'could not replay transitions to an event stream; closing it');
          stream.close();
        }
      },
    }),
  ];
}

function lastEventId(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && /^\d+$/.test(value.trim()) ? Number(value.trim()) : undefined;
}
