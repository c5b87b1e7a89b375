/** @module A complete {@link NotificationMessage} for channel tests, in either language. */
import type { Language, NotificationMessage } from '../../src/notifiers/types.js';

/** A message about the six-call-servers incident, with overrides. */
export function sampleMessage(language: Language = 'en', overrides: Partial<NotificationMessage> = {}): NotificationMessage {
  const fr = language === 'fr';
  return {
    event: 'opened',
    language,
    idempotencyKey: 'vigie-incident-42-opened-ch-ops-alice',
    incident: {
      id: 42,
      key: 'vigie-incident-42',
      title: fr ? 'Appels d’urgence : panne majeure' : 'Emergency calls: major outage',
      severity: 'SEV1',
      status: 'open',
      service: fr ? 'Appels d’urgence : panne majeure' : 'Emergency calls: major outage',
      cause: fr ? '6 serveurs d’appel sur 6 en panne — défaillance de mode commun' : '6 of 6 call servers down — common-mode failure',
      firstFailureAt: Date.parse('2021-06-02T14:45:00Z'),
      url: 'http://127.0.0.1:3000/api/v1/incidents/42',
      ackUrl: 'http://127.0.0.1:3000/ack/abc.def',
    },
    text: {
      subject: fr ? '[SEV1] Appels d’urgence : panne majeure' : '[SEV1] Emergency calls: major outage',
      short: fr ? 'SEV1 Appels d’urgence : panne majeure — 6/6 serveurs <en panne> & "mode commun"' : 'SEV1 Emergency calls: major outage — 6/6 servers <down> & "common mode"',
      full: fr ? 'Appels d’urgence : panne majeure.\nCause : 6 serveurs sur 6.' : 'Emergency calls: major outage.\nCause: 6 of 6 servers.',
    },
    to: 'alice@example.test',
    at: Date.parse('2021-06-02T14:46:03Z'),
    ...overrides,
  };
}
