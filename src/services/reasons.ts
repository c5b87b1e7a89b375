/**
 * @module The sentences of service status reasons, in English and French. Pure.
 */
import type { Localized, RedundancyCount, ServiceStateName, ServiceStatus, StatusReason } from './service.types.js';

const STATE_TEXT: Record<ServiceStateName, Localized> = {
  operational: { en: 'operational', fr: 'opérationnel' },
  degraded_performance: { en: 'degraded performance', fr: 'performances dégradées' },
  partial_outage: { en: 'partial outage', fr: 'panne partielle' },
  major_outage: { en: 'major outage', fr: 'panne majeure' },
  under_maintenance: { en: 'under maintenance', fr: 'en maintenance' },
};

/** A service state for people: `major outage` / `panne majeure`. */
export function stateText(state: ServiceStateName): Localized {
  return STATE_TEXT[state];
}

/** A member as named in a reason: a monitor by its id, a service by its name. */
export type Subject = { id: string; name: Localized };

/** What a member or component does in a reason. */
export type MemberFact = 'down' | 'degraded' | 'unknown' | 'maintenance';

const FACT: Record<MemberFact, Localized> = {
  down: { en: 'is down', fr: 'est en panne' },
  degraded: { en: 'is degraded', fr: 'est dégradé' },
  unknown: { en: 'is in an unknown state (its check cannot run)', fr: 'est dans un état inconnu (sa vérification ne peut pas s’exécuter)' },
  maintenance: { en: 'is under maintenance', fr: 'est en maintenance' },
};

/** "call-1 is down" / "call-1 est en panne", for a redundancy member (`member_*`) or a component (`component_*`). */
export function memberReason(subject: Subject, fact: MemberFact, role: 'member' | 'component', state?: ServiceStateName): StatusReason {
  const code: StatusReason['code'] =
    fact === 'unknown' ? 'member_unknown' : fact === 'maintenance' ? 'member_maintenance' : role === 'member' ? `member_${fact}` : `component_${fact}`;
  const detail = state && fact !== 'maintenance' ? stateText(state) : undefined;
  return {
    code,
    subject: subject.id,
    en: `${subject.name.en} ${FACT[fact].en}${detail ? ` (${detail.en})` : ''}`,
    fr: `${subject.name.fr} ${FACT[fact].fr}${detail ? ` (${detail.fr})` : ''}`,
  };
}

/** "redundancy reduced: 4 of 6 call servers healthy (at least 4 needed)", or below the minimum. */
export function redundancyReason(count: RedundancyCount, label: Localized | undefined): StatusReason {
  const noun = label ?? { en: 'members', fr: 'membres' };
  const { healthy, total, minHealthy } = count;
  if (healthy >= minHealthy) {
    return {
      code: 'redundancy_reduced',
      en: `redundancy reduced: ${healthy} of ${total} ${noun.en} healthy (at least ${minHealthy} needed)`,
      fr: `redondance réduite : ${healthy} ${noun.fr} sur ${total} en service (au moins ${minHealthy} nécessaires)`,
    };
  }
  return {
    code: 'redundancy_lost',
    en: `below the minimum: ${healthy} of ${total} ${noun.en} healthy, at least ${minHealthy} needed`,
    fr: `sous le minimum : ${healthy} ${noun.fr} sur ${total} en service, au moins ${minHealthy} nécessaires`,
  };
}

/** "depends on Authentication, which is in major outage". */
export function dependencyReason(dependency: Subject, state: ServiceStateName, maintenance: boolean): StatusReason {
  const s = stateText(state);
  const planned = maintenance ? { en: ', during its maintenance', fr: ', pendant sa maintenance' } : { en: '', fr: '' };
  return {
    code: 'dependency_failed',
    subject: dependency.id,
    en: `depends on ${dependency.name.en}, which is in ${s.en}${planned.en}`,
    fr: `dépend de ${dependency.name.fr}, en ${s.fr}${planned.fr}`,
  };
}

/** The service itself is in a maintenance window. */
export function maintenanceReason(): StatusReason {
  return { code: 'under_maintenance', en: 'in a maintenance window', fr: 'dans une fenêtre de maintenance' };
}

/**
 * Why a service is in its state, naming every cause that holds, the worst first:
 * "calls-traffic is down; below the minimum: 2 of 6 call servers healthy, at least 4 needed".
 * Null when nothing explains it (operational).
 */
export function causeText(status: Pick<ServiceStatus, 'causes'>): Localized | null {
  if (status.causes.length === 0) return null;
  return { en: status.causes.map((c) => c.en).join('; '), fr: status.causes.map((c) => c.fr).join(' ; ') };
}
