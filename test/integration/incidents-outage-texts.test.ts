/**
 * What the incident engine writes during an outage of a redundancy group, on SQLite and
 * PostgreSQL: transitions are committed to the outbox at chosen times and the engine is stepped
 * by hand (its clock is a test hook), so the scenarios run in milliseconds. Covers the
 * common-mode summary following the group as it grows, severity entries that state each cause and
 * step, service changes naming every cause that holds, and French texts carrying the checks'
 * French messages (also through the Markdown export).
 */
import { describe, expect, it } from 'vitest';
import { Bus } from '../../src/engine/bus.js';
import { initialState, type TransitionDraft } from '../../src/engine/monitor-state.js';
import { incidentMarkdown } from '../../src/incidents/incident-export.js';
import { IncidentEngine } from '../../src/incidents/incident-engine.js';
import { DEFAULT_TIMINGS, type IncidentContext } from '../../src/incidents/incident-settings.js';
import type { Incident, TimelineEntry } from '../../src/incidents/incident.types.js';
import { serviceGraph } from '../../src/incidents/service-graph.js';
import { createLogger } from '../../src/logger.js';
import { buildServiceModel } from '../../src/services/service-model.js';
import type { ServiceDefinition } from '../../src/services/service.types.js';
import type { Store } from '../../src/storage/store.js';
import { DIALECTS, dialectAvailable, withStore } from '../helpers/databases.js';

const T0 = Date.UTC(2021, 5, 2, 14, 45);
const MIN = 60_000;
const SIP = { en: 'SIP OPTIONS answered 503 Service Unavailable', fr: 'SIP OPTIONS a répondu 503 Service Unavailable' };
const TRAFFIC = { en: 'traffic drop: attempts 12 in 16:45–16:50 is 2 % of the usual 830', fr: 'chute de trafic : attempts 12 sur 16:45–16:50, soit 2 % de l’habituel 830' };
const LABEL = { en: 'call servers', fr: 'serveurs d’appel' };

function callService(id: string, name: string, servers: string[], components: string[] = []): ServiceDefinition {
  return { id, name: { en: name, fr: `${name} (fr)` }, criticality: 'high', components, dependsOn: [], tags: [], redundancy: { members: servers, minHealthy: 4, memberLabel: LABEL } };
}

const EMERGENCY = ['call-1', 'call-2', 'call-3', 'call-4', 'call-5', 'call-6'];
const HOTLINE = ['line-1', 'line-2', 'line-3', 'line-4', 'line-5', 'line-6'];
const SERVICES = [callService('emergency-calls', 'Emergency calls', EMERGENCY, ['calls-traffic']), callService('hotline', 'Hotline', HOTLINE)];
const MONITORS = [...EMERGENCY, 'calls-traffic', ...HOTLINE];

