import { describe, expect, it } from 'vitest';
import type { Incident } from '../incidents/incident.types.js';
import { clusterKey, firstHit, ruleFires, type ActivationFacts } from './activation.js';
import { crisisSectionSchema } from './crisis.schema.js';

const T0 = Date.UTC(2026, 5, 2, 14, 45);
const MIN = 60_000;

const incident = (over: Partial<Incident> = {}): Incident => ({
  id: 7, source: 'auto', status: 'open', severity: 'SEV2', title: { en: 't', fr: 't' }, summary: null, serviceId: 'emergency-calls',
  rootCause: { kind: 'service', id: 'emergency-calls' }, affected: ['service:emergency-calls'], commonMode: false, firstFailureAt: T0, openedAt: T0,
  lastFailureAt: T0, recoveredAt: null, acknowledgedAt: null, mitigatedAt: null, resolvedAt: null, reopened: 0, updatedAt: T0, ...over,
});

const facts = (over: Partial<ActivationFacts> = {}): ActivationFacts => ({
  facts: { services: ['emergency-calls'], tags: ['telecom'], severity: 'SEV2', criticality: 'vital' },
  criticality: (id) => (id === 'emergency-calls' ? 'vital' : 'normal'),
  serviceState: () => ({ state: 'major_outage', since: T0 }),
  downTrafficTags: () => [],
  now: T0,
  ...over,
});

const rules = crisisSectionSchema.parse({
  rules: [
    { id: 'sev1', cell: 'c', severity: 'SEV1' },
    { id: 'vital-10m', cell: 'c', vital_outage_for: '10m' },
    { id: 'common-mode', cell: 'c', common_mode_vital: true },
    { id: 'traffic', cell: 'c', traffic_drop: { tags: ['emergency-traffic'] } },
    { id: 'web-sev2', cell: 'c', severity: 'SEV2', match: { services: ['portal'] } },
  ],
}).rules;
const rule = (id: string) => rules.find((r) => r.id === id)!;

describe('activation rules', () => {
  it('fires on a severity at least as bad as the rule\'s', () => {
    expect(ruleFires(rule('sev1'), incident({ severity: 'SEV2' }), facts())).toBeUndefined();
    expect(ruleFires(rule('sev1'), incident({ severity: 'SEV1' }), facts())).toEqual({ en: 'SEV1 incident #7', fr: 'incident SEV1 #7' });
  });

  it('fires when a vital service has been in major outage for the time given, not before', () => {
    expect(ruleFires(rule('vital-10m'), incident(), facts({ now: T0 + 10 * MIN - 1 }))).toBeUndefined();
    expect(ruleFires(rule('vital-10m'), incident(), facts({ now: T0 + 10 * MIN }))?.en).toBe('vital service emergency-calls in major outage for 10 min or more (incident #7)');
    expect(ruleFires(rule('vital-10m'), incident(), facts({ now: T0 + 20 * MIN, serviceState: () => ({ state: 'partial_outage', since: T0 }) }))).toBeUndefined();
    expect(ruleFires(rule('vital-10m'), incident(), facts({ now: T0 + 20 * MIN, criticality: () => 'high' }))).toBeUndefined();
  });

  it('fires on a common-mode failure of a vital service only', () => {
    expect(ruleFires(rule('common-mode'), incident({ commonMode: false }), facts())).toBeUndefined();
    expect(ruleFires(rule('common-mode'), incident({ commonMode: true }), facts({ criticality: () => 'normal' }))).toBeUndefined();
    expect(ruleFires(rule('common-mode'), incident({ commonMode: true }), facts())?.fr).toBe('panne de mode commun du service vital emergency-calls (incident #7)');
  });

  it('fires on a down traffic monitor of a service tagged for it', () => {
    expect(ruleFires(rule('traffic'), incident(), facts({ downTrafficTags: () => [['other']] }))).toBeUndefined();
    expect(ruleFires(rule('traffic'), incident(), facts({ downTrafficTags: () => [['other'], ['voice', 'emergency-traffic']] }))?.en).toBe('traffic drop on a service tagged emergency-traffic (incident #7)');
  });

  it('narrows a rule by `match` and takes the first rule that fires, in config order', () => {
    expect(ruleFires(rule('web-sev2'), incident(), facts())).toBeUndefined();
    expect(firstHit(rules, incident({ severity: 'SEV1', commonMode: true }), facts())?.rule.id).toBe('sev1');
    expect(firstHit(rules, incident({ commonMode: true }), facts())?.rule.id).toBe('common-mode');
    expect(firstHit(rules, incident(), facts({ serviceState: () => undefined }))).toBeUndefined();
  });

  it('clusters incidents by root cause, else by service, else alone', () => {
    expect(clusterKey(incident())).toBe('service:emergency-calls');
    expect(clusterKey(incident({ rootCause: { kind: 'monitor', id: 'dc-1' } }))).toBe('monitor:dc-1');
    expect(clusterKey(incident({ rootCause: null, serviceId: 'portal' }))).toBe('service:portal');
    expect(clusterKey(incident({ rootCause: null, serviceId: null }))).toBe('incident:7');
  });
});
