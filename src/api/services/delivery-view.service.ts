/** @module The deliveries of an incident with every attempt, for `GET /incidents/:id/deliveries`. */
import type { z } from 'zod';
import type { Store } from '../../storage/store.js';
import { notFound } from '../errors.js';
import { iso, isoOrNull } from '../schemas/common.schemas.js';
import type { deliveryList } from '../schemas/notification.schemas.js';

/** Every delivery of an incident (there are at most a few hundred), newest first. */
const MAX_DELIVERIES = 2000;

export class DeliveryViewService {
  constructor(private readonly store: Store) {}

  async forIncident(incidentId: number): Promise<z.output<typeof deliveryList>> {
    if (!(await this.store.incidents.get(incidentId))) throw notFound('incident', String(incidentId));
    const deliveries = await this.store.deliveries.list({ incidentId }, MAX_DELIVERIES);
    const items = [];
    for (const d of deliveries) {
      const tries = await this.store.deliveries.attempts(d.id);
      items.push({
        id: d.id, event: d.event, channel: d.channelId, person: d.personId, address: d.address, page: d.page, status: d.status,
        attempts: d.attempts, lastError: d.lastError, lastStatus: d.lastStatus, createdAt: iso(d.createdAt), sentAt: isoOrNull(d.sentAt),
        tries: tries.map((a) => ({ at: iso(a.at), outcome: a.outcome, status: a.status, error: a.error, answer: a.answer })),
      });
    }
    return { items };
  }
}
