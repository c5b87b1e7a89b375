import { describe, expect, it } from 'vitest';
import type { MonitorStateName } from '../core/states.js';
import { evaluateServices } from '../services/evaluate-services.js';
import type { ServiceDefinition, ServiceModel, ServiceStatus } from '../services/service.types.js';
import { listNames, placesDown, serviceImpact, serviceImpacts, type StoredServiceStateLike } from './service-impact.js';

const SITES = ['paris-1', 'lyon-1', 'marseille-1', 'lille-1', 'bordeaux-1', 'rennes-1'];
const T0 = Date.UTC(2021, 5, 2, 14, 45);

const emergency: ServiceDefinition = {
  id: 'emergency-calls',
  name: { en: 'Emergency calls', fr: 'Appels d’urgence' },
  criticality: 'vital',
  components: ['calls-traffic'],
  redundancy: { members: SITES, minHealthy: 4, memberLabel: { en: 'call servers', fr: 'serveurs d’appel' } },
  dependsOn: [],
  tags: [],
};
const auth: ServiceDefinition = { id: 'auth', name: { en: 'Authentication', fr: 'Authentification' }, criticality: 'high', components: ['dc-1', 'dc-2'], dependsOn: [], tags: [] };
const portal: ServiceDefinition = { id: 'portal', name: { en: 'Customer portal', fr: 'Espace client' }, criticality: 'normal', components: ['web'], dependsOn: [{ service: 'auth', impact: 'outage' }], tags: [] };
const model: ServiceModel = {
  services: new Map([emergency, auth, portal].map((s) => [s.id, s])),
  order: ['emergency-calls', 'auth', 'portal'],
  monitorIds: new Set([...SITES, 'calls-traffic', 'dc-1', 'dc-2', 'web']),
};
const lookup = (id: string) => model.services.get(id);

/** The states as the incident engine stores them, from a real evaluation. */
function stored(states: Record<string, MonitorStateName>): StoredServiceStateLike[] {
  const statuses = evaluateServices(model, new Map(Object.entries(states)));
  return [...statuses.values()].map((s: ServiceStatus) => ({
    serviceId: s.id,
    state: s.state,
    since: T0,
    details: { reasons: s.reasons, rootCauses: s.rootCauses, ...(s.redundancy ? { redundancy: s.redundancy } : {}), actualState: s.actualState },
  }));
}

const allUp = Object.fromEntries([...model.monitorIds].map((id) => [id, 'up' as MonitorStateName]));

describe('serviceImpact', () => {
  it('names the redundant members down, with the member label, in both languages', () => {
    const states = stored({ ...allUp, ...Object.fromEntries(SITES.map((s) => [s, 'down'])) });
    const [impact] = serviceImpacts(['emergency-calls'], states, lookup);
    expect(impact).toMatchObject({ serviceId: 'emergency-calls', state: 'major_outage', since: T0, down: SITES, redundancy: { healthy: 0, total: 6, minHealthy: 4 } });
    expect(impact!.text.en).toBe('Emergency calls: 6 of 6 call servers down (paris-1, lyon-1, marseille-1, lille-1, bordeaux-1, rennes-1)');
    expect(impact!.text.fr).toBe('Appels d’urgence : 6 serveurs d’appel sur 6 hors service (paris-1, lyon-1, marseille-1, lille-1, bordeaux-1, rennes-1)');
  });

  it('adds the components down after the redundancy count', () => {
    const states = stored({ ...allUp, 'paris-1': 'down', 'lyon-1': 'down', 'calls-traffic': 'down' });
    const impact = serviceImpact('emergency-calls', states.find((s) => s.serviceId === 'emergency-calls'), lookup);
    expect(impact.down).toEqual(['paris-1', 'lyon-1', 'calls-traffic']);
    expect(impact.text.en).toBe('Emergency calls: 2 of 6 call servers down (paris-1, lyon-1); calls-traffic down');
    expect(impact.text.fr).toBe('Appels d’urgence : 2 serveurs d’appel sur 6 hors service (paris-1, lyon-1) ; calls-traffic hors service');
  });

  it('says what a service depends on when that is why it fails', () => {
    const states = stored({ ...allUp, 'dc-1': 'down', 'dc-2': 'down' });
    const [authImpact, portalImpact] = serviceImpacts(['auth', 'portal'], states, lookup);
    expect(authImpact!.text.en).toBe('Authentication: dc-1, dc-2 down');
    expect(portalImpact!.down).toEqual([]);
    expect(portalImpact!.text.en).toBe('Customer portal: major outage (depends on Authentication, which is in major outage)');
    expect(portalImpact!.text.fr).toBe('Espace client : panne majeure (dépend de Authentification, en panne majeure)');
  });

  it('reads a service without a stored state as operational, and an unknown one by its id', () => {
    expect(serviceImpact('emergency-calls', undefined, lookup)).toMatchObject({ state: 'operational', since: null, down: [], text: { en: 'Emergency calls: operational', fr: 'Appels d’urgence : opérationnel' } });
    expect(serviceImpact('gone', { serviceId: 'gone', state: 'partial_outage', details: { reasons: 'garbage', redundancy: { healthy: 'x' } } }, lookup)).toMatchObject({
      name: { en: 'gone', fr: 'gone' }, state: 'partial_outage', down: [], redundancy: null, text: { en: 'gone: partial outage' },
    });
  });

  it('lists at most six names, then how many more', () => {
    expect(listNames(['a', 'b', 'c'])).toBe('a, b, c');
    expect(listNames(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'])).toBe('a, b, c, d, e, f, … (+2)');
  });

  it('lists the places down across services once each', () => {
    const states = stored({ ...allUp, 'paris-1': 'down', 'dc-1': 'down' });
    expect(placesDown(serviceImpacts(['emergency-calls', 'auth', 'portal'], states, lookup)).map((p) => p.en)).toEqual(['paris-1', 'dc-1']);
  });
});
