/**
 * @module The lifecycle settings of the `incidents:` config section: grouping window,
 * auto-resolve delay and reopening window. Joined to the evaluation settings (severity matrix,
 * common mode) in `src/services/incidents-config.schema.ts`.
 */
import { duration } from '../core/duration.js';

/** `incidents.grouping_window`, `incidents.resolve_after`, `incidents.reopen_within`. */
export const incidentsLifecycleShape = {
  grouping_window: duration({ min: 0, max: 86_400_000 })
    .prefault('5m')
    .describe('A related failure (a dependant or a connected service) within this time of an incident’s last failure joins it instead of opening another (default 5m).'),
  resolve_after: duration({ min: 0, max: 7 * 86_400_000 })
    .prefault('5m')
    .describe('An automatic incident is resolved once everything it covers has stayed recovered this long (default 5m).'),
  reopen_within: duration({ min: 0, max: 7 * 86_400_000 })
    .prefault('30m')
    .describe('A failure recurring within this time of a resolution reopens the incident instead of opening a new one (default 30m).'),
};
