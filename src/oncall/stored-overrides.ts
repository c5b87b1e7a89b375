/**
 * @module The overrides of on-call schedules made through the API, held in memory for the pure
 * on-call queries and written through to the store. {@link ScheduleOverrides.apply} gives the
 * notification model with them appended after the config's overrides of each schedule, so that
 * who is on call (API, escalation, crisis roles) is answered from one list where **an API
 * override wins over a config override, and among API overrides the last created wins**
 * (overlaps are allowed: the newest is the one in force where they overlap).
 *
 * Only the Vigie process that holds the server lock writes them, so the memory copy is the
 * stored one; it is read once at start.
 */
import type { NotificationsModel } from '../notifications/notifications-config.js';
import type { OverrideDraft, OverrideRepository, StoredOverride } from './override.types.js';
import type { ScheduleDefinition } from './schedule.schema.js';

/** A schedule's overrides with the stored ones appended (config first, then API in creation order). */
export function withStoredOverrides(schedule: ScheduleDefinition, stored: readonly StoredOverride[]): ScheduleDefinition {
  if (stored.length === 0) return schedule;
  const added = stored.map((o) => ({ start: o.start, end: o.end, person: o.person, ...(o.note ? { note: o.note } : {}) }));
  return { ...schedule, overrides: [...schedule.overrides, ...added] };
}

/** The stored overrides, by schedule, kept in step with the store. */
export class ScheduleOverrides {
  private bySchedule = new Map<string, StoredOverride[]>();
  private version = 0;
  private cached: { base: NotificationsModel; version: number; model: NotificationsModel } | undefined;
  /** Each model {@link apply} returned → the model it was given. */
  private readonly bases = new WeakMap<NotificationsModel, NotificationsModel>();

  constructor(private readonly repository: OverrideRepository) {}

  /** Reads every stored override (at start). */
  async load(): Promise<this> {
    const next = new Map<string, StoredOverride[]>();
    for (const o of await this.repository.all()) next.set(o.scheduleId, [...(next.get(o.scheduleId) ?? []), o]);
    this.bySchedule = next;
    this.version += 1;
    return this;
  }

  /** The stored overrides of a schedule, oldest created first. */
  of(scheduleId: string): readonly StoredOverride[] {
    return this.bySchedule.get(scheduleId) ?? [];
  }

  async add(draft: OverrideDraft, now: number): Promise<StoredOverride> {
    const created = await this.repository.create(draft, now);
    this.bySchedule.set(draft.scheduleId, [...this.of(draft.scheduleId), created]);
    this.version += 1;
    return created;
  }

  /** Deletes override `id` of `scheduleId`; false when there is none. */
  async remove(scheduleId: string, id: number): Promise<boolean> {
    const removed = await this.repository.remove(scheduleId, id);
    if (removed) {
      this.bySchedule.set(scheduleId, this.of(scheduleId).filter((o) => o.id !== id));
      this.version += 1;
    }
    return removed;
  }

  /** The model without the stored overrides (the config's alone). */
  base(model: NotificationsModel): NotificationsModel {
    return this.bases.get(model) ?? model;
  }

  /** `model` with the stored overrides applied to its schedules; a model this returned is given back as is. */
  apply(model: NotificationsModel): NotificationsModel {
    if (this.bases.has(model)) return model;
    const hit = this.cached;
    if (hit && hit.base === model && hit.version === this.version) return hit.model;
    const schedules = new Map([...model.schedules].map(([id, s]) => [id, withStoredOverrides(s, this.of(id))]));
    const applied = { ...model, schedules };
    this.bases.set(applied, model);
    this.cached = { base: model, version: this.version, model: applied };
    return applied;
  }
}
