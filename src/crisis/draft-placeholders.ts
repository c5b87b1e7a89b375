/** @module The names a crisis draft template may use (filled by `drafts.ts`). */

/** Placeholders of draft templates, besides the incident ones. */
export const DRAFT_PLACEHOLDERS = [
  'crisis.id',
  'crisis.title',
  'crisis.kind',
  'crisis.bridge',
  'crisis.url',
  'incident.id',
  'incident.title',
  'incident.severity',
  'stakeholder',
  'start_time',
  'activated_at',
  'services',
  'regions',
  'state',
  'impact',
  'calls_lost',
  'cause',
  'likely_cause',
  'suspects',
  'measures',
  'next_update',
  'now',
] as const;
export type DraftPlaceholder = (typeof DRAFT_PLACEHOLDERS)[number];
