/**
 * @module The HTTP server of `vigie status serve`: the status pages alone (and their subscription
 * routes), without the engine or the API, for a separate process or machine reading the same
 * database. The same routes as in `vigie serve` (`status.routes.ts`, `subscription.routes.ts`),
 * with the same security headers and answers to malformed requests (`api/http-policy.ts`,
 * `api/error-handler.ts`), plus `/healthz` for a load balancer. As the status routes themselves,
 * it never answers 500: a failure is a 503, and an unknown path a 404 that says what is served.
 */
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import Fastify, { LogController, type FastifyError, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { answerClientError, answerFrameworkError, MAX_PARAM_LENGTH } from '../api/error-handler.js';
import { installHttpPolicy, type HttpPolicy } from '../api/http-policy.js';
import { registerStatusRoutes } from './status.routes.js';
import type { StatusService } from './status-service.js';
import { registerSubscriptionRoutes } from './subscription.routes.js';
import type { SubscriptionService } from './subscription-service.js';

export interface StatusServerDeps {
  status: () => StatusService | undefined;
  /** Subscriptions (their confirmation mails go to the deliveries outbox, sent by `vigie serve`); none: no subscription routes. */
  subscriptions?: (() => SubscriptionService | undefined) | undefined;
  logger: Logger;
  http?: HttpPolicy | undefined;
}

/**
 * `/healthz`: 200 once the pages have a snapshot (`stale: true` while the store cannot be read,
 * since the pages still answer), 503 before the first build.
 */
function healthRoute(app: FastifyInstance, deps: StatusServerDeps): void {
  app.get('/healthz', async (_request, reply) => {
    const snapshots = [...(deps.status()?.all().values() ?? [])];
    reply.header('cache-control', 'no-store');
    if (snapshots.length === 0) return reply.code(503).send({ status: 'starting', message: 'the status pages have not been read from the store yet' });
    return reply.send({ status: 'ok', pages: snapshots.length, stale: snapshots.some((s) => s.stale !== null) });
  });
}

/** Builds the status-only server (not listening yet). */
export async function buildStatusServer(deps: StatusServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger,
    genReqId: () => randomUUID(),
    bodyLimit: 65_536,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    logController: new LogController({ disableRequestLogging: true }),
  }) as unknown as FastifyInstance;
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 503;
    if (status === 503) request.log.error({ err: error }, 'status page request failed');
    return reply.code(status).send({ error: status === 503 ? 'unavailable' : 'invalid_request', message: status === 503 ? 'the status pages cannot answer right now; try again in a minute' : (STATUS_CODES[status] ?? 'client error').toLowerCase() });
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'not_found', message: 'this server answers the status pages only: /status/<page-id> and its documents, or / of a page\'s host names' }));
  installHttpPolicy(app, deps.http ?? {});
  // Public pages may take thousands of requests a second: one debug line each (no query strings, which may hold a private page's token).
  app.addHook('onResponse', async (request, reply) => {
    request.log.debug({ method: request.method, url: request.url.split('?')[0], statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });
  healthRoute(app, deps);
  registerStatusRoutes(app, { status: deps.status });
  if (deps.subscriptions) registerSubscriptionRoutes(app, { status: deps.status, subscriptions: deps.subscriptions });
  await app.ready();
  return app;
}
