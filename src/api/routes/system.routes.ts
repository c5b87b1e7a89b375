/** @module Routes outside the versioned API: health, metrics, and the OpenAPI document. */
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { FastifyBaseLogger } from 'fastify';
import type { Registry } from 'prom-client';
import type { Store } from '../../storage/store.js';
import { buildOpenApi } from '../openapi.js';
import { bearerFrom } from '../auth.js';
import { ApiError } from '../errors.js';
import { defineRoute, type AnyRoute } from '../route-table.js';
import { errorSchema } from '../schemas/common.schemas.js';

const healthView = z.object({ status: z.enum(['ok', 'error']), version: z.string(), database: z.enum(['ok', 'error']) });

/** Dependencies of the system routes; `routes` is the whole table, for the OpenAPI document. */
export interface SystemDeps {
  store: Store;
  registry: Registry;
  version: string;
  logger: FastifyBaseLogger;
  routes: () => readonly AnyRoute[];
  /** `server.metrics_token`: when set, `/metrics` answers only to `Authorization: Bearer <it>`. */
  metricsToken?: string;
}

/** Whether the request carries the metrics token, compared by digest so timing tells nothing. */
function carriesToken(header: string | undefined, token: string): boolean {
  const sent = bearerFrom(header);
  if (!sent) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(sent), digest(token));
}

/** The system routes. */
export function systemRoutes(deps: SystemDeps): AnyRoute[] {
  let openApi: Record<string, unknown> | undefined;
  return [
    defineRoute({
      method: 'GET', url: '/healthz', tag: 'system', role: null, head: true, summary: 'Liveness and database check',
      responses: { 200: { description: 'Healthy.', schema: healthView }, 503: { description: 'The database does not answer.', schema: healthView } },
      handler: async ({ reply }) => {
        try {
          await deps.store.meta.get('healthz');
          return { status: 'ok', version: deps.version, database: 'ok' };
        } catch (error) {
          deps.logger.error({ err: error }, 'health check: the database did not answer');
          return reply.code(503).send({ status: 'error', version: deps.version, database: 'error' });
        }
      },
    }),
    defineRoute({
      method: 'GET', url: '/metrics', tag: 'system', role: null, summary: 'Prometheus metrics',
      description: 'Public unless `server.metrics_token` is set; then send it as `Authorization: Bearer <metrics_token>`.',
      responses: {
        200: { description: 'Metrics in the Prometheus text format.', contentType: 'text/plain' },
        401: { description: '`server.metrics_token` is set and the request does not carry it.', schema: errorSchema },
      },
      handler: async ({ request, reply }) => {
        if (deps.metricsToken !== undefined && !carriesToken(request.headers.authorization, deps.metricsToken)) {
          throw new ApiError(401, 'unauthorized', 'this server asks for its metrics token: send "Authorization: Bearer <server.metrics_token>"', {}, { 'www-authenticate': 'Bearer realm="vigie-metrics"' });
        }
        return reply.type(deps.registry.contentType).send(await deps.registry.metrics());
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/openapi.json', tag: 'system', role: null, summary: 'This OpenAPI 3.1 document',
      responses: { 200: { description: 'The OpenAPI document.' } },
      handler: async () => (openApi ??= buildOpenApi(deps.routes(), deps.version)),
    }),
  ];
}
