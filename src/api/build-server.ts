/**
 * @module The HTTP server: `/api/v1` (REST, SSE, OpenAPI), `/healthz` and `/metrics`.
 *
 * Routes come from one table (see `route-table.ts`); services hold the logic; nothing here
 * reaches past {@link ApiDeps}.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { ApiDeps } from './deps.js';
import { Authenticator } from './auth.js';
import { installErrorHandlers } from './error-handler.js';
import { invalidRequest } from './errors.js';
import type { AnyRoute } from './route-table.js';
import { registerRoutes } from './route-table.js';
import { eventRoutes, type StreamSet } from './routes/events.routes.js';
import { historyRoutes } from './routes/history.routes.js';
import { ingestRoutes } from './routes/ingest.routes.js';
import { monitorRoutes } from './routes/monitors.routes.js';
import { systemRoutes } from './routes/system.routes.js';
import { tokenRoutes } from './routes/tokens.routes.js';
import { acceptFormBodies, pushRoutes } from './routes/push.routes.js';
import { PushService } from './services/push.service.js';
import { PushTargets } from './services/push-targets.js';
import { TrafficChartService } from './services/traffic-chart.service.js';
import { HistoryService } from './services/history.service.js';
import { IngestService } from './services/ingest.service.js';
import { MonitorService } from './services/monitor.service.js';
import { TokenService } from './services/token.service.js';
import { incidentRoutes } from './routes/incidents.routes.js';
import { maintenanceRoutes } from './routes/maintenance.routes.js';
import { serviceRoutes } from './routes/services.routes.js';
import { emptyIncidentDeps } from './services/incident-api-deps.js';
import { IncidentService } from './services/incident.service.js';
import { MaintenanceService } from './services/maintenance.service.js';
import { ServiceViewService } from './services/service-view.service.js';

export type { ApiDeps } from './deps.js';

/** Builds the server (not listening yet: call `listen`, or `inject` in tests). */
export async function buildServer(deps: ApiDeps): Promise<FastifyInstance> {
  const now = deps.now ?? Date.now;
  const app = Fastify({
    loggerInstance: deps.logger,
    genReqId: () => randomUUID(),
    bodyLimit: 1_048_576,
    // Replaced by `logRequests`, which keeps `?access_token=` secrets out of the logs.
    logController: new LogController({ disableRequestLogging: true }),
  }) as unknown as FastifyInstance;
  installErrorHandlers(app);
  logRequests(app);
  acceptEmptyJson(app);
  acceptFormBodies(app);

  const streams: StreamSet = new Set();
  app.addHook('preClose', async () => {
    for (const stream of [...streams]) stream.close();
  });

  const history = new HistoryService(deps.store, now);
  const incidentDeps = deps.incidents ?? emptyIncidentDeps();
  const auth = new Authenticator(deps.store, now, (error) => app.log.warn({ err: error }, 'could not record when an API token was last used'));
  const routes: AnyRoute[] = [
    ...monitorRoutes(new MonitorService(deps.store, deps.control, now)),
    ...historyRoutes(history),
    ...ingestRoutes(new IngestService(deps.control, now)),
    ...eventRoutes(deps.bus, history, streams, app.log),
    ...tokenRoutes(new TokenService(deps.store, now)),
    ...serviceRoutes(new ServiceViewService(deps.store, incidentDeps.context, now)),
    ...incidentRoutes(new IncidentService(deps.store, deps.bus, now)),
    ...maintenanceRoutes(new MaintenanceService(deps.store, deps.bus, incidentDeps, now)),
    ...pushRoutes(new PushService(deps.store, deps.control, new PushTargets(deps.store, deps.bus), now, app.log), new TrafficChartService(deps.store, now)),
    ...systemRoutes({ store: deps.store, registry: deps.metrics.registry, version: deps.version, logger: app.log, routes: () => routes }),
  ];
  registerRoutes(app, routes, auth);
  await app.ready();
  return app;
}

/** One log line per answered request, with any `access_token` in the URL masked; probes at debug level. */
function logRequests(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const url = request.url.replace(/([?&]access_token=)[^&]*/g, '$1***').replace(/^(\/api\/v1\/(?:push|metrics)\/)[^/?]+/, '$1***');
    const quiet = url === '/healthz' || url === '/metrics';
    const entry = { method: request.method, url, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    if (quiet) request.log.debug(entry, 'request');
    else request.log.info(entry, 'request');
  });
}

/** JSON bodies, where an empty body (e.g. `POST …/pause` from some clients) reads as no body. */
function acceptEmptyJson(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(invalidRequest(`the request body is not valid JSON: ${(error as Error).message}`), undefined);
    }
  });
}
