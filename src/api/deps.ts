/** @module What the API needs from the rest of the process, passed in by `startApp`. */
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Store } from '../storage/store.js';
import type { MonitorControl } from '../engine/monitor-control.js';
import type { Bus } from '../engine/bus.js';
import type { IncidentApiDeps } from './services/incident-api-deps.js';

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
  /** Clock in epoch ms; tests may pin it. Defaults to `Date.now`. */
  now?: () => number;
}
