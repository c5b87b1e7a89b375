/**
 * @module The estimated impact of an incident, from data: the traffic lost on the `traffic`
 * monitors it covers (see `traffic-loss.ts`) and the state of the services it touches with the
 * members down (see `service-impact.ts`); and that impact in one French or English sentence
 * ("about 11,800 calls lost (expected 13,100, answered 1,300)").
 *
 * Nothing here reads the config or the store: a {@link ImpactResolver} answers for the config,
 * the stored service states and a `PassiveReader` are passed in.
 */
import type { PassiveReader, TrafficBucket } from '../checks/passive-reader.js';
import type { TrafficConfig } from '../checks/traffic/traffic.schema.js';
import type { Incident, Localized } from '../incidents/incident.types.js';
import type { ServiceDefinition } from '../services/service.types.js';
import { placesDown, serviceImpacts, type ImpactService, type ServiceImpact, type StoredServiceStateLike } from './service-impact.js';
import {
  estimateTrafficLoss,
  incidentWindow,
  readTrafficLoss,
  totalTrafficLoss,
  type TimeWindow,
  type TrafficImpactConfig,
  type TrafficLoss,
  type TrafficTotal,
} from './traffic-loss.js';

export { incidentWindow, placesDown };
export type { ImpactService, ServiceImpact, StoredServiceStateLike, TimeWindow, TrafficImpactConfig, TrafficLoss, TrafficTotal };

/** What the impact needs to know of the config. */
export interface ImpactResolver {
  /** The `traffic` block of a monitor; undefined when it is not a traffic monitor (or unknown). */
  trafficConfig(monitorId: string): TrafficImpactConfig | undefined;
  /** A service's definition; undefined when unknown. */
  service(serviceId: string): ImpactService | undefined;
}

/** A resolver over the monitor definitions and services of a config. */
export function impactResolver(monitors: readonly { id: string; type: string; check: Record<string, unknown> }[], services: ReadonlyMap<string, ServiceDefinition> | readonly ServiceDefinition[]): ImpactResolver {
  const traffic = new Map(monitors.filter((m) => m.type === 'traffic').map((m) => [m.id, m.check as unknown as TrafficConfig]));
  const byId = 'get' in services ? services : new Map(services.map((s) => [s.id, s]));
  return { trafficConfig: (id) => traffic.get(id), service: (id) => byId.get(id) };
}

/** The estimated impact of an incident at `at`. */
export interface IncidentImpact {
  incidentId: number;
  at: number;
  window: TimeWindow;
  /** One entry per traffic monitor the incident covers. */
  traffic: TrafficLoss[];
  /** The traffic losses added up; null when no monitor has an estimate. */
  total: TrafficTotal | null;
  /** The services the incident touches, its own service first. */
  services: ServiceImpact[];
}

/** The services an incident touches: its own service, then every `service:<id>` it folded in. */
export function affectedServiceIds(incident: Pick<Incident, 'serviceId' | 'affected'>): string[] {
  const ids = incident.affected.filter((a) => a.startsWith('service:')).map((a) => a.slice('service:'.length));
  return [...new Set([...(incident.serviceId ? [incident.serviceId] : []), ...ids])];
}

/**
 * The traffic monitors an incident covers: its `monitor:<id>` references, and the components and
 * redundancy members of the services it touches (nested services included), once each.
 */
export function trafficMonitorsOf(incident: Pick<Incident, 'serviceId' | 'affected'>, resolver: ImpactResolver): string[] {
  const found = new Set<string>();
  const seen = new Set<string>();
  const visit = (id: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    const service = resolver.service(id);
    if (service) [...service.components, ...(service.redundancy?.members ?? [])].forEach(visit);
    else if (resolver.trafficConfig(id)) found.add(id);
  };
  for (const ref of incident.affected) if (ref.startsWith('monitor:') && resolver.trafficConfig(ref.slice('monitor:'.length))) found.add(ref.slice('monitor:'.length));
  affectedServiceIds(incident).forEach(visit);
  return [...found];
}

/** What {@link impactOf} reads. */
export interface ImpactInput {
  now: number;
  resolver: ImpactResolver;
  /** The stored service states (`store.incidents.serviceStates()`). */
  serviceStates: readonly StoredServiceStateLike[];
  /** The buckets of each traffic monitor: the window and its history (see `readTrafficLoss`). */
  buckets: ReadonlyMap<string, readonly TrafficBucket[]>;
}

/** The impact of an incident from data already read (pure). */
export function impactOf(incident: Incident, input: ImpactInput): IncidentImpact {
  const window = incidentWindow(incident, input.now);
  const traffic = trafficMonitorsOf(incident, input.resolver).map((monitorId) =>
    estimateTrafficLoss({ monitorId, config: input.resolver.trafficConfig(monitorId)!, window, now: input.now, buckets: input.buckets.get(monitorId) ?? [] }),
  );
  return assemble(incident, input, window, traffic);
}

