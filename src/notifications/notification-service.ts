/**
 * @module The notification loop of a Vigie process: every `pollMs` it plans deliveries for what
 * changed about incidents, takes due escalation steps, and sends due deliveries; every few
 * seconds it reviews held deliveries. Everything it needs is read from the store and the config
 * in force at each step, so a reload applies at once and a restart resumes where it stopped.
 * It also watches itself: at each step an auditor looks for escalation steps and messages gone
 * late (`late-audit.ts`), and a watchdog calls `notifications.watchdog.url` only while the
 * pipeline is healthy (`watchdog.ts`).
 */
import type { Logger } from 'pino';
import { notedSuspects } from '../changes/change-recorder.js';
import type { VigieConfig } from '../config/config.schema.js';
import type { Incident } from '../incidents/incident.types.js';
import type { MaintenanceWindow } from '../maintenance/maintenance.types.js';
import type { Store } from '../storage/store.js';
import { AckLinks } from './ack-links.js';
import { DeliveryWorker, type StatusSender } from './delivery-worker.js';
import { incidentFactsOf, maintenanceOf, storedCause } from './incident-facts.js';
import { ESCALATION_GRACE_MS, LateAuditor } from './late-audit.js';
import { toNotificationsModel, type NotificationsModel } from './notifications-config.js';
import { NotificationPlanner } from './planner.js';
import { pipelineFacts } from './pipeline-facts.js';
import type { IncidentSuspects } from './render.js';
import type { IncidentFacts } from './route-match.js';
import { Watchdog, type WatchdogSettings } from './watchdog.js';
import type { ScheduleOverrides } from '../oncall/stored-overrides.js';

export interface NotificationServiceOptions {
  store: Store;
  log: Logger;
  config: () => VigieConfig;
  /** Every maintenance window in force (config and API). */
  windows: () => Promise<readonly MaintenanceWindow[]>;
  /** Why a silence holds an incident's messages now, if one does. */
  silenced?: (incident: Incident, facts: IncidentFacts, now: number) => Promise<string | undefined>;
  /** Base URL of links in messages (`server.public_url`, else the listening address). */
  publicUrl: () => string;
  now?: () => number;
  random?: () => number;
  /** Loop period (default 500 ms). */
  pollMs?: number;
  /** Per-send timeout of a message (default 10 s). */
  sendTimeoutMs?: number;
  /** The acknowledge links shared with the HTTP pages (default: a new instance). */
  links?: AckLinks;
  /** How late the check scheduler is now (ms), for the watchdog (default: not watched). */
  schedulerLagMs?: () => number;
  /** Steps run after planning and escalating and before sending (the crisis service), so what they queue goes out in the same pass. */
  beforeSend?: () => Promise<void>;
  /** Sends status page subscribers' messages (webhooks, and checks the subscriber is still there). */
  statusSender?: StatusSender;
  /** Overrides of schedules made through the API, applied to the model of the config (default: none). */
  overrides?: Pick<ScheduleOverrides, 'apply'>;
}

const HELD_REVIEW_MS = 5_000;
/** The limits of the pipeline when no watchdog is configured (used by the auditor). */
const DEFAULT_MAX_DELIVERY_LAG_MS = 60_000;
/** How often open incidents are looked at for `repeat_interval` (the shortest interval is 1 min). */
const REPEAT_REVIEW_MS = 10_000;

export class NotificationService {
  readonly links: AckLinks;
  private readonly planner: NotificationPlanner;
  private readonly worker: DeliveryWorker;
  private readonly now: () => number;
  private cached: { config: VigieConfig; model: NotificationsModel; facts: (i: Incident) => IncidentFacts } | undefined;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private readonly abort = new AbortController();
  private lastHeldReview = 0;
  private lastStepAt: number;
  private readonly auditor: LateAuditor;
  private readonly watchdog: Watchdog;
  private lastRepeat = 0;

