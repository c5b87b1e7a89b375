/**
 * @module The notification planner: turns what changed about incidents into deliveries, and runs
 * escalations. Both steps only read and write the store, so a crash or a restart re-plans from
 * what is stored, and re-planning is harmless (deliveries are unique by idempotency key; an
 * escalation step is taken by one conditional update).
 *
 * - **Incidents**: incidents changed since the watermark (minus a re-scan margin, so a row that
 *   commits late is still seen) are diffed against what their people were last told
 *   (`incident-diff.ts`). A new incident is matched against the routes once; the routes' channels
 *   are told of every event (the first message after `group_wait`), and the route's escalation
 *   policy is snapshotted and started. An acknowledgement stops the escalation and cancels pages
 *   not sent yet; a resolution also tells everyone who was paged.
 * - **Escalations**: a due step pages the level's targets (schedules resolved at that moment,
 *   personal rules applied), notes it on the timeline, and moves to the next level, the next
 *   round, or stops when the policy is exhausted.
 */
import type { Incident } from '../incidents/incident.types.js';
import type { Store } from '../storage/store.js';
import type { DeliveryDraft } from '../storage/notification-rows.js';
import type { EscalationPolicy } from './escalation.schema.js';
import { diffIncident, type IncidentEventToTell } from './incident-diff.js';
import type { NotificationsModel } from './notifications-config.js';
import { levelRecipients, type Recipient } from './recipients.js';
import { matchRoutes, type IncidentFacts } from './route-match.js';
import type { Route } from './routes.schema.js';

/** How far before the watermark incidents are looked at again. */
export const RESCAN_MS = 60_000;
const WATERMARK = 'notifications.watermark';
/** Changed incidents read at once. */
const PAGE = 1000;

/** The part of a matched route a notice keeps: the incident keeps the routing it opened with. */
export interface RouteSnapshot {
  channels: string[];
  escalation?: string | undefined;
  groupWaitMs: number;
  /** Least time between two update messages to the route's channels (absent in notices stored before it existed). */
  groupIntervalMs?: number;
  /** How often an unacknowledged open incident is sent again to the route's channels. */
  repeatIntervalMs?: number;
}

/** What the planner needs from the rest of Vigie. */
export interface PlannerDeps {
  store: Store;
  model: () => NotificationsModel;
  facts: (incident: Incident) => IncidentFacts;
  now: () => number;
}

/** Events that wake people: pages not sent when one of the ending events arrives are cancelled. */
const PAGE_EVENTS = ['opened', 'reopened', 'severity_raised', 'common_mode'];
/** Events also told to everyone already paged. */
const TELL_PAGED = new Set(['severity_raised', 'common_mode', 'acknowledged', 'updated', 'resolved']);

function key(incident: Incident, event: IncidentEventToTell | { event: string; seq: string }, r: Pick<Recipient, 'channelId' | 'personId' | 'address'>): string {
  return `incident-${incident.id}:${event.event}:${event.seq}:${r.channelId}:${r.personId ?? '-'}:${r.address ?? '-'}`;
}

function snapshot(routes: readonly Route[]): RouteSnapshot[] {
  return routes.map((r) => ({ channels: r.channels, escalation: r.escalation, groupWaitMs: r.groupWaitMs, groupIntervalMs: r.groupIntervalMs, repeatIntervalMs: r.repeatIntervalMs }));
}

export class NotificationPlanner {
  constructor(private readonly deps: PlannerDeps) {}

  /** Plans the deliveries of every incident changed since the last call. */
  async planIncidents(): Promise<number> {
    const { store } = this.deps;
    const watermark = Number((await store.meta.get(WATERMARK)) ?? 0);
    let planned = 0;
    let newest = watermark;
    // Page by (updated_at, id): re-reading the first page only would never reach past it when more
    // incidents than a page changed within the re-scan margin.
    for (let after: { updatedAt: number; id: number } | undefined; ; ) {
      const changed = await store.escalations.changedIncidents(Math.max(0, watermark - RESCAN_MS), PAGE, after);
      for (const incident of changed) {
        planned += await this.planIncident(incident);
        newest = Math.max(newest, incident.updatedAt);
      }
      const last = changed.at(-1);
      if (changed.length < PAGE || !last) break;
      after = { updatedAt: last.updatedAt, id: last.id };
    }
    if (newest > watermark) await store.meta.set(WATERMARK, String(newest));
    return planned;
  }

