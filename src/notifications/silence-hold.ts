/**
 * @module The silence side of the delivery worker's hold check: the stored silences in force
 * that cover an incident, read at each check so a silence created or expired through the API or
 * the CLI applies at once.
 */
import type { Incident } from '../incidents/incident.types.js';
import type { Store } from '../storage/store.js';
import type { IncidentFacts } from './route-match.js';
import { silenceMatches } from './silence-match.js';

/** Why a silence holds an incident's messages at `now` (`silence 3: carrier work`), or `undefined`. */
export type SilenceHold = (incident: Incident, facts: IncidentFacts, now: number) => Promise<string | undefined>;

/** The hold check over the silences of `store` (the first one covering the incident, soonest end first). */
export function silenceHold(store: Store): SilenceHold {
  return async (incident, facts, now) => {
    const hit = (await store.escalations.silences(now)).find((s) => silenceMatches(s, { ...facts, incidentId: incident.id }, now));
    return hit ? `silence ${hit.id}: ${hit.comment}` : undefined;
  };
}
