/** @module What the API needs from the rest of the process, passed in by `startApp`. */
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Store } from '../storage/store.js';
import type { MonitorControl } from '../engine/monitor-control.js';
import type { Bus } from '../engine/bus.js';
import type { IncidentApiDeps } from './services/incident-api-deps.js';
import type { HttpPolicy } from './http-policy.js';
import type { MonitorTargetsConfig } from '../config/api-config.schema.js';
import type { AckLinks } from '../notifications/ack-links.js';
import type { NotificationsModel } from '../notifications/notifications-config.js';
import type { ChangeService } from '../changes/change-service.js';
import type { CrisisService } from '../crisis/crisis-service.js';
import type { ImpactEstimator } from '../crisis/report-source.js';
import type { StatusService } from '../status/status-service.js';
import type { SubscriptionService } from '../status/subscription-service.js';
import type { AccountService } from '../accounts/account-service.js';
import type { ScheduleOverrides } from '../oncall/stored-overrides.js';
import type { ConfigSource } from '../config/monitor-sources.js';

/** The dependencies of {@link buildServer}; nothing else is reached from the routes. */
export interface ApiDeps {
  store: Store;
  control: MonitorControl;
  bus: Bus;
  metrics: { registry: Registry };
  logger: Logger;
  /** The running Vigie version, shown by `/healthz` and the OpenAPI document. */
  version: string;
  /** Services, incidents and maintenance windows in force; without it there are no services. */
  incidents?: IncidentApiDeps;
  /** `api.monitor_targets` as currently configured (read at each write, so reloads apply); default: any target. */
  monitorTargets?: () => MonitorTargetsConfig;
  /** Where a file monitor is written in the config (file, line), for `GET /monitors/:id`; default: not known. */
  configSource?: (monitorId: string) => ConfigSource | undefined;
  /** `server.cors` and `server.metrics_token` (read at start); default: no CORS, `/metrics` open. */
  http?: HttpPolicy;
  /**
   * The notification config in force (people, schedules, channels…), read at each request so
   * reloads apply; default: none (no schedules, no channels). Silences and deliveries work without it.
   */
  notifications?: () => NotificationsModel;
  /** Overrides of schedules made through the API, applied to `notifications`; default: read from `store` when the server is built. */
  scheduleOverrides?: ScheduleOverrides;
  /** The crisis service (activation, deadlines, drafts); without it the crisis routes answer 404 for every crisis. */
  crisis?: () => CrisisService | undefined;
  /** Estimates an incident's impact for its report; without it reports have no impact section. */
  impact?: ImpactEstimator;
  /** Public status pages (in-memory snapshots); without it (or while it gives undefined) no status page is served. */
  status?: () => StatusService | undefined;
  /** Status page subscriptions (subscribe, confirm, unsubscribe under each page); needs `status`. */
  subscriptions?: () => SubscriptionService | undefined;
  /** Changes, rollouts and the guard; default: one over `store` with the default `changes:` settings and no freezes. */
  changes?: ChangeService;
  /** One-click acknowledge links of pages; without it `/ack/:token` is not served. */
  ackLinks?: AckLinks;
  /** Users, sessions and the audit log of the console; default: one over `store`. */
  accounts?: AccountService;
  /** Clock in epoch ms; tests may pin it. Defaults to `Date.now`. */
  now?: () => number;
}
