/** @module Services through the API: stored state, members, reasons and uptime from the service's state history. */
import type { z } from 'zod';
import type { IncidentContext } from '../../incidents/incident-settings.js';
import { activeMaintenanceTargets } from '../../maintenance/maintenance-window.js';
import { serviceUptime } from '../../services/service-uptime.js';
import type { ServiceDefinition, ServiceStateName, StatusReason } from '../../services/service.types.js';
import type { StoredServiceState } from '../../storage/incidents.repository.js';
import type { Store } from '../../storage/store.js';
import { notFound } from '../errors.js';
import { iso } from '../schemas/common.schemas.js';
import type { serviceList, serviceView } from '../schemas/service.schemas.js';

type View = z.output<typeof serviceView>;

const PERIODS = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000, '90d': 90 * 86_400_000 } as const;

/** Shows services as the incident engine last stored them. */
export class ServiceViewService {
  constructor(
    private readonly store: Store,
    private readonly context: () => Promise<IncidentContext>,
    private readonly now: () => number,
  ) {}

  async list(): Promise<z.output<typeof serviceList>> {
    const ctx = await this.context();
    const stored = await this.storedStates();
    const items: View[] = [];
    for (const id of [...ctx.model.services.keys()].sort()) items.push(await this.view(ctx.model.services.get(id)!, ctx, stored));
    return { items };
  }

  async get(id: string): Promise<View> {
    const ctx = await this.context();
    const service = ctx.model.services.get(id);
    if (!service) throw notFound('service', id);
    return this.view(service, ctx, await this.storedStates());
  }

  private async storedStates(): Promise<Map<string, StoredServiceState>> {
    return new Map((await this.store.incidents.serviceStates()).map((s) => [s.serviceId, s]));
  }

  private async view(service: ServiceDefinition, ctx: IncidentContext, stored: Map<string, StoredServiceState>): Promise<View> {
    const state = stored.get(service.id);
    const details = state?.details ?? {};
    const members: View['members'] = [];
    const add = (id: string, role: 'component' | 'redundant', memberState: string) => members.push({ id, kind: ctx.model.services.has(id) ? 'service' : 'monitor', role, state: memberState });
    for (const id of service.components) add(id, 'component', await this.memberState(id, ctx, stored));
    for (const id of service.redundancy?.members ?? []) add(id, 'redundant', await this.memberState(id, ctx, stored));
    return {
      id: service.id,
      name: service.name,
      ...(service.description ? { description: service.description } : {}),
      criticality: service.criticality,
      tags: service.tags,
      state: (state?.state ?? 'operational') as ServiceStateName,
      since: state ? iso(state.since) : null,
      reasons: ((details.reasons as StatusReason[] | undefined) ?? []).map((r) => ({ code: r.code, en: r.en, fr: r.fr, ...(r.subject ? { subject: r.subject } : {}) })),
      ...(service.redundancy ? { redundancy: this.redundancyNow(service, members, ctx) } : {}),
      members,
      dependsOn: service.dependsOn,
      uptime: await this.uptime(service),
    };
  }

  /**
   * The k-of-n count from the members' states now: the stored details are written only when the
   * service's state changes, so a second member lost within the same state would not show there.
   * Like the evaluation, a member is not healthy when down (a nested service: in major outage) or
   * under maintenance.
   */
  private redundancyNow(service: ServiceDefinition, members: View['members'], ctx: IncidentContext): NonNullable<View['redundancy']> {
    const maintenance = activeMaintenanceTargets(ctx.windows, this.now());
    const failing = members
      .filter((m) => m.role === 'redundant' && (maintenance.has(m.id) || ['down', 'major_outage', 'under_maintenance'].includes(m.state)))
      .map((m) => m.id);
    const total = service.redundancy!.members.length;
    return { healthy: total - failing.length, total, minHealthy: service.redundancy!.minHealthy, failing };
  }

  private async memberState(id: string, ctx: IncidentContext, stored: Map<string, StoredServiceState>): Promise<string> {
    if (ctx.model.services.has(id)) return stored.get(id)?.state ?? 'operational';
    return (await this.store.monitors.get(id))?.state?.state ?? 'pending';
  }

  /**
   * The service's own uptime per period, from its stored state history (see service-uptime.ts):
   * a k-of-n service that lost one member but stayed operational keeps 100 %.
   */
  private async uptime(service: ServiceDefinition): Promise<View['uptime']> {
    const now = this.now();
    const out = {} as View['uptime'];
    for (const [period, ms] of Object.entries(PERIODS) as Array<[keyof typeof PERIODS, number]>) {
      out[period] = serviceUptime(await this.store.incidents.serviceHistoryBetween(service.id, now - ms, now), now - ms, now).ratio;
    }
    return out;
  }
}
