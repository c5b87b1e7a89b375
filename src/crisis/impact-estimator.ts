/**
 * @module The impact estimator of a running Vigie: the estimated impact of an incident from the
 * config in force (its traffic monitors and services) and the store (pushed traffic buckets,
 * service states), in the words of the report ("about 11,800 calls lost…").
 */
import { toMonitorDefinitions, type VigieConfig } from '../config/config.schema.js';
import type { Incident } from '../incidents/incident.types.js';
import type { Store } from '../storage/store.js';
import { describeImpact, estimateImpact, impactResolver } from './impact.js';
import type { ImpactEstimator } from './report-source.js';

/** An estimator over a store and the config in force (read at each call, so reloads apply). */
export function impactEstimator(store: Pick<Store, 'incidents' | 'passive'>, config: () => VigieConfig, now: () => number = Date.now): ImpactEstimator {
  return async (incident: Incident) => {
    const c = config();
    const impact = await estimateImpact(incident, { now: now(), resolver: impactResolver(toMonitorDefinitions(c), c.services), serviceStates: await store.incidents.serviceStates(), reader: store.passive });
    const en = describeImpact(impact, 'en');
    const fr = describeImpact(impact, 'fr');
    if (!en && !fr) return undefined;
    return { en, fr, total: impact.total?.lost ?? null };
  };
}
