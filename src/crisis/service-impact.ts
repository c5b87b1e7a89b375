/**
 * @module The services an incident touches, in plain words from their stored states: their state,
 * and the members or components out of service ("Emergency calls: 6 of 6 call servers down
 * (paris-1, lyon-1, …)"). Pure: the caller passes the stored states and a service lookup.
 */
import type { Localized } from '../incidents/incident.types.js';
import { stateText } from '../services/reasons.js';
import { SERVICE_STATES, type ServiceDefinition, type ServiceStateName } from '../services/service.types.js';

/** What the impact needs of a service definition. */
export type ImpactService = Pick<ServiceDefinition, 'id' | 'name' | 'components' | 'redundancy'>;

/** A service's stored state as the incident engine keeps it (`store.incidents.serviceStates()`). */
export interface StoredServiceStateLike {
  serviceId: string;
  state: string;
  since?: number;
  /** `{ reasons, rootCauses, redundancy?, actualState }` as stored by the incident engine. */
  details: Record<string, unknown> | null;
}

/** One affected service in plain words. */
export interface ServiceImpact {
  serviceId: string;
  name: Localized;
  state: ServiceStateName;
  /** Since when it is in that state; null when nothing was stored (read as operational). */
  since: number | null;
  /** Members and components out of service (down or under maintenance), by id. */
  down: string[];
  /** The same, as people read them: a monitor by its id, a nested service by its name. */
  downNames: Localized[];
  /** The redundancy count when the service has a k-of-n group. */
  redundancy: { healthy: number; total: number; minHealthy: number } | null;
  /** "Emergency calls: 6 of 6 call servers down (paris-1, lyon-1, …)". */
  text: Localized;
}

/** How many names a sentence lists before "…". */
export const LISTED_NAMES = 6;

const DOWN_CODES = new Set(['member_down', 'member_maintenance', 'component_down']);

interface StoredReason {
  code?: unknown;
  subject?: unknown;
  en?: unknown;
  fr?: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function storedReasons(details: Record<string, unknown> | null): StoredReason[] {
  const reasons = details?.['reasons'];
  return Array.isArray(reasons) ? reasons.filter(isRecord) : [];
}

function storedRedundancy(details: Record<string, unknown> | null): { healthy: number; total: number; minHealthy: number; failing: string[] } | null {
  const r = details?.['redundancy'];
  if (!isRecord(r)) return null;
  const { healthy, total, minHealthy, failing } = r;
  if (typeof healthy !== 'number' || typeof total !== 'number' || typeof minHealthy !== 'number') return null;
  return { healthy, total, minHealthy, failing: Array.isArray(failing) ? failing.filter((f): f is string => typeof f === 'string') : [] };
}

const isState = (s: string): s is ServiceStateName => (SERVICE_STATES as readonly string[]).includes(s);

/** "a, b, c, … (+3)": at most `max` names. */
export function listNames(names: readonly string[], max = LISTED_NAMES): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')}, … (+${names.length - max})`;
}

/** What is out of service in one service: its redundancy group's failing members and other parts down. */
interface DownParts {
  group: { names: Localized[]; total: number; label: Localized | undefined } | null;
  others: Localized[];
}

function sentence(name: Localized, state: ServiceStateName, down: DownParts, reasons: StoredReason[]): Localized {
  const list = (lang: 'en' | 'fr', names: Localized[]) => listNames(names.map((n) => n[lang]));
  const parts: Localized[] = [];
  const { group, others } = down;
  if (group && group.names.length > 0) {
    const noun = group.label ?? { en: 'members', fr: 'membres' };
    const n = group.names.length;
    parts.push({
      en: `${n} of ${group.total} ${noun.en} down (${list('en', group.names)})`,
      fr: `${n} ${noun.fr} sur ${group.total} hors service (${list('fr', group.names)})`,
    });
  }
  if (others.length > 0) parts.push({ en: `${list('en', others)} down`, fr: `${list('fr', others)} hors service` });
  if (parts.length === 0) {
    const s = stateText(state);
    const deps = reasons.filter((r) => r.code === 'dependency_failed' && typeof r.en === 'string' && typeof r.fr === 'string');
    parts.push(deps.length > 0 ? { en: `${s.en} (${deps.map((d) => d.en).join('; ')})`, fr: `${s.fr} (${deps.map((d) => d.fr).join(' ; ')})` } : s);
  }
  return { en: `${name.en}: ${parts.map((p) => p.en).join('; ')}`, fr: `${name.fr} : ${parts.map((p) => p.fr).join(' ; ')}` };
}

/** One service's impact from its stored state; an unknown service is named by its id. */
export function serviceImpact(serviceId: string, stored: StoredServiceStateLike | undefined, service: (id: string) => ImpactService | undefined): ServiceImpact {
  const definition = service(serviceId);
  const name = definition?.name ?? { en: serviceId, fr: serviceId };
  const state: ServiceStateName = stored && isState(stored.state) ? stored.state : 'operational';
  const details = stored && state !== 'operational' ? stored.details : null;
  const redundancy = storedRedundancy(details);
  const reasons = storedReasons(details);
  const inGroup = redundancy?.failing ?? [];
  const others = reasons
    .filter((r) => typeof r.code === 'string' && DOWN_CODES.has(r.code) && typeof r.subject === 'string' && !inGroup.includes(r.subject))
    .map((r) => r.subject as string);
  const down = [...new Set([...inGroup, ...others])];
  const named = (id: string): Localized => service(id)?.name ?? { en: id, fr: id };
  const downNames = down.map(named);
  const group = redundancy ? { names: downNames.slice(0, inGroup.length), total: redundancy.total, label: definition?.redundancy?.memberLabel } : null;
  const text = sentence(name, state, { group, others: downNames.slice(inGroup.length) }, reasons);
  return {
    serviceId,
    name,
    state,
    since: stored?.since ?? null,
    down,
    downNames,
    redundancy: redundancy ? { healthy: redundancy.healthy, total: redundancy.total, minHealthy: redundancy.minHealthy } : null,
    text,
  };
}

/** The impacts of `serviceIds`, in that order, from the stored states. */
export function serviceImpacts(serviceIds: readonly string[], states: readonly StoredServiceStateLike[], service: (id: string) => ImpactService | undefined): ServiceImpact[] {
  const byId = new Map(states.map((s) => [s.serviceId, s]));
  return serviceIds.map((id) => serviceImpact(id, byId.get(id), service));
}

/** The members and components out of service across `services`, once each, as people read them. */
export function placesDown(services: readonly ServiceImpact[]): Localized[] {
  const seen = new Map<string, Localized>();
  for (const s of services) s.down.forEach((id, i) => seen.set(id, s.downNames[i]!));
  return [...seen.values()];
}