for (const dialect of DIALECTS) {
  describe(`incident texts during an outage (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'incident outage-text tests');
    if (!available) {
      it.skip('PostgreSQL not reachable', () => {});
      return;
    }
    const fixture = withStore(dialect);
    const model = buildServiceModel(SERVICES, MONITORS);
    const ctx: IncidentContext = { model, graph: serviceGraph(model), windows: [], timings: DEFAULT_TIMINGS, monitorName: (id) => id };
    let clock = T0;
    let engine: IncidentEngine | undefined;

    /** Commits `monitorId` going down at `at` with the check's messages, then lets the engine process it. */
    async function down(store: Store, monitorId: string, at: number, messages = SIP): Promise<void> {
      clock = at;
      const draft: TransitionDraft = { monitorId, at, kind: 'state', fromState: 'up', toState: 'down', eventType: null, reason: `down: ${messages.en} (confirmed by 2 consecutive results)`, details: { messages } };
      await store.states.commitTransition(monitorId, { ...initialState(), state: 'down', since: at }, [draft], at);
      await engine!.step();
    }

    async function incidentOf(store: Store, serviceId: string): Promise<{ incident: Incident; timeline: TimelineEntry[] }> {
      const incident = (await store.incidents.list({ service: serviceId }, { limit: 5, offset: 0 })).items[0]!;
      return { incident, timeline: await store.incidents.timeline(incident.id) };
    }

    it('starts', async () => {
      const { store } = fixture;
      for (const id of MONITORS) await store.monitors.upsert({ id, name: id, type: 'sip', source: 'file', input: { id }, tags: [], paused: false }, T0);
      engine = new IncidentEngine(store, new Bus(), createLogger('silent'), { context: async () => ctx, now: () => clock, pollMs: 3_600_000 });
      await engine.start();
      await engine.whenCaughtUp();
    });

    it('follows a common-mode failure as it grows: 3 of 6 within 33 s, then 6 of 6 within 2 min', async () => {
      const { store } = fixture;
      for (const [i, offset] of [0, 10_000, 33_000].entries()) await down(store, EMERGENCY[i]!, T0 + offset);
      let { incident } = await incidentOf(store, 'emergency-calls');
      expect(incident.commonMode).toBe(true);
      expect(incident.summary?.en).toMatch(/^3 of 6 call servers failed within 33 s — /);
      await down(store, EMERGENCY[3]!, T0 + 60_000);
      // Two call servers left (partial outage); then the traffic component drops: major outage.
      await down(store, 'calls-traffic', T0 + 75_000, TRAFFIC);
      await down(store, EMERGENCY[4]!, T0 + 90_000);
      await down(store, EMERGENCY[5]!, T0 + 120_000);
      const after = await incidentOf(store, 'emergency-calls');
      incident = after.incident;
      expect(incident.summary).toEqual({
        en: '6 of 6 call servers failed within 2 min — a common cause is likely; redundancy is not protecting the service',
        fr: '6 serveurs d’appel sur 6 sont tombés en panne en 2 min — une cause commune est probable ; la redondance ne protège pas le service',
      });
      const commonMode = after.timeline.filter((e) => e.kind === 'common_mode');
      expect(commonMode.map((e) => e.text.en)).toEqual([
        '3 of 6 call servers failed within 33 s — a common cause is likely; redundancy is not protecting the service',
        'common-mode failure grew: 4 of 6 call servers failed within 60 s',
        'common-mode failure grew: 5 of 6 call servers failed within 90 s',
        'common-mode failure grew: 6 of 6 call servers failed within 2 min',
      ]);
      expect(commonMode.at(-1)!.text.fr).toBe('la défaillance de mode commun s’étend : 6 serveurs d’appel sur 6 sont tombés en panne en 2 min');
      expect(commonMode.at(-1)!.at).toBe(T0 + 120_000);
      // Processing the same observations again changes nothing.
      await engine!.step();
      expect((await store.incidents.timeline(incident.id)).filter((e) => e.kind === 'common_mode')).toHaveLength(4);
    });

    it('states each cause and step of a two-level severity jump', async () => {
      const { store } = fixture;
      const base = T0 + 3_600_000;
      // Three failures 10 min apart: partial outage (SEV3 for a high service), no common mode.
      for (const [i, offset] of [0, 10 * MIN, 20 * MIN].entries()) await down(store, HOTLINE[i]!, base + offset);
      expect((await incidentOf(store, 'hotline')).incident.severity).toBe('SEV3');
      // The other three within 20 s: major outage (SEV2) and a common-mode failure (one level up).
      for (const [i, offset] of [30 * MIN, 30 * MIN + 10_000, 30 * MIN + 20_000].entries()) await down(store, HOTLINE[i + 3]!, base + offset);
      const { incident, timeline } = await incidentOf(store, 'hotline');
      expect(incident.severity).toBe('SEV1');
      const jump = timeline.filter((e) => e.kind === 'severity').at(-1)!;
      expect(jump.text).toEqual({
        en: 'Severity SEV3 → SEV1: major outage of Hotline (SEV2), raised one level for a common-mode failure',
        fr: 'Gravité SEV3 → SEV1 : Hotline (fr) en panne majeure (SEV2), relevée d’un niveau pour une défaillance de mode commun',
      });
      expect(jump.details).toMatchObject({ from: 'SEV3', to: 'SEV1', base: 'SEV2', commonMode: true });
    });

    it('names every cause of a service change, and writes the checks\' French messages in French', async () => {
      const { store } = fixture;
      // The outage of emergency-calls above: its traffic component dropped while two call servers were left.
      const { incident, timeline } = await incidentOf(store, 'emergency-calls');
      const major = timeline.find((e) => e.kind === 'service_state' && e.details?.to === 'major_outage')!;
      expect(major.text).toEqual({
        en: 'Emergency calls: partial outage → major outage — calls-traffic is down; below the minimum: 2 of 6 call servers healthy, at least 4 needed',
        fr: 'Emergency calls (fr) : panne partielle → panne majeure — calls-traffic est en panne ; sous le minimum : 2 serveurs d’appel sur 6 en service, au moins 4 nécessaires',
      });
      expect(timeline.filter((e) => e.kind === 'severity').at(-1)!.text.en).toBe('Severity SEV2 → SEV1: major outage of Emergency calls (SEV2), raised one level for a common-mode failure');
      const partial = timeline.find((e) => e.kind === 'service_state' && e.details?.to === 'partial_outage')!;
      expect(partial.text.fr).toBe('Emergency calls (fr) : performances dégradées → panne partielle — sous le minimum : 3 serveurs d’appel sur 6 en service, au moins 4 nécessaires');
      const traffic = timeline.find((e) => e.kind === 'monitor_state' && e.details?.monitorId === 'calls-traffic')!;
      expect(traffic.text.fr).toBe(`calls-traffic : disponible → en panne (en panne : ${TRAFFIC.fr} (confirmé par 2 résultats consécutifs))`);
      const first = timeline.find((e) => e.kind === 'first_failure')!;
      expect(first.text.fr).toBe(`Premier résultat en échec de call-1 : en panne : ${SIP.fr} (confirmé par 2 résultats consécutifs)`);
      const markdown = incidentMarkdown(incident, timeline, 'fr');
      expect(markdown).toContain(SIP.fr);
      expect(markdown).not.toContain(SIP.en);
      expect(markdown).not.toContain(TRAFFIC.en);
    });

    it('stops', async () => {
      await engine?.stop();
    });
  });
}
