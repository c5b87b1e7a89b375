/**
 * @module Overrides of on-call schedules made at run time (through the API), as stored: who
 * stands in, from when to when, why, and who made it. They are applied on top of the overrides
 * of the configuration (see `stored-overrides.ts`).
 */

/** An override to store. Times are epoch ms. */
export interface OverrideDraft {
  scheduleId: string;
  person: string;
  start: number;
  end: number;
  note: string | null;
  /** The user or token that made it. */
  author: string;
}

/** A stored override; `id` grows with creation order, and the last created wins. */
export interface StoredOverride extends OverrideDraft {
  id: number;
  createdAt: number;
}

/** The `schedule_overrides` table. */
export interface OverrideRepository {
  create(draft: OverrideDraft, now: number): Promise<StoredOverride>;
  /** Every stored override, oldest created first (the order they apply in). */
  all(): Promise<StoredOverride[]>;
  get(id: number): Promise<StoredOverride | undefined>;
  /** Deletes the override `id` of `scheduleId`; false when there is none. */
  remove(scheduleId: string, id: number): Promise<boolean>;
}