/** The impact of an incident, reading the traffic buckets it needs through `reader`. */
export async function estimateImpact(incident: Incident, input: Omit<ImpactInput, 'buckets'> & { reader: Pick<PassiveReader, 'trafficBuckets'> }): Promise<IncidentImpact> {
  const window = incidentWindow(incident, input.now);
  const traffic = await Promise.all(
    trafficMonitorsOf(incident, input.resolver).map((monitorId) => readTrafficLoss(input.reader, { monitorId, config: input.resolver.trafficConfig(monitorId)!, window, now: input.now })),
  );
  return assemble(incident, input, window, traffic);
}

function assemble(incident: Incident, input: Omit<ImpactInput, 'buckets'>, window: TimeWindow, traffic: TrafficLoss[]): IncidentImpact {
  const services = serviceImpacts(affectedServiceIds(incident), input.serviceStates, (id) => input.resolver.service(id));
  return { incidentId: incident.id, at: input.now, window, traffic, total: totalTrafficLoss(traffic), services };
}

export type Lang = 'en' | 'fr';

/** The name of what a counter counts; `frFeminine` for the agreement of "perdu(e)s". */
export interface UnitLabel extends Localized {
  frFeminine?: boolean;
}

const CALLS: UnitLabel = { en: 'calls', fr: 'appels' };

/** The unit of a counter: `unit` when given, calls for a calls-like counter, else "<counter> units". */
export function unitFor(counter: string, unit?: UnitLabel): UnitLabel {
  if (unit) return unit;
  if (/call|answer|attempt/i.test(counter)) return CALLS;
  return { en: `${counter} units`, fr: `unités ${counter}`, frFeminine: true };
}

const LOCALES: Record<Lang, string> = { en: 'en-GB', fr: 'fr-FR' };

/** A count as people read it: rounded to three significant digits from 1,000 ("11,800" / "11 800"). */
export function formatCount(value: number, lang: Lang): string {
  const n = Math.max(0, value);
  const rounded = n < 1000 ? Math.round(n) : Number(n.toPrecision(3));
  return new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 0 }).format(rounded);
}

type Figures = Pick<TrafficTotal, 'expected' | 'observed' | 'lost' | 'partial'>;

/** "about 11,800 calls lost (expected 13,100, answered 1,300)" / "environ 11 800 appels perdus (13 100 attendus, 1 300 aboutis)". */
export function describeLoss(figures: Figures, counter: string, lang: Lang, unit?: UnitLabel): string {
  const u = unitFor(counter, unit);
  const answered = /answer/i.test(counter);
  const [expected, observed, lost] = [figures.expected, figures.observed, figures.lost].map((v) => formatCount(v, lang));
  if (lang === 'en') {
    const tail = `(expected ${expected}, ${answered ? 'answered' : 'observed'} ${observed}${figures.partial ? '; partial estimate' : ''})`;
    return lost === '0' ? `no ${u.en} lost ${tail}` : `about ${lost} ${u.en} lost ${tail}`;
  }
  const tail = `(${expected} attendu${u.frFeminine ? 'e' : ''}s, ${observed} ${answered ? 'aboutis' : `observé${u.frFeminine ? 'e' : ''}s`}${figures.partial ? ' ; estimation partielle' : ''})`;
  return lost === '0' ? `pas de perte mesurée ${tail}` : `environ ${lost} ${u.fr} perdu${u.frFeminine ? 'e' : ''}s ${tail}`;
}

function describeTraffic(impact: IncidentImpact, lang: Lang, unit: UnitLabel | undefined): string | undefined {
  if (impact.traffic.length === 0) return undefined;
  const { total } = impact;
  if (!total) {
    const reason = impact.traffic[0]!.reason!;
    return lang === 'en' ? `lost traffic not estimated (${reason.en})` : `trafic perdu non estimé (${reason.fr})`;
  }
  if (total.counter !== null || unit) return describeLoss(total, total.counter ?? '', lang, unit);
  return impact.traffic
    .filter((l) => l.lost !== null)
    .map((l) => `${l.monitorId}: ${describeLoss({ expected: l.expected!, observed: l.observed!, lost: l.lost!, partial: l.unestimated > 0 }, l.counter, lang)}`)
    .join(lang === 'en' ? '; ' : ' ; ');
}

/**
 * The impact in one language: the traffic lost, then each service not operational with what is
 * down. "about 11,800 calls lost (expected 13,100, answered 1,300); Emergency calls: 6 of 6 call
 * servers down (paris-1, lyon-1, …)". Empty when there is nothing to say.
 */
export function describeImpact(impact: IncidentImpact, lang: Lang, opts: { unit?: UnitLabel; services?: boolean } = {}): string {
  const parts: string[] = [];
  const traffic = describeTraffic(impact, lang, opts.unit);
  if (traffic) parts.push(traffic);
  if (opts.services !== false) parts.push(...impact.services.filter((s) => s.state !== 'operational').map((s) => s.text[lang]));
  return parts.join(lang === 'en' ? '; ' : ' ; ');
}
