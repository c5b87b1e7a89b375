/**
 * @module Which routes take an incident: a depth-first walk like Alertmanager's. A route matches
 * when every field of its `match` holds; its children are tried first and the deepest matching
 * ones win; among siblings the first match stops the walk unless it says `continue`. Pure.
 */
import type { Route } from './routes.schema.js';

/** What routes match on, gathered from an incident and the config. */
export interface IncidentFacts {
  /** The incident's service and every service it affects. */
  services: readonly string[];
  /** Tags of the monitors and services it affects. */
  tags: readonly string[];
  severity: string;
  /** The criticality of the incident's service, when it has one. */
  criticality?: string;
}

/** True when every field of `match` holds for the incident (also used by crisis rules and obligations). */
export function matches(match: Route['match'], facts: IncidentFacts): boolean {
  if (match.services && !match.services.some((s) => facts.services.includes(s))) return false;
  if (match.tags && !match.tags.some((t) => facts.tags.includes(t))) return false;
  if (match.severities && !match.severities.includes(facts.severity as never)) return false;
  if (match.criticalities && (facts.criticality === undefined || !match.criticalities.includes(facts.criticality as never))) return false;
  return true;
}

/** The routes that take an incident, in order; empty when none matches. */
export function matchRoutes(routes: readonly Route[], facts: IncidentFacts): Route[] {
  const taken: Route[] = [];
  for (const route of routes) {
    if (!matches(route.match, facts)) continue;
    const deeper = matchRoutes(route.routes, facts);
    taken.push(...(deeper.length > 0 ? deeper : [route]));
    if (!route.continue) break;
  }
  return taken;
}
