import { describe, expect, it } from 'vitest';
import type { TrafficBucket } from '../checks/passive-reader.js';
import { trafficConfigSchema } from '../checks/traffic/traffic.schema.js';
import type { Incident } from '../incidents/incident.types.js';
import type { ServiceDefinition } from '../services/service.types.js';
import { affectedServiceIds, describeImpact, describeLoss, formatCount, impactOf, impactResolver, trafficMonitorsOf, unitFor } from './impact.js';

const MIN = 60_000;
const SIZE = 5 * MIN;
const T0 = Date.UTC(2021, 5, 2, 14, 45);
const NNBSP = '\u202f';
const SITES = ['paris-1', 'lyon-1', 'marseille-1', 'lille-1', 'bordeaux-1', 'rennes-1'];

const traffic = (extra: Record<string, unknown>) => trafficConfigSchema.parse({ token: 'a'.repeat(32), ...extra });
const monitors = [
  { id: 'calls-asr', type: 'traffic', check: traffic({ volume: 'attempts', ratio: { numerator: 'answered', denominator: 'attempts', min: 0.8 } }) as unknown as Record<string, unknown> },
  { id: 'calls-north', type: 'traffic', check: traffic({ volume: 'answered' }) as unknown as Record<string, unknown> },
  { id: 'sms-volume', type: 'traffic', check: traffic({ volume: 'delivered' }) as unknown as Record<string, unknown> },
  ...SITES.map((id) => ({ id, type: 'sip', check: {} })),
];
const regions: ServiceDefinition = { id: 'regions', name: { en: 'Regional traffic', fr: 'Trafic régional' }, criticality: 'high', components: ['calls-north'], dependsOn: [], tags: [] };
const emergency: ServiceDefinition = {
  id: 'emergency-calls',
  name: { en: 'Emergency calls', fr: 'Appels d’urgence' },
  criticality: 'vital',
  components: ['calls-asr', 'regions'],
  redundancy: { members: SITES, minHealthy: 4, memberLabel: { en: 'call servers', fr: 'serveurs d’appel' } },
  dependsOn: [],
  tags: [],
};
const resolver = impactResolver(monitors, [emergency, regions]);

const incident: Incident = {
  id: 12, source: 'auto', status: 'open', severity: 'SEV1', title: { en: 'Emergency calls: major outage', fr: 'Appels d’urgence : panne majeure' }, summary: null,
  serviceId: 'emergency-calls', rootCause: { kind: 'service', id: 'emergency-calls' }, affected: ['service:emergency-calls', 'monitor:paris-1'], commonMode: true,
  firstFailureAt: T0, openedAt: T0 + MIN, lastFailureAt: T0, recoveredAt: null, acknowledgedAt: null, mitigatedAt: null, resolvedAt: null, reopened: 0, updatedAt: T0,
};

const serviceStates = [{
  serviceId: 'emergency-calls', state: 'major_outage', since: T0,
  details: { reasons: [], rootCauses: [], redundancy: { healthy: 0, total: 6, minHealthy: 4, failing: SITES }, actualState: 'major_outage' },
}];

/** 12 steady buckets of `usual`, then `count` buckets of `during`, of one counter. */
function series(counter: string, usual: number, during: number, count: number): TrafficBucket[] {
  const make = (start: number, value: number): TrafficBucket => ({ start, seconds: 300, counts: { [counter]: value } });
  return [...Array.from({ length: 12 }, (_, i) => make(T0 - (12 - i) * SIZE, usual)), ...Array.from({ length: count }, (_, i) => make(T0 + i * SIZE, during))];
}

describe('what an incident covers', () => {
  it('lists its services, its own first', () => {
    expect(affectedServiceIds({ serviceId: 'b', affected: ['service:a', 'monitor:x', 'service:b'] })).toEqual(['b', 'a']);
  });

  it('finds the traffic monitors of its services (nested ones too) and those named directly, once each', () => {
    expect(trafficMonitorsOf(incident, resolver)).toEqual(['calls-asr', 'calls-north']);
    expect(trafficMonitorsOf({ serviceId: null, affected: ['monitor:sms-volume', 'monitor:paris-1', 'monitor:nope'] }, resolver)).toEqual(['sms-volume']);
    expect(trafficMonitorsOf({ serviceId: 'emergency-calls', affected: ['monitor:calls-asr', 'service:regions'] }, resolver)).toEqual(['calls-asr', 'calls-north']);
  });
});