  private async planIncident(incident: Incident): Promise<number> {
    const { store, now: clock } = this.deps;
    const notice = await store.escalations.notice(incident.id);
    if (notice && notice.updatedAt >= incident.updatedAt) return 0;
    const model = this.deps.model();
    const { events, next } = diffIncident(notice, incident, await store.incidents.timeline(incident.id));
    const routes = notice ? (notice.routes as RouteSnapshot[]) : snapshot(matchRoutes(model.routes, this.deps.facts(incident)));
    const now = clock();
    const drafts: DeliveryDraft[] = [];
    for (const event of events) {
      const first = event.event === 'opened' || event.event === 'reopened';
      // Within group_wait the first message is not sent yet: rendered when it goes, it already says this.
      const foldable = event.event === 'severity_raised' || event.event === 'common_mode';
      if (foldable && routes.length > 0 && now < incident.openedAt + Math.max(...routes.map((r) => r.groupWaitMs))) {
        await this.lifecycle(incident, event, routes, now);
        continue;
      }
      for (const route of routes) {
        for (const channelId of route.channels) {
          if (!model.channels.has(channelId)) continue;
          const notBefore = first ? Math.max(now, incident.openedAt + route.groupWaitMs) : await this.afterGroupInterval(incident.id, channelId, event.event, route, now);
          const r = { channelId, personId: null, address: null };
          drafts.push({ ...r, idempotencyKey: key(incident, event, r), incidentId: incident.id, event: event.event, language: model.language, page: false, extra: event.extra ?? null, notBefore });
        }
      }
      if (TELL_PAGED.has(event.event)) {
        for (const p of await store.deliveries.paged(incident.id)) {
          drafts.push({ ...p, idempotencyKey: key(incident, event, p), incidentId: incident.id, event: event.event, page: false, extra: event.extra ?? null, notBefore: now });
        }
      }
      await this.lifecycle(incident, event, routes, now);
    }
    const added = await store.deliveries.enqueue(drafts, now);
    await store.escalations.saveNotice({ ...next, routes, updatedAt: incident.updatedAt });
    return added;
  }

  /** Updates to a channel wait until `group_interval` after the previous message of the incident (a resolution never waits). */
  private async afterGroupInterval(incidentId: number, channelId: string, event: string, route: RouteSnapshot, now: number): Promise<number> {
    if (event === 'resolved' || event === 'acknowledged' || !route.groupIntervalMs) return now;
    const [last] = await this.deps.store.deliveries.list({ incidentId, channelId }, 1);
    return last ? Math.max(now, last.notBefore + route.groupIntervalMs) : now;
  }

  /** Sends open, unacknowledged incidents again to their routes' channels every `repeat_interval`. */
  async repeat(): Promise<number> {
    const { store } = this.deps;
    const now = this.deps.now();
    const model = this.deps.model();
    const drafts: DeliveryDraft[] = [];
    for (const incident of await store.incidents.active()) {
      if (incident.status !== 'open') continue;
      const notice = await store.escalations.notice(incident.id);
      for (const route of (notice?.routes as RouteSnapshot[] | undefined) ?? []) {
        if (!route.repeatIntervalMs) continue;
        const n = Math.floor((now - incident.openedAt - route.groupWaitMs) / route.repeatIntervalMs);
        if (n < 1) continue;
        for (const channelId of route.channels) {
          if (!model.channels.has(channelId)) continue;
          const r = { channelId, personId: null, address: null };
          drafts.push({ ...r, idempotencyKey: key(incident, { event: 'repeat', seq: `r${incident.reopened}-${n}` }, r), incidentId: incident.id, event: incident.reopened > 0 ? 'reopened' : 'opened', language: model.language, page: false, extra: null, notBefore: now });
        }
      }
    }
    return drafts.length === 0 ? 0 : store.deliveries.enqueue(drafts, now);
  }

  /** What an event does to the escalation and to pages not sent yet. */
  private async lifecycle(incident: Incident, event: IncidentEventToTell, routes: readonly RouteSnapshot[], now: number): Promise<void> {
    const { store } = this.deps;
    const policyId = routes.find((r) => r.escalation !== undefined)?.escalation;
    const groupWaitMs = routes.find((r) => r.escalation !== undefined)?.groupWaitMs ?? 0;
    if (event.event === 'opened' && policyId) {
      const policy = this.deps.model().policies.get(policyId);
      if (policy) {
        const start = Math.max(now, incident.openedAt + groupWaitMs) + (policy.levels[0]?.afterMs ?? 0);
        await store.escalations.start({ incidentId: incident.id, policyId, policy, cycle: 0, round: 0, nextLevel: 0, nextAt: start, ackedAt: null, stoppedAt: null, stopReason: null }, now);
      }
    } else if (event.event === 'reopened' && policyId) {
      const escalation = await store.escalations.get(incident.id);
      const policy = escalation?.policy as EscalationPolicy | undefined;
      if (escalation) await store.escalations.restart(incident.id, now + (policy?.levels[0]?.afterMs ?? 0), now);
    } else if (event.event === 'acknowledged') {
      const escalation = await store.escalations.get(incident.id);
      const timeout = (escalation?.policy as EscalationPolicy | undefined)?.ackTimeoutMs;
      if (escalation && timeout !== undefined) await store.escalations.acknowledgeUntil(incident.id, now + timeout, now);
      else await store.escalations.stop(incident.id, 'acknowledged', now, true);
      await store.deliveries.cancel(incident.id, PAGE_EVENTS, now, true);
    } else if (event.event === 'resolved') {
      await store.escalations.stop(incident.id, 'resolved', now, false);
      await store.deliveries.cancel(incident.id, [...PAGE_EVENTS, 'acknowledged', 'updated'], now, false);
    }
  }

