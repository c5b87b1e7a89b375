import { describe, expect, it } from 'vitest';
import type { Incident, TimelineEntry } from './incident.types.js';
import { incidentDocument, incidentMarkdown } from './incident-export.js';
import { texts, transitionReason } from './incident-texts.js';

const T0 = Date.UTC(2021, 5, 2, 14, 45);

const incident: Incident = {
  id: 7, source: 'auto', status: 'resolved', severity: 'SEV1',
  title: { en: 'Emergency calls: major outage', fr: 'Appels d’urgence : panne majeure' },
  summary: { en: '6 of 6 call servers failed within 90 s', fr: '6 serveurs d’appel sur 6 sont tombés en panne en 90 s' },
  serviceId: 'emergency-calls', rootCause: { kind: 'service', id: 'emergency-calls' }, affected: ['service:emergency-calls'], commonMode: true,
  firstFailureAt: T0, openedAt: T0 + 4000, lastFailureAt: T0 + 90_000, recoveredAt: T0 + 3_600_000,
  acknowledgedAt: T0 + 64_000, mitigatedAt: null, resolvedAt: T0 + 3_900_000, reopened: 0, updatedAt: T0 + 3_900_000,
};

const timeline: TimelineEntry[] = [
  { id: 1, incidentId: 7, at: T0, kind: 'first_failure', author: 'vigie', text: { en: 'First failing result | SIP', fr: 'Premier échec' }, details: null },
  { id: 2, incidentId: 7, at: T0 + 4000, kind: 'opened', author: 'vigie', text: { en: 'Incident opened', fr: 'Incident ouvert' }, details: null },
];

describe('incidentDocument', () => {
  it('gives ISO times, the figures and the timeline', () => {
    const doc = incidentDocument(incident, timeline);
    expect(doc.incident).toMatchObject({ id: 7, firstFailureAt: '2021-06-02T14:45:00.000Z', openedAt: '2021-06-02T14:45:04.000Z', mitigatedAt: null, commonMode: true });
    expect(doc.figures).toEqual({ timeToDetectMs: 4000, timeToAcknowledgeMs: 60_000, timeToResolveMs: 3_900_000 });
    expect(doc.timeline[1]).toEqual({ id: 2, at: '2021-06-02T14:45:04.000Z', kind: 'opened', author: 'vigie', text: { en: 'Incident opened', fr: 'Incident ouvert' }, details: null });
  });
});

describe('incidentMarkdown', () => {
  it('writes the summary, the figures and the timeline in English, escaping table cells', () => {
    const md = incidentMarkdown(incident, timeline);
    expect(md).toContain('# Incident #7 — Emergency calls: major outage');
    expect(md).toContain('| Common-mode failure | yes |');
    expect(md).toContain('- Time to detect: 4 s');
    expect(md).toContain('- Time to acknowledge: 1 min');
    expect(md).toContain('- Time to resolve: 1 h 05 min');
    expect(md).toContain('| 2021-06-02T14:45:00.000Z | first_failure | vigie | First failing result \\| SIP |');
  });

  it('writes French when asked', () => {
    const md = incidentMarkdown(incident, timeline, 'fr');
    expect(md).toContain('# Incident #7 — Appels d’urgence : panne majeure');
    expect(md).toContain('| Statut | résolu |');
    expect(md).toContain('- Délai de détection : 4 s');
    expect(md).toContain('| Heure (UTC) | Événement | Auteur | |');
  });

  it('writes the checks\' French messages in French, never their English ones', () => {
    const traffic = { en: 'traffic drop: attempts 332 in 16:45–16:50 is 40 % of the usual 830 (same time of week, last 4 week(s))', fr: 'chute de trafic : attempts 332 sur 16:45–16:50, soit 40 % de l\'habituel 830 (même moment de la semaine, 4 dernière(s) semaine(s))' };
    const sip = { en: 'SIP OPTIONS answered 503 Service Unavailable', fr: 'SIP OPTIONS a répondu 503 Service Unavailable' };
    const reason = `down: ${traffic.en} (confirmed by 3 consecutive results)`;
    const entries: TimelineEntry[] = [
      ...timeline,
      // As written now: the French text is built from the stored French message.
      { id: 3, incidentId: 7, at: T0 + 5000, kind: 'monitor_state', author: 'vigie', text: texts.monitorState('calls-lyon', 'up', 'down', transitionReason(reason, traffic)), details: { monitorId: 'calls-lyon', messages: traffic } },
      // As written before: the English check message inside the French text, the French one stored beside it.
      { id: 4, incidentId: 7, at: T0 + 6000, kind: 'monitor_state', author: 'vigie', text: { en: `call-1: up → down (down: ${sip.en})`, fr: `call-1 : disponible → en panne (down: ${sip.en})` }, details: { monitorId: 'call-1', messages: sip } },
    ];
    const fr = incidentMarkdown(incident, entries, 'fr');
    expect(fr).toContain(`calls-lyon : disponible → en panne (en panne : ${traffic.fr} (confirmé par 3 résultats consécutifs))`);
    expect(fr).toContain(sip.fr);
    expect(fr).not.toContain(traffic.en);
    expect(fr).not.toContain(sip.en);
    expect(incidentMarkdown(incident, entries, 'en')).toContain(`(down: ${traffic.en} (confirmed by 3 consecutive results))`);
  });
});
