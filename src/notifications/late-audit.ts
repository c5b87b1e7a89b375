/**
 * @module The auditor of Vigie's own notifications: an escalation step that should have gone out
 * more than a grace ago and was not taken, or a due message not sent within `max_delivery_lag`,
 * means the notification side is late. Then one internal incident (manual, SEV2) is raised and
 * the admins are told; no other while it is open. {@link lateNotifications} decides (pure);
 * {@link LateAuditor} reads the store and acts.
 */
import type { Logger } from 'pino';
import type { Incident, Localized } from '../incidents/incident.types.js';
import { formatDuration } from '../incidents/incident-figures.js';
import type { DeliveryDraft } from '../storage/notification-rows.js';
import type { Store } from '../storage/store.js';
import type { NotificationsModel } from './notifications-config.js';
import { personRecipients } from './recipients.js';

/** How long past its time an escalation step may still be untaken before it counts as late. */
export const ESCALATION_GRACE_MS = 30_000;
/** Where the id of the last internal incident raised is kept. */
export const LATE_INCIDENT_KEY = 'notifications.late_incident';

const SUMMARY: Localized = {
  en: 'Escalation steps or messages of Vigie are not going out on time: people may not be paged. See the notification loop in Vigie’s logs and the health of the channels.',
  fr: 'Des étapes d’escalade ou des messages de Vigie ne partent pas à temps : des personnes pourraient ne pas être appelées. Voir la boucle de notification dans les journaux de Vigie et l’état des canaux.',
};

/** What the auditor looks at. */
export interface AuditFacts {
  now: number;
  /** Escalations of live incidents whose next step is due and not taken, soonest due first. */
  overdue: readonly { incidentId: number; nextAt: number }[];
  /** When the oldest due message not sent yet became due. */
  oldestDueDeliveryAt: number | null;
  /** Whether the internal incident raised before is still open. */
  alreadyRaised: boolean;
}

export interface AuditLimits {
  graceMs: number;
  maxDeliveryLagMs: number;
}

/** The title of the internal incident to raise now, or `undefined` when nothing is late (or one is open). */
export function lateNotifications(facts: AuditFacts, limits: AuditLimits): Localized | undefined {
  if (facts.alreadyRaised) return undefined;
  const late = facts.overdue.filter((e) => facts.now - e.nextAt > limits.graceMs);
  const first = late[0];
  if (first) {
    const behind = formatDuration(facts.now - Math.min(...late.map((e) => e.nextAt)));
    const worst = late.reduce((a, b) => (b.nextAt < a.nextAt ? b : a), first);
    const more = late.length - 1;
    return {
      en: `Vigie notifications are late: escalation of incident #${worst.incidentId} is ${behind} behind${more > 0 ? ` (and ${more} more)` : ''}`,
      fr: `Les notifications de Vigie sont en retard : l’escalade de l’incident #${worst.incidentId} a ${behind} de retard${more > 0 ? ` (et ${more} autre${more > 1 ? 's' : ''})` : ''}`,
    };
  }
  if (facts.oldestDueDeliveryAt !== null && facts.now - facts.oldestDueDeliveryAt > limits.maxDeliveryLagMs) {
    const behind = formatDuration(facts.now - facts.oldestDueDeliveryAt);
    return {
      en: `Vigie notifications are late: a message due ${behind} ago is not sent yet`,
      fr: `Les notifications de Vigie sont en retard : un message attendu depuis ${behind} n’est toujours pas parti`,
    };
  }
  return undefined;
}

export interface LateAuditorDeps {
  store: Store;
  log: Logger;
  model: () => NotificationsModel;
  limits: () => AuditLimits;
  now: () => number;
}

/** Runs {@link lateNotifications} over the store; raises the internal incident and tells the admins. */
export class LateAuditor {
  constructor(private readonly deps: LateAuditorDeps) {}

  /** One audit; returns the incident raised, if one was. */
  async audit(): Promise<Incident | undefined> {
    const { store } = this.deps;
    const now = this.deps.now();
    const limits = this.deps.limits();
    const raisedId = await store.meta.get(LATE_INCIDENT_KEY);
    const raised = raisedId === undefined ? undefined : await store.incidents.get(Number(raisedId));
    if (raised && raised.status !== 'resolved') return undefined;
    const overdue: { incidentId: number; nextAt: number }[] = [];
    for (const e of await store.escalations.due(now - limits.graceMs, 20)) {
      const incident = await store.incidents.get(e.incidentId);
      if (incident && incident.status !== 'resolved' && e.nextAt !== null) overdue.push({ incidentId: e.incidentId, nextAt: e.nextAt });
    }
    const { oldestDueAt } = await store.deliveries.backlog(now);
    const title = lateNotifications({ now, overdue, oldestDueDeliveryAt: oldestDueAt, alreadyRaised: false }, limits);
    if (!title) return undefined;
    return this.raise(title, now);
  }

  private async raise(title: Localized, now: number): Promise<Incident> {
    const { store, log } = this.deps;
    const incident = await store.incidents.create(
      { source: 'manual', status: 'open', severity: 'SEV2', title, summary: SUMMARY, serviceId: null, rootCause: null, affected: [], commonMode: false, firstFailureAt: null, openedAt: now, lastFailureAt: now },
      now,
    );
    await store.meta.set(LATE_INCIDENT_KEY, String(incident.id));
    await store.incidents.addEntry(incident.id, { at: now, kind: 'opened', author: 'vigie', text: { en: 'Incident declared by vigie (notification auditor)', fr: 'Incident déclaré par vigie (contrôle des notifications)' }, details: { severity: 'SEV2' }, dedupKey: 'opened' });
    log.error({ incident: incident.id }, title.en);
    const model = this.deps.model();
    const drafts: DeliveryDraft[] = model.admins.flatMap((admin) =>
      personRecipients(model, admin, 'SEV2').map((r) => ({
        idempotencyKey: `notifications-late:${incident.id}:${r.channelId}:${admin}:${r.address ?? '-'}`,
        incidentId: incident.id,
        event: 'opened',
        channelId: r.channelId,
        personId: admin,
        address: r.address,
        language: r.language,
        page: true,
        extra: null,
        notBefore: now,
      })),
    );
    await store.deliveries.enqueue(drafts, now);
    return incident;
  }
}
