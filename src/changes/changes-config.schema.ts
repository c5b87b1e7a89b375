/**
 * @module The `changes:` config section (issue 14): how far back a change is suspected of an
 * incident, how recent a "likely cause" must be, whether the checks' own observations are recorded
 * as changes, and change-freeze windows during which the rollout guard says no-go.
 */
import { z } from 'zod';
import { suggest } from '../config/suggest.js';
import { duration } from '../core/duration.js';
import { freezesSchema } from './freeze.schema.js';

export const changesConfigSchema = z
  .strictObject({
    correlation: z
      .strictObject({
        window: duration({ min: 60_000, max: 30 * 86_400_000 }).prefault('24h').describe('How long before an incident’s first failure a change is still a suspect (default 24h).'),
        likely_within: duration({ min: 60_000, max: 30 * 86_400_000 }).prefault('2h').describe('A change is named the likely cause only when made this shortly before the first failure (default 2h).'),
      })
      .prefault({})
      .describe('Suspect changes of an incident.'),
    record_check_changes: z.boolean().default(true).describe('Record what the checks see change (registry status, name servers, certificates, DNS answers) as changes.'),
    freezes: freezesSchema.describe('Change freezes: while one is in force the rollout guard says no-go.'),
  })
  .prefault({})
  .describe('Changes, their correlation with incidents, and change freezes.');

export type ChangesConfig = z.output<typeof changesConfigSchema>;

/** Freezes may only name known monitors and services (checked on the whole config, with paths). */
export function changesConfigIssues(config: { changes: ChangesConfig; services: ReadonlyArray<{ id: unknown }> }, monitorIds: readonly string[]): Array<{ path: (string | number)[]; message: string }> {
  const issues: Array<{ path: (string | number)[]; message: string }> = [];
  const monitors = new Set(monitorIds);
  const services = new Set(config.services.map((s) => String(s.id)));
  config.changes.freezes.forEach((f, i) => {
    f.monitors.forEach((m, j) => monitors.has(m) || issues.push({ path: ['changes', 'freezes', i, 'monitors', j], message: unknown('monitor', m, monitorIds) }));
    f.services.forEach((s, j) => services.has(s) || issues.push({ path: ['changes', 'freezes', i, 'services', j], message: unknown('service', s, [...services]) }));
  });
  return issues;
}

function unknown(kind: string, id: string, known: readonly string[]): string {
  const hint = suggest(id, known);
  return `unknown ${kind} "${id}"${hint ? ` (did you mean "${hint}"?)` : ''}`;
}
