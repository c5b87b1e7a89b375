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

/** A monitor state in words (also the rollout guard's). */
export const MONITOR_STATE: Record<MonitorStateName, Localized> = {
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

/** The French of the prefixes the engine puts before a check's message in a transition's reason. */
const REASON_PREFIX_FR: Record<string, string> = {
  'up: ': 'disponible : ',
  'recovered: ': 'rétabli : ',
  'down: ': 'en panne : ',
  'degraded: ': 'dégradé : ',
  'unknown: ': 'inconnu : ',
};

const CONFIRMED = /^ \(confirmed by (\d+) consecutive results\)$/;

/**
 * A transition's reason in both languages. The engine writes `reason` in English around the
 * check's message (`down: <message> (confirmed by 3 consecutive results)`); the check's own
 * French message, stored with the transition (`details.messages`), replaces the English one in
 * the French text, and the engine's words around it are translated. Without a French message, the
 * French text keeps the English reason.
 */
export function transitionReason(reason: string, messages?: Partial<Localized> | null): Localized {
  const en = messages?.en;
  const fr = messages?.fr;
  const at = en ? reason.indexOf(en) : -1;
  if (!en || fr === undefined || at < 0) return { en: reason, fr: reason };
  const prefix = reason.slice(0, at);
  const suffix = reason.slice(at + en.length);
  const confirmed = CONFIRMED.exec(suffix);
  const frSuffix = confirmed ? ` (confirmé par ${confirmed[1]} résultats consécutifs)` : suffix;
  return { en: reason, fr: `${REASON_PREFIX_FR[prefix] ?? prefix}${fr}${frSuffix}` };
}

/** The stored French and English messages of a transition (`details.messages`), when it has them. */
export function messagesOf(details: Record<string, unknown> | null | undefined): Partial<Localized> | undefined {
  const messages = details?.messages as Partial<Record<string, unknown>> | undefined;
  if (!messages || typeof messages !== 'object') return undefined;
  const out: Partial<Localized> = {};
  if (typeof messages.en === 'string') out.en = messages.en;
  if (typeof messages.fr === 'string') out.fr = messages.fr;
  return out;
}

export const texts = {
  firstFailure: (monitor: string, message: Localized | null): Localized => ({
    en: `First failing result of ${monitor}${message ? `: ${message.en}` : ''}`,
    fr: `Premier résultat en échec de ${monitor}${message ? ` : ${message.fr}` : ''}`,
  }),
  opened: (title: Localized, severity: IncidentSeverity): Localized => ({
    en: `Incident opened (${severity}): ${title.en}`,
    fr: `Incident ouvert (${severity}) : ${title.fr}`,
  }),
  monitorState: (monitor: string, from: MonitorStateName | null, to: MonitorStateName, reason: Localized): Localized => ({
    en: `${monitor}: ${from ? `${MONITOR_STATE[from].en} → ` : ''}${MONITOR_STATE[to].en} (${reason.en})`,
    fr: `${monitor} : ${from ? `${MONITOR_STATE[from].fr} → ` : ''}${MONITOR_STATE[to].fr} (${reason.fr})`,
  }),
  serviceState: (service: Localized, from: string | null, to: string, why: Localized | null): Localized => ({
    en: `${service.en}: ${from ? `${serviceStateText(from).en} → ` : ''}${serviceStateText(to).en}${why ? ` — ${why.en}` : ''}`,
    fr: `${service.fr} : ${from ? `${serviceStateText(from).fr} → ` : ''}${serviceStateText(to).fr}${why ? ` — ${why.fr}` : ''}`,
  }),
  grouped: (what: string, root: string): Localized => ({
    en: `${what} joined this incident (related to ${root}); no separate incident opened`,
    fr: `${what} rattaché à cet incident (lié à ${root}) ; pas d'incident distinct`,
  }),
  /**
   * Why the severity was raised, each cause and step: "major outage of Emergency calls (SEV2),
   * raised one level for a common-mode failure". `causes` are the services giving the worst
   * severity; `raised` is true when a common-mode failure raised that severity one level.
   */
  severityWhy: (causes: readonly { name: Localized; state: string; severity: IncidentSeverity }[], raised: boolean): Localized => {
    const en = causes.map((c) => `${serviceStateText(c.state).en} of ${c.name.en} (${c.severity})`).join('; ');
    const fr = causes.map((c) => `${c.name.fr} en ${serviceStateText(c.state).fr} (${c.severity})`).join(' ; ');
    return raised
      ? { en: `${en}, raised one level for a common-mode failure`, fr: `${fr}, relevée d’un niveau pour une défaillance de mode commun` }
      : { en, fr };
  },
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
