/**
 * @module The `incidents:` config section's evaluation settings: the severity matrix and
 * common-mode detection. Other incident settings (grouping, auto-resolve) may join this object.
 */
import { z } from 'zod';
import { duration } from '../core/duration.js';
import { DEFAULT_COMMON_MODE_SHARE, DEFAULT_COMMON_MODE_WINDOW_MS } from './common-mode.js';
import { severityMatrixSchema } from './severity.js';
import { incidentsLifecycleShape } from '../incidents/incidents-lifecycle.schema.js';

const commonModeSchema = z
  .strictObject({
    window: duration({ min: 1000, max: 86_400_000 })
      .prefault(`${DEFAULT_COMMON_MODE_WINDOW_MS / 60_000}m`)
      .describe('Members of a redundancy group failing within this window of each other fail together (default 5m).'),
    share: z
      .number()
      .gt(0)
      .max(1)
      .default(DEFAULT_COMMON_MODE_SHARE)
      .describe('Share of the group (0 to 1) that must fail within the window to call it a common-mode failure (default 0.5).'),
  })
  .describe('Common-mode failure: many redundant members failing together; the incident says so and its severity is raised one level.');

/** The shape of `incidents:` settings owned by service evaluation. */
export const incidentsEvaluationShape = {
  severity_matrix: severityMatrixSchema.prefault({}),
  common_mode: commonModeSchema.prefault({}),
};

/** `incidents:` in config. */
export const incidentsConfigSchema = z.strictObject({ ...incidentsEvaluationShape, ...incidentsLifecycleShape }).describe('How incidents are graded.');

export type IncidentsConfig = z.output<typeof incidentsConfigSchema>;
