/**
 * @module The sentences of incident titles and timeline entries, in English and French. Pure.
 */
import type { MonitorStateName } from '../core/states.js';
import type { ServiceStateName } from '../services/service.types.js';
import type { IncidentSeverity, IncidentStatus, Localized } from './incident.types.js';

const SERVICE_STATE: Record<ServiceStateName, Localized> = {
  operational: { en: 'operational', fr: 'opérationnel' },
  degraded_performance: { en: 'degraded performance', fr: 'performances dégradées' },
  partial_outage: { en: 'partial outage', fr: 'panne partielle' },
  major_outage: { en: 'major outage', fr: 'panne majeure' },
  under_maintenance: { en: 'under maintenance', fr: 'en maintenance' },
};

const MONITOR_STATE: Record<MonitorStateName, Localized> = {
  pending: { en: 'pending', fr: 'en attente' },
  up: { en: 'up', fr: 'disponible' },
  degraded: { en: 'degraded', fr: 'dégradé' },
  down: { en: 'down', fr: 'en panne' },
  unknown: { en: 'unknown', fr: 'inconnu' },
  paused: { en: 'paused', fr: 'en pause' },
};

const STATUS: Record<IncidentStatus, Localized> = {
  open: { en: 'open', fr: 'ouvert' },
  acknowledged: { en: 'acknowledged', fr: 'pris en compte' },
  mitigated: { en: 'mitigated', fr: 'atténué' },
  resolved: { en: 'resolved', fr: 'résolu' },
};

/** A service state for people. */
export function serviceStateText(state: string): Localized {
  return SERVICE_STATE[state as ServiceStateName] ?? { en: state, fr: state };
}

/** An incident status for people. */
export function statusText(status: IncidentStatus): Localized {
  return STATUS[status];
}

/** Title of an incident about a service. */
export function serviceIncidentTitle(name: Localized, state: string): Localized {
  const s = serviceStateText(state);
  return { en: `${name.en}: ${s.en}`, fr: `${name.fr} : ${s.fr}` };
}

/** Title of an incident about a monitor that belongs to no service. */
export function monitorIncidentTitle(name: string): Localized {
  return { en: `${name} is down`, fr: `${name} est en panne` };
}

export const texts = {
  firstFailure: (monitor: string, message: string | null): Localized => ({
    en: `First failing result of ${monitor}${message ? `: ${message}` : ''}`,
    fr: `Premier résultat en échec de ${monitor}${message ? ` : ${message}` : ''}`,
  }),
  opened: (title: Localized, severity: IncidentSeverity): Localized => ({
    en: `Incident opened (${severity}): ${title.en}`,
    fr: `Incident ouvert (${severity}) : ${title.fr}`,
  }),
  monitorState: (monitor: string, from: MonitorStateName | null, to: MonitorStateName, reason: string): Localized => ({
    en: `${monitor}: ${from ? `${MONITOR_STATE[from].en} → ` : ''}${MONITOR_STATE[to].en} (${reason})`,
    fr: `${monitor} : ${from ? `${MONITOR_STATE[from].fr} → ` : ''}${MONITOR_STATE[to].fr} (${reason})`,
  }),
  serviceState: (service: Localized, from: string | null, to: string, why: Localized | null): Localized => ({
    en: `${service.en}: ${from ? `${serviceStateText(from).en} → ` : ''}${serviceStateText(to).en}${why ? ` — ${why.en}` : ''}`,
    fr: `${service.fr} : ${from ? `${serviceStateText(from).fr} → ` : ''}${serviceStateText(to).fr}${why ? ` — ${why.fr}` : ''}`,
  }),
  grouped: (what: string, root: string): Localized => ({
    en: `${what} joined this incident (related to ${root}); no separate incident opened`,
    fr: `${what} rattaché à cet incident (lié à ${root}) ; pas d'incident distinct`,
  }),
  severity: (from: IncidentSeverity, to: IncidentSeverity, why: Localized): Localized => ({
    en: `Severity ${from} → ${to}: ${why.en}`,
    fr: `Gravité ${from} → ${to} : ${why.fr}`,
  }),
  acknowledged: (by: string): Localized => ({ en: `Acknowledged by ${by}`, fr: `Pris en compte par ${by}` }),
  mitigated: (by: string): Localized => ({ en: `Mitigated (declared by ${by})`, fr: `Atténué (déclaré par ${by})` }),
  recovered: (): Localized => ({ en: 'Everything affected has recovered; resolving once it stays up', fr: 'Tout ce qui était touché est rétabli ; résolution si cela tient' }),
  resolvedAuto: (afterMs: number): Localized => ({
    en: `Resolved automatically: everything stayed up for ${Math.round(afterMs / 1000)} s`,
    fr: `Résolu automatiquement : tout est resté disponible pendant ${Math.round(afterMs / 1000)} s`,
  }),
  resolvedBy: (by: string): Localized => ({ en: `Resolved by ${by}`, fr: `Résolu par ${by}` }),
  reopened: (what: string): Localized => ({ en: `Reopened: ${what} failed again`, fr: `Rouvert : ${what} de nouveau en échec` }),
  manual: (by: string): Localized => ({ en: `Incident declared by ${by}`, fr: `Incident déclaré par ${by}` }),
};
