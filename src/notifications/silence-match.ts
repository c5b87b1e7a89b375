/**
 * @module Whether a silence covers an incident: pure. A silence is in force from `startsAt`
 * (inclusive) to `endsAt` (exclusive); every matcher it gives must hold (services, tags,
 * severities, incident ids), and a matcher holds when any of its values does — the same reading
 * as a route's `match` (`route-match.ts`), on the same {@link IncidentFacts}.
 */
import type { Silence } from '../storage/escalations.repository.js';
import type { IncidentFacts } from './route-match.js';

/** What a silence matches on; at least one field is given. */
export interface SilenceMatchers {
  services?: string[];
  tags?: string[];
  severities?: string[];
  incidents?: number[];
}

/** The facts of one incident, with its id for silences that name incidents. */
export type SilenceFacts = IncidentFacts & { incidentId?: number };

/** The matchers of a stored silence, typed (incident ids are kept as numbers). */
export function silenceMatchers(silence: Pick<Silence, 'matchers'>): SilenceMatchers {
  const m = silence.matchers as Record<string, unknown>;
  const strings = (key: string) => (Array.isArray(m[key]) ? (m[key] as unknown[]).map(String) : undefined);
  const incidents = Array.isArray(m['incidents']) ? (m['incidents'] as unknown[]).map(Number).filter(Number.isInteger) : undefined;
  const out: SilenceMatchers = {};
  for (const key of ['services', 'tags', 'severities'] as const) {
    const values = strings(key);
    if (values) out[key] = values;
  }
  if (incidents) out.incidents = incidents;
  return out;
}

/** True when `silence` is in force at `at` and covers the incident of `facts`. */
export function silenceMatches(silence: Pick<Silence, 'matchers' | 'startsAt' | 'endsAt'>, facts: SilenceFacts, at: number): boolean {
  if (at < silence.startsAt || at >= silence.endsAt) return false;
  const m = silenceMatchers(silence);
  const given = [m.services, m.tags, m.severities, m.incidents].filter((v) => v !== undefined);
  if (given.length === 0) return false;
  if (m.services && !m.services.some((s) => facts.services.includes(s))) return false;
  if (m.tags && !m.tags.some((t) => facts.tags.includes(t))) return false;
  if (m.severities && !m.severities.includes(facts.severity)) return false;
  if (m.incidents && (facts.incidentId === undefined || !m.incidents.includes(facts.incidentId))) return false;
  return true;
}
