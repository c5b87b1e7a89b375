/**
 * The impact of an incident read from a real store (both dialects): the traffic buckets fetched
 * through the passive repository are those the estimate needs (the window, the buckets before it
 * and the same span in past weeks), and the service states are read as the incident engine stores them.
 */
import { describe, expect, it } from 'vitest';
import type { TrafficBucket } from '../../src/checks/passive-reader.js';
import { WEEK_MS } from '../../src/checks/traffic/baseline.js';
import { trafficConfigSchema } from '../../src/checks/traffic/traffic.schema.js';
import { describeImpact, estimateImpact, impactResolver } from '../../src/crisis/impact.js';
import { estimateTrafficLoss, readTrafficLoss } from '../../src/crisis/traffic-loss.js';
import type { Incident } from '../../src/incidents/incident.types.js';
import type { ServiceDefinition } from '../../src/services/service.types.js';
import type { Store } from '../../src/storage/store.js';
import { DIALECTS, dialectAvailable, withStore } from '../helpers/databases.js';

const MIN = 60_000;
const SIZE = 5 * MIN;
const T0 = Date.UTC(2026, 5, 3, 14, 45);
const OUTAGE = 30; // buckets
const config = trafficConfigSchema.parse({ token: 'b'.repeat(32), volume: 'attempts', ratio: { numerator: 'answered', denominator: 'attempts', min: 0.8 }, baseline: { weeks: 2, buckets: 12 } });

const bucket = (start: number, attempts: number, answered: number): TrafficBucket => ({ start, seconds: 300, counts: { attempts, answered } });

/**
 * Two past weeks at the same time (not for the last 5 buckets of the outage, which fall back on the
 * recent median), 12 recent buckets, the outage, and noise outside what is needed.
 */
function history(): TrafficBucket[] {
  const out: TrafficBucket[] = [];
  for (let i = -12; i < OUTAGE - 5; i++) {
    out.push(bucket(T0 + i * SIZE - WEEK_MS, 1100, 1000));
    out.push(bucket(T0 + i * SIZE - 2 * WEEK_MS, 1100, 1000 + (i % 2) * 10));
    out.push(bucket(T0 + i * SIZE - 3 * WEEK_MS, 50, 1)); // beyond `weeks`: never read
  }
  for (let i = 1; i <= 20; i++) out.push(bucket(T0 - i * SIZE, 1000, i <= 12 ? 900 : 1)); // only the 12 last count
  for (let i = 0; i < OUTAGE; i++) out.push(bucket(T0 + i * SIZE, 1000, 100));
  return out;
}

async function monitor(store: Store, id: string): Promise<void> {
  await store.monitors.upsert({ id, name: id, type: 'traffic', source: 'api', input: { id }, tags: [], paused: false }, T0);
}

for (const dialect of DIALECTS) {
  describe(`crisis impact from storage (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'crisis impact tests');
    if (!available) {
      it.skip('PostgreSQL not reachable', () => {});
      return;
    }
    const fixture = withStore(dialect);
    const all = history();

    it('reads every bucket the estimate needs, and no estimate changes for the ones it leaves', async () => {
      const { store } = fixture;
      await monitor(store, 'calls');
      await store.passive.upsertTraffic('calls', all);
      const now = T0 + (OUTAGE + 3) * SIZE;
      const methods: (string | null)[] = [];
      for (const window of [{ start: T0, end: T0 + OUTAGE * SIZE }, { start: T0 + 2 * MIN, end: T0 + 10 * SIZE + 1 * MIN }, { start: T0, end: now }]) {
        const read = await readTrafficLoss(store.passive, { monitorId: 'calls', config, window, now });
        expect(read).toEqual(estimateTrafficLoss({ monitorId: 'calls', config, window, now, buckets: all }));
        methods.push(read.method);
      }
      expect(methods).toEqual(['mixed', 'weekly', 'mixed']);
      const loss = await readTrafficLoss(store.passive, { monitorId: 'calls', config, window: { start: T0, end: T0 + OUTAGE * SIZE }, now });
      expect(loss.expected).toBe(25 * 1000 + 12 * 5 + 5 * 900);
      expect(loss.lost).toBeCloseTo(loss.expected! - OUTAGE * 100, 6);
    });

    it('estimates an incident from the stored traffic and service states', async () => {
      const { store } = fixture;
      const sites = ['paris-1', 'lyon-1', 'marseille-1'];
      const service: ServiceDefinition = {
        id: 'emergency-calls', name: { en: 'Emergency calls', fr: 'Appels d’urgence' }, criticality: 'vital', components: ['calls'],
        redundancy: { members: sites, minHealthy: 2, memberLabel: { en: 'call servers', fr: 'serveurs d’appel' } }, dependsOn: [], tags: [],
      };
      await store.incidents.setServiceState({
        serviceId: 'emergency-calls', at: T0, fromState: 'operational', toState: 'major_outage', reason: 'below the minimum',
        details: { reasons: [], rootCauses: [], redundancy: { healthy: 0, total: 3, minHealthy: 2, failing: sites }, actualState: 'major_outage' },
      }, T0);
      const incident: Incident = {
        id: 1, source: 'auto', status: 'open', severity: 'SEV1', title: { en: 'Emergency calls', fr: 'Appels d’urgence' }, summary: null, serviceId: 'emergency-calls',
        rootCause: { kind: 'service', id: 'emergency-calls' }, affected: ['service:emergency-calls'], commonMode: true, firstFailureAt: T0, openedAt: T0, lastFailureAt: T0,
        recoveredAt: T0 + OUTAGE * SIZE, acknowledgedAt: null, mitigatedAt: null, resolvedAt: null, reopened: 0, updatedAt: T0,
      };
      const resolver = impactResolver([{ id: 'calls', type: 'traffic', check: config as unknown as Record<string, unknown> }], [service]);
      const impact = await estimateImpact(incident, { reader: store.passive, resolver, serviceStates: await store.incidents.serviceStates(), now: T0 + (OUTAGE + 3) * SIZE });
      expect(impact.traffic).toHaveLength(1);
      expect(impact.total).toMatchObject({ counter: 'answered', observed: OUTAGE * 100, partial: false });
      expect(describeImpact(impact, 'en')).toBe('about 26,600 calls lost (expected 29,600, answered 3,000); Emergency calls: 3 of 3 call servers down (paris-1, lyon-1, marseille-1)');
    });
  });
}
