/**
 * @module Push routes (public: the token in the path is the credential) for heartbeats and
 * traffic counts, and the traffic chart route (viewer).
 */
import type { FastifyInstance } from 'fastify';
import { defineRoute, type AnyRoute } from '../route-table.js';
import { errorSchema, idParams } from '../schemas/common.schemas.js';
import { metricsAnswer, metricsBody, pushAnswer, pushFields, tokenParams, trafficAnswer, trafficQuery } from '../schemas/push.schemas.js';
import type { PushService } from '../services/push.service.js';
import type { TrafficChartService } from '../services/traffic-chart.service.js';

const PUSH_DESCRIPTION =
  'Fields come from the query string or the body (JSON or form): status (up/down), msg, boot_id, uptime (seconds), value. ' +
  'A new boot_id, or an uptime going backwards, records a reboot. Unknown tokens get 404; pushes are rate-limited per token (429 with Retry-After).';

const pushErrors = {
  404: { description: 'Unknown token (or a token of another kind of monitor).', schema: errorSchema },
  429: { description: 'Too many pushes with this token; see Retry-After.', schema: errorSchema },
};

/** Accepts `application/x-www-form-urlencoded` bodies (what `curl -d status=up` sends) as flat objects. */
export function acceptFormBodies(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
}

/** The push routes. */
export function pushRoutes(push: PushService, traffic: TrafficChartService): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/v1/push/:token', tag: 'push', role: null, summary: 'Push a heartbeat (fields in the query string)',
      description: PUSH_DESCRIPTION, params: tokenParams, query: pushFields,
      responses: { 200: { description: 'Stored.', schema: pushAnswer }, ...pushErrors },
      handler: ({ params, query }) => push.heartbeat(params.token, query),
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/push/:token', tag: 'push', role: null, summary: 'Push a heartbeat',
      description: PUSH_DESCRIPTION, params: tokenParams, query: pushFields, body: pushFields,
      bodyFrom: (raw) => raw ?? {},
      responses: { 200: { description: 'Stored.', schema: pushAnswer }, ...pushErrors },
      handler: ({ params, query, body }) => push.heartbeat(params.token, { ...query, ...body }),
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/metrics/:token', tag: 'push', role: null, summary: 'Push traffic counts for a time bucket (or many)',
      description: 'Sets the named counters of the bucket holding `bucket` (default now); pushing the same bucket again overwrites them. `buckets: [...]` sends many at once (backfill).',
      params: tokenParams, body: metricsBody,
      responses: { 200: { description: 'Stored.', schema: metricsAnswer }, ...pushErrors },
      handler: ({ params, body }) => push.metrics(params.token, body),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/monitors/:id/traffic', tag: 'history', role: 'viewer', summary: "A traffic monitor's counts and baseline, for charts",
      params: idParams, query: trafficQuery,
      responses: { 200: { description: 'Buckets (up to 2 days) or hourly sums.', schema: trafficAnswer }, 409: { description: 'Not a traffic monitor.', schema: errorSchema } },
      handler: ({ params, query }) => traffic.series(params.id, query),
    }),
  ];
}