describe('impactOf', () => {
  const now = T0 + 86 * SIZE + 30 * MIN;
  const ended = { ...incident, recoveredAt: T0 + 86 * SIZE };
  const buckets = new Map([
    ['calls-asr', series('answered', 100, 10, 86)],
    ['calls-north', series('answered', 52, 5, 86)],
  ]);

  it('adds up the calls lost on every traffic monitor and describes the services down', () => {
    const impact = impactOf(ended, { now, resolver, serviceStates, buckets });
    expect(impact.window).toEqual({ start: T0, end: T0 + 86 * SIZE });
    expect(impact.traffic.map((t) => [t.monitorId, t.counter, t.lost])).toEqual([['calls-asr', 'answered', 90 * 86], ['calls-north', 'answered', 47 * 86]]);
    expect(impact.total).toEqual({ counter: 'answered', expected: 152 * 86, observed: 15 * 86, lost: 137 * 86, monitors: 2, partial: false });
    expect(describeImpact(impact, 'en')).toBe('about 11,800 calls lost (expected 13,100, answered 1,290); Emergency calls: 6 of 6 call servers down (paris-1, lyon-1, marseille-1, lille-1, bordeaux-1, rennes-1)');
    expect(describeImpact(impact, 'fr', { services: false })).toBe(`environ 11${NNBSP}800 appels perdus (13${NNBSP}100 attendus, 1${NNBSP}290 aboutis)`);
  });

  it('says why the lost traffic is not estimated while the monitors learn', () => {
    const impact = impactOf(ended, { now, resolver, serviceStates: [], buckets: new Map() });
    expect(impact.total).toBeNull();
    expect(describeImpact(impact, 'en')).toBe('lost traffic not estimated (no baseline yet: the monitor is still learning its usual traffic)');
    expect(describeImpact(impact, 'fr')).toMatch(/^trafic perdu non estimé \(pas encore de référence/);
  });

  it('says nothing for an incident without traffic monitors nor services down', () => {
    const impact = impactOf({ ...incident, serviceId: null, affected: ['monitor:paris-1'] }, { now, resolver, serviceStates, buckets });
    expect(impact).toMatchObject({ traffic: [], total: null, services: [] });
    expect(describeImpact(impact, 'en')).toBe('');
  });

  it('describes each monitor when they count different things', () => {
    const impact = impactOf({ ...ended, serviceId: null, affected: ['monitor:calls-asr', 'monitor:sms-volume'] }, {
      now, resolver, serviceStates: [], buckets: new Map([...buckets, ['sms-volume', series('delivered', 20, 0, 86)]]),
    });
    expect(impact.total?.counter).toBeNull();
    expect(describeImpact(impact, 'en')).toBe('calls-asr: about 7,740 calls lost (expected 8,600, answered 860); sms-volume: about 1,720 delivered units lost (expected 1,720, observed 0)');
    expect(describeImpact(impact, 'en', { unit: { en: 'messages', fr: 'messages' } })).toBe('about 9,460 messages lost (expected 10,300, observed 860)');
  });
});

describe('describing figures', () => {
  const figures = { expected: 13_100, observed: 1300, lost: 11_800, partial: false };

  it('formats counts per language, rounded from 1,000', () => {
    expect(formatCount(11_812.4, 'en')).toBe('11,800');
    expect(formatCount(11_812.4, 'fr')).toBe(`11${NNBSP}800`);
    expect(formatCount(987.6, 'en')).toBe('988');
    expect(formatCount(-3, 'en')).toBe('0');
  });

  it('calls calls-like counters calls, others by their name, unless a unit is given', () => {
    expect(unitFor('answered')).toEqual({ en: 'calls', fr: 'appels' });
    expect(unitFor('call_attempts')).toEqual({ en: 'calls', fr: 'appels' });
    expect(unitFor('delivered')).toMatchObject({ en: 'delivered units', fr: 'unités delivered' });
    expect(unitFor('delivered', { en: 'SMS', fr: 'SMS' })).toEqual({ en: 'SMS', fr: 'SMS' });
  });

  it('writes the loss as the brief reads it, in both languages', () => {
    expect(describeLoss(figures, 'answered', 'en')).toBe('about 11,800 calls lost (expected 13,100, answered 1,300)');
    expect(describeLoss(figures, 'answered', 'fr')).toBe(`environ 11${NNBSP}800 appels perdus (13${NNBSP}100 attendus, 1${NNBSP}300 aboutis)`);
    expect(describeLoss(figures, 'attempts', 'en')).toBe('about 11,800 calls lost (expected 13,100, observed 1,300)');
    expect(describeLoss(figures, 'delivered', 'fr')).toBe(`environ 11${NNBSP}800 unités delivered perdues (13${NNBSP}100 attendues, 1${NNBSP}300 observées)`);
    expect(describeLoss({ ...figures, partial: true }, 'answered', 'en')).toBe('about 11,800 calls lost (expected 13,100, answered 1,300; partial estimate)');
    expect(describeLoss({ expected: 900, observed: 950, lost: 0, partial: false }, 'answered', 'fr')).toBe('pas de perte mesurée (900 attendus, 950 aboutis)');
  });
});
