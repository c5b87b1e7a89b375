/**
 * @module The HTTP server: `/api/v1` (REST, SSE, OpenAPI), `/healthz` and `/metrics`.
 *
 * Routes come from one table (see `route-table.ts`); services hold the logic; nothing here
 * reaches past {@link ApiDeps}.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger as PinoLogger } from 'pino';
import type { ApiDeps } from './deps.js';
import { Authenticator } from './auth.js';
import { answerClientError, answerFrameworkError, installErrorHandlers, MAX_PARAM_LENGTH } from './error-handler.js';
import { installHttpPolicy } from './http-policy.js';
import { acceptJsonBodies } from './json-body.js';
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
import { targetPolicyOf } from './services/target-policy.js';
import { incidentRoutes } from './routes/incidents.routes.js';
import { maintenanceRoutes } from './routes/maintenance.routes.js';
import { serviceRoutes } from './routes/services.routes.js';
import { statusPageRoutes } from './routes/status-pages.routes.js';
import { registerAckPages } from './routes/ack.pages.js';
import { emptyIncidentDeps } from './services/incident-api-deps.js';
import { IncidentService } from './services/incident.service.js';
import { MaintenanceService } from './services/maintenance.service.js';
import { ServiceViewService } from './services/service-view.service.js';
import { StatusPageViewService } from './services/status-page-view.service.js';
import { notificationRoutes } from './routes/notifications.routes.js';
import { ChannelService } from './services/channel.service.js';
import { DeliveryViewService } from './services/delivery-view.service.js';
import { OnCallService } from './services/oncall.service.js';
import { SilenceService } from './services/silence.service.js';
import { emptyNotificationsModel } from './services/empty-notifications.js';
import { crisisRoutes } from './routes/crisis.routes.js';
import { changeRoutes } from './routes/changes.routes.js';
import { ChangeApiService } from './services/change-api.service.js';
import { ChangeService } from '../changes/change-service.js';
import { changesConfigSchema } from '../changes/changes-config.schema.js';
import { CrisisApiService } from './services/crisis-api.service.js';
import { registerStatusRoutes } from '../status/status.routes.js';
import { registerSubscriptionRoutes } from '../status/subscription.routes.js';
import { AccountService } from '../accounts/account-service.js';
import { ProfileService } from '../accounts/profile-service.js';
import { UserAdmin } from '../accounts/user-admin.js';
import { accountRoutes } from './routes/accounts.routes.js';
import { auditWrites } from './audit-writes.js';
import { registerConsoleRoutes } from '../console/console.routes.js';
import { ScheduleOverrides } from '../oncall/stored-overrides.js';
import { scheduleRoutes } from './routes/schedules.routes.js';
import { ScheduleOverrideService } from './services/schedule-override.service.js';

export type { ApiDeps } from './deps.js';

/** Builds the server (not listening yet: call `listen`, or `inject` in tests). */
export async function buildServer(deps: ApiDeps): Promise<FastifyInstance> {
  const now = deps.now ?? Date.now;
  const app = Fastify({
    loggerInstance: deps.logger,
    genReqId: () => randomUUID(),
    bodyLimit: 1_048_576,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    // Replaced by `logRequests`, which keeps `?access_token=` secrets out of the logs.
    logController: new LogController({ disableRequestLogging: true }),
  }) as unknown as FastifyInstance;
  installErrorHandlers(app);
  installHttpPolicy(app, deps.http ?? {});
  logRequests(app);
  acceptJsonBodies(app);
  acceptFormBodies(app);

  const streams: StreamSet = new Set();
  app.addHook('preClose', async () => {
    for (const stream of [...streams]) stream.close();
  });

  const history = new HistoryService(deps.store, now);
  const incidentDeps = deps.incidents ?? emptyIncidentDeps();
  const empty = emptyNotificationsModel();
  const configured = deps.notifications ?? (() => empty);
  const scheduleOverrides = deps.scheduleOverrides ?? (await new ScheduleOverrides(deps.store.overrides).load());
  const notifications = () => scheduleOverrides.apply(configured());
  const accounts = deps.accounts ?? new AccountService({ store: deps.store, now });
  const auth = new Authenticator(deps.store, now, (error) => app.log.warn({ err: error }, 'could not record when an API token was last used'), accounts);
  const changes = deps.changes ?? new ChangeService({ store: deps.store, config: () => changesConfigSchema.parse(undefined), context: incidentDeps.context, now });
  const routes: AnyRoute[] = [
    ...monitorRoutes(new MonitorService(deps.store, deps.control, now, targetPolicyOf(deps.monitorTargets), deps.configSource)),
    ...historyRoutes(history),
    ...ingestRoutes(new IngestService(deps.control, now)),
    ...eventRoutes(deps.bus, history, streams, app.log),
    ...tokenRoutes(new TokenService(deps.store, now)),
    ...accountRoutes({ accounts, profiles: new ProfileService(accounts), users: new UserAdmin(accounts) }),
    ...serviceRoutes(new ServiceViewService(deps.store, incidentDeps.context, now)),
    ...statusPageRoutes(new StatusPageViewService(deps.status ?? (() => undefined), now)),
    ...incidentRoutes(new IncidentService(deps.store, deps.bus, now, deps.impact ? { impact: deps.impact } : {})),
    ...maintenanceRoutes(new MaintenanceService(deps.store, deps.bus, incidentDeps, now)),
    ...notificationRoutes({
      oncall: new OnCallService(notifications, now),
      silences: new SilenceService(deps.store, now),
      channels: new ChannelService(deps.store, notifications, now),
      deliveries: new DeliveryViewService(deps.store),
    }),
    ...scheduleRoutes(new ScheduleOverrideService(notifications, scheduleOverrides, now), scheduleOverrides, notifications),
    ...changeRoutes(new ChangeApiService(() => changes, deps.store)),
    ...crisisRoutes(new CrisisApiService({ crisis: deps.crisis ?? (() => undefined), store: deps.store, notifications, now }), notifications),
    ...pushRoutes(new PushService(deps.store, deps.control, new PushTargets(deps.store, deps.bus), now, app.log), new TrafficChartService(deps.store, now)),
    ...systemRoutes({ store: deps.store, registry: deps.metrics.registry, version: deps.version, logger: app.log, routes: () => routes, metricsToken: deps.http?.metricsToken }),
  ];
  registerRoutes(app, routes, auth, auditWrites(accounts.audit));
  if (deps.ackLinks) registerAckPages(app, { store: deps.store, bus: deps.bus, links: deps.ackLinks, now });
  if (deps.status) registerStatusRoutes(app, { status: deps.status });
  if (deps.status && deps.subscriptions) registerSubscriptionRoutes(app, { status: deps.status, subscriptions: deps.subscriptions });
  registerConsoleRoutes(app);
  await app.ready();
  return app;
}

/** One log line per answered request, with any `access_token` in the URL masked; probes and public status pages at debug level. */
function logRequests(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const quietRoute = (request.routeOptions.config as { quietLog?: boolean } | undefined)?.quietLog === true;
    // Public status pages may take thousands of requests a second: nothing to build when debug is off.
    if (quietRoute && !(request.log as PinoLogger).isLevelEnabled('debug')) return;
    const url = request.url.replace(/([?&](?:access_)?token=)[^&]*/g, '$1***').replace(/^(\/api\/v1\/(?:push|metrics)\/)[^/?]+/, '$1***');
    const quiet = quietRoute || url === '/healthz' || url === '/metrics';
    const entry = { method: request.method, url, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    if (quiet) request.log.debug(entry, 'request');
    else request.log.info(entry, 'request');
  });
}
