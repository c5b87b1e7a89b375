/**
 * @module Which activation rule, if any, an incident meets now: a severity at least as bad as the
 * rule's; a vital service of the incident in major outage for at least N minutes; a common-mode
 * failure on a vital service; a down `traffic` monitor of a service tagged for it. Also the
 * cluster key that links incidents into one crisis. Pure: the facts are passed in.
 */
import type { Incident } from '../incidents/incident.types.js';
import { matches, type IncidentFacts } from '../notifications/route-match.js';
import { SEVERITIES } from '../services/severity.js';
import type { ActivationRule } from './crisis.schema.js';

/** What rules look at besides the incident. */
export interface ActivationFacts {
  /** Route facts of the incident (services, tags, severity, criticality). */
  facts: IncidentFacts;
  /** Criticality of a service by id. */
  criticality: (serviceId: string) => string | undefined;
  /** The stored state of a service and since when. */
  serviceState: (serviceId: string) => { state: string; since: number } | undefined;
  /** The traffic monitors the incident covers that are down now, with their tags and their services' tags. */
  downTrafficTags: () => readonly string[][];
  now: number;
}

/** Why a rule fired, in plain words. */
export interface RuleHit {
  rule: ActivationRule;
  reason: { en: string; fr: string };
}

function vitalServices(a: ActivationFacts): string[] {
  return a.facts.services.filter((s) => a.criticality(s) === 'vital');
}

/** The reason the rule fires for the incident now, or undefined. */
export function ruleFires(rule: ActivationRule, incident: Incident, a: ActivationFacts): RuleHit['reason'] | undefined {
  if (!matches(rule.match, a.facts)) return undefined;
  const t = rule.trigger;
  const ref = `#${incident.id}`;
  if (t.kind === 'severity') {
    if (SEVERITIES.indexOf(incident.severity) > SEVERITIES.indexOf(t.severity)) return undefined;
    return { en: `${incident.severity} incident ${ref}`, fr: `incident ${incident.severity} ${ref}` };
  }
  if (t.kind === 'vital_outage') {
    for (const s of vitalServices(a)) {
      const state = a.serviceState(s);
      if (state?.state === 'major_outage' && a.now - state.since >= t.forMs) {
        const minutes = Math.round(t.forMs / 60_000);
        return { en: `vital service ${s} in major outage for ${minutes} min or more (incident ${ref})`, fr: `service vital ${s} en panne majeure depuis ${minutes} min ou plus (incident ${ref})` };
      }
    }
    return undefined;
  }
  if (t.kind === 'common_mode_vital') {
    const vital = vitalServices(a);
    if (!incident.commonMode || vital.length === 0) return undefined;
    return { en: `common-mode failure of vital service ${vital.join(', ')} (incident ${ref})`, fr: `panne de mode commun du service vital ${vital.join(', ')} (incident ${ref})` };
  }
  const hit = a.downTrafficTags().some((tags) => tags.some((tag) => t.tags.includes(tag)));
  return hit ? { en: `traffic drop on a service tagged ${t.tags.join(', ')} (incident ${ref})`, fr: `chute de trafic sur un service étiqueté ${t.tags.join(', ')} (incident ${ref})` } : undefined;
}

/** The first rule that fires for the incident, in config order. */
export function firstHit(rules: readonly ActivationRule[], incident: Incident, a: ActivationFacts): RuleHit | undefined {
  for (const rule of rules) {
    const reason = ruleFires(rule, incident, a);
    if (reason) return { rule, reason };
  }
  return undefined;
}

/** What links incidents into one crisis: their root cause (`service:<id>`, `monitor:<id>`), else the incident itself. */
export function clusterKey(incident: Pick<Incident, 'id' | 'rootCause' | 'serviceId'>): string {
  if (incident.rootCause) return `${incident.rootCause.kind}:${incident.rootCause.id}`;
  if (incident.serviceId) return `service:${incident.serviceId}`;
  return `incident:${incident.id}`;
}
