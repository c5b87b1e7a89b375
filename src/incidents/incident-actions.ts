/**
 * @module What people do to incidents: declare one by hand, acknowledge, mark mitigated,
 * resolve, post internal notes and public updates. Each action is stored with its author and
 * time on the timeline and announced on the bus. Used by the API.
 */
import type { Bus } from '../engine/bus.js';
import type { Store } from '../storage/store.js';
import type { Incident, IncidentSeverity, IncidentStatus, Localized } from './incident.types.js';
import { emitIncident } from './incident-events.js';
import { texts } from './incident-texts.js';
import { ref } from './service-graph.js';

/** Why an action was refused. */
export class IncidentActionError extends Error {
  constructor(
    readonly code: 'not_found' | 'conflict',
    message: string,
  ) {
    super(message);
    this.name = 'IncidentActionError';
  }
}

/** A manual incident. */
export interface ManualIncident {
  title: Localized;
  severity: IncidentSeverity;
  serviceId?: string;
  summary?: Localized;
}

const ORDER: Record<IncidentStatus, number> = { open: 0, acknowledged: 1, mitigated: 2, resolved: 3 };

/** Incident actions over a store and a bus. */
export class IncidentActions {
  constructor(
    private readonly store: Store,
    private readonly bus: Bus,
    private readonly now: () => number,
  ) {}

  async create(input: ManualIncident, author: string): Promise<Incident> {
    const now = this.now();
    const incident = await this.store.incidents.create(
      {
        source: 'manual', status: 'open', severity: input.severity, title: input.title, summary: input.summary ?? null,
        serviceId: input.serviceId ?? null, rootCause: input.serviceId ? { kind: 'service', id: input.serviceId } : null,
        affected: input.serviceId ? [ref.service(input.serviceId)] : [], commonMode: false, firstFailureAt: null, openedAt: now, lastFailureAt: now,
      },
      now,
    );
    await this.store.incidents.addEntry(incident.id, { at: now, kind: 'opened', author, text: texts.manual(author), details: { severity: input.severity }, dedupKey: 'opened' });
    emitIncident(this.bus, incident, 'opened');
    return incident;
  }

  async acknowledge(id: number, author: string): Promise<Incident> {
    return this.advance(id, 'acknowledged', author);
  }

  async mitigate(id: number, author: string): Promise<Incident> {
    return this.advance(id, 'mitigated', author);
  }

  async resolve(id: number, author: string): Promise<Incident> {
    return this.advance(id, 'resolved', author);
  }

  /** Adds an internal note or a public update. */
  async addUpdate(id: number, kind: 'internal' | 'public', text: Localized, author: string): Promise<Incident> {
    const incident = await this.find(id);
    const now = this.now();
    await this.store.incidents.addEntry(id, { at: now, kind: kind === 'public' ? 'update_public' : 'update_internal', author, text, details: null });
    const updated = (await this.store.incidents.update(id, {}, now)) ?? incident;
    emitIncident(this.bus, updated, 'note');
    return updated;
  }

  private async find(id: number): Promise<Incident> {
    const incident = await this.store.incidents.get(id);
    if (!incident) throw new IncidentActionError('not_found', `incident ${id} not found`);
    return incident;
  }

  /** Moves the incident forward in its lifecycle; a step already passed is refused. */
  private async advance(id: number, to: 'acknowledged' | 'mitigated' | 'resolved', author: string): Promise<Incident> {
    const incident = await this.find(id);
    if (ORDER[incident.status] >= ORDER[to]) throw new IncidentActionError('conflict', `incident ${id} is already ${incident.status}`);
    const now = this.now();
    const times = { acknowledged: 'acknowledgedAt', mitigated: 'mitigatedAt', resolved: 'resolvedAt' } as const;
    // The first acknowledgement counts for the figures: one given again after an acknowledgement timed out does not move it.
    const at = to === 'acknowledged' ? (incident.acknowledgedAt ?? now) : now;
    const patch = { status: to, [times[to]]: at, ...(to !== 'acknowledged' && incident.acknowledgedAt === null ? { acknowledgedAt: now } : {}) };
    const updated = (await this.store.incidents.update(id, patch, now))!;
    const text = to === 'acknowledged' ? texts.acknowledged(author) : to === 'mitigated' ? texts.mitigated(author) : texts.resolvedBy(author);
    await this.store.incidents.addEntry(id, { at: now, kind: to, author, text, details: null, dedupKey: `${to}:${incident.reopened}:${now}` });
    emitIncident(this.bus, updated, to);
    return updated;
  }
}