  constructor(private readonly opts: NotificationServiceOptions) {
    this.now = opts.now ?? Date.now;
    this.links = opts.links ?? new AckLinks(opts.store);
    const model = () => this.model();
    this.planner = new NotificationPlanner({ store: opts.store, model, facts: (i) => this.current().facts(i), now: this.now });
    this.worker = new DeliveryWorker({
      store: opts.store,
      log: opts.log,
      model,
      links: this.links,
      publicUrl: opts.publicUrl,
      hold: (incident, at) => this.holdReason(incident, at),
      cause: (incident) => storedCause(opts.store, incident),
      suspects: (incident) => suspectsOf(opts.store, incident),
      now: this.now,
      ...(opts.random ? { random: opts.random } : {}),
      ...(opts.sendTimeoutMs !== undefined ? { timeoutMs: opts.sendTimeoutMs } : {}),
      ...(opts.statusSender ? { statusSender: opts.statusSender } : {}),
    });
    this.lastStepAt = this.now();
    const maxDeliveryLagMs = () => this.opts.config().notifications.watchdog?.max_delivery_lag ?? DEFAULT_MAX_DELIVERY_LAG_MS;
    this.auditor = new LateAuditor({ store: opts.store, log: opts.log, model, now: this.now, limits: () => ({ graceMs: ESCALATION_GRACE_MS, maxDeliveryLagMs: maxDeliveryLagMs() }) });
    this.watchdog = new Watchdog({
      log: opts.log,
      settings: () => this.watchdogSettings(),
      facts: () => pipelineFacts({ store: opts.store, now: this.now(), schedulerLagMs: opts.schedulerLagMs?.() ?? 0, lastStepAt: this.lastStepAt }),
    });
  }

  private watchdogSettings(): WatchdogSettings | undefined {
    const w = this.opts.config().notifications.watchdog;
    if (!w) return undefined;
    return { url: w.url, everyMs: w.every, limits: { maxSchedulerLagMs: w.max_scheduler_lag, maxOutboxLagMs: w.max_outbox_lag, maxDeliveryLagMs: w.max_delivery_lag } };
  }

  private current() {
    const config = this.opts.config();
    if (this.cached?.config !== config) this.cached = { config, model: toNotificationsModel(config), facts: incidentFactsOf(config) };
    return this.cached;
  }

  /** The notification model of the config in force. */
  model(): NotificationsModel {
    const { model } = this.current();
    return this.opts.overrides ? this.opts.overrides.apply(model) : model;
  }

  private async holdReason(incident: Incident, at: number): Promise<string | undefined> {
    const windows = maintenanceOf(incident, await this.opts.windows(), at);
    if (windows.length > 0) return `maintenance ${windows.join(', ')}`;
    return this.opts.silenced?.(incident, this.current().facts(incident), at);
  }

  /** One pass: plan, escalate, send, and now and then review held deliveries. */
  async step(): Promise<void> {
    await this.planner.planIncidents();
    // At each step and before escalating: after a stall, what is late is seen before it is caught up.
    await this.auditor.audit();
    await this.planner.escalate();
    if (this.opts.beforeSend) {
      await this.opts.beforeSend().catch((error: unknown) => this.opts.log.error({ err: error }, 'crisis step failed; retrying at the next one'));
    }
    if (this.now() - this.lastRepeat >= REPEAT_REVIEW_MS) {
      this.lastRepeat = this.now();
      await this.planner.repeat();
    }
    while ((await this.worker.drain(this.abort.signal)) > 0 && !this.abort.signal.aborted);
    if (this.now() - this.lastHeldReview >= HELD_REVIEW_MS) {
      this.lastHeldReview = this.now();
      await this.worker.reviewHeld();
    }
    this.lastStepAt = this.now();
  }

  start(): void {
    const tick = () => {
      this.running = this.step()
        .catch((error: unknown) => this.opts.log.error({ err: error }, 'notification step failed; retrying at the next one'))
        .finally(() => {
          if (!this.abort.signal.aborted) this.timer = setTimeout(tick, this.opts.pollMs ?? 500);
        });
    };
    this.timer = setTimeout(tick, 0);
    this.watchdog.start();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    if (this.timer) clearTimeout(this.timer);
    await Promise.all([this.running, this.watchdog.stop()]);
  }
}

/**
 * The suspect changes last noted on an incident's timeline (by the change recorder, which runs
 * before messages are sent), with each change's name for short texts.
 */
async function suspectsOf(store: Store, incident: Incident): Promise<IncidentSuspects | undefined> {
  const noted = await notedSuspects(store, incident.id);
  if (!noted || noted.suspects.length === 0) return undefined;
  const suspects = await Promise.all(
    noted.suspects.map(async (s) => {
      const change = await store.changes.get(s.changeId);
      return { changeId: s.changeId, name: change?.externalRef?.trim() || change?.summary || `#${s.changeId}`, text: s.text };
    }),
  );
  // The ranking names a likely cause only when it is the top suspect.
  return { likely: noted.likelyCause !== null, suspects };
}