  /** Takes every escalation step that is due. */
  async escalate(): Promise<number> {
    const { store } = this.deps;
    const now = this.deps.now();
    let steps = 0;
    for (const escalation of await store.escalations.due(now, 100)) {
      const incident = await store.incidents.get(escalation.incidentId);
      if (!incident || incident.status === 'resolved') {
        await store.escalations.stop(escalation.incidentId, 'resolved', now, false);
        continue;
      }
      const policy = escalation.policy as EscalationPolicy;
      let cycle = escalation.cycle;
      if (escalation.ackedAt !== null) {
        if (!(await this.ackTimedOut(incident, escalation.ackedAt, now))) continue;
        cycle += 1; // restart() counted a new cycle
      }
      const level = policy.levels[escalation.nextLevel];
      const last = escalation.nextLevel + 1 >= policy.levels.length;
      const exhausted = last && escalation.round >= policy.repeat;
      const to = last
        ? { round: escalation.round + 1, nextLevel: 0, nextAt: exhausted ? null : now + (policy.repeatAfterMs ?? 0) + (policy.levels[0]?.afterMs ?? 0) }
        : { round: escalation.round, nextLevel: escalation.nextLevel + 1, nextAt: now + policy.levels[escalation.nextLevel + 1]!.afterMs };
      if (!(await store.escalations.advance(incident.id, escalation, exhausted ? { ...to, stopReason: 'exhausted' } : to, now))) continue;
      if (level) await this.page(incident, cycle, escalation.round, escalation.nextLevel, level.targets, now);
      steps += 1;
    }
    return steps;
  }

  /**
   * An escalation paused by an acknowledgement with `ack_timeout` is due: if the incident is still
   * acknowledged (not mitigated or resolved), the acknowledgement timed out — the incident is open
   * again and escalation starts over. Otherwise there is nothing left to escalate.
   */
  private async ackTimedOut(incident: Incident, ackedAt: number, now: number): Promise<boolean> {
    const { store } = this.deps;
    if (incident.status !== 'acknowledged') {
      await store.escalations.stop(incident.id, incident.status, now, true);
      return false;
    }
    const minutes = Math.round((now - ackedAt) / 60_000);
    await store.escalations.restart(incident.id, now, now);
    await store.incidents.update(incident.id, { status: 'open' }, now);
    await store.incidents.addEntry(incident.id, {
      at: now,
      kind: 'escalation',
      author: 'vigie',
      text: { en: `Acknowledgement timed out after ${minutes} min without resolution: escalating again`, fr: `Prise en compte expirée après ${minutes} min sans résolution : nouvelle escalade` },
      details: { ackedAt },
      dedupKey: `ack-timeout:${ackedAt}`,
    });
    return true;
  }

  private async page(incident: Incident, cycle: number, round: number, levelIndex: number, targets: EscalationPolicy['levels'][number]['targets'], now: number): Promise<void> {
    const { store } = this.deps;
    const model = this.deps.model();
    const reach = levelRecipients(model, targets, incident.severity, now);
    const event = incident.reopened > 0 ? 'reopened' : 'opened';
    const seq = `r${incident.reopened}-c${cycle}-l${round}.${levelIndex}`;
    const drafts: DeliveryDraft[] = reach.recipients.map((r) => ({
      idempotencyKey: key(incident, { event: 'page', seq }, r),
      incidentId: incident.id,
      event,
      channelId: r.channelId,
      personId: r.personId,
      address: r.address,
      language: r.language,
      page: true,
      extra: null,
      notBefore: now + r.afterMs,
    }));
    await store.deliveries.enqueue(drafts, now);
    const names = reach.recipients.map((r) => `${r.personId ? (model.people.get(r.personId)?.name ?? r.personId) : (model.channels.get(r.channelId)?.name ?? r.channelId)} (${model.channels.get(r.channelId)?.name ?? r.channelId})`);
    const who = names.length > 0 ? names.join(', ') : '—';
    const missing = reach.unreached.length > 0 ? `; not reached: ${reach.unreached.join('; ')}` : '';
    const missingFr = reach.unreached.length > 0 ? ` ; non joints : ${reach.unreached.join(' ; ')}` : '';
    const step = `${levelIndex + 1}${round > 0 ? ` (round ${round + 1})` : ''}`;
    const stepFr = `${levelIndex + 1}${round > 0 ? ` (tour ${round + 1})` : ''}`;
    await store.incidents.addEntry(incident.id, {
      at: now,
      kind: 'escalation',
      author: 'vigie',
      text: { en: `Escalation level ${step} paged: ${who}${missing}`, fr: `Niveau d’escalade ${stepFr} appelé : ${who}${missingFr}` },
      details: { round, level: levelIndex, recipients: reach.recipients, unreached: reach.unreached },
      dedupKey: `escalation:${seq}`,
    });
  }
}
