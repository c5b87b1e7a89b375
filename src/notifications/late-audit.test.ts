import { describe, expect, it } from 'vitest';
import { lateNotifications, type AuditFacts } from './late-audit.js';

const now = 1_000_000_000;
const limits = { graceMs: 30_000, maxDeliveryLagMs: 60_000 };
const calm: AuditFacts = { now, overdue: [], oldestDueDeliveryAt: null, alreadyRaised: false };

describe('lateNotifications', () => {
  it('says nothing when no step is due past the grace and no message waits past its limit', () => {
    expect(lateNotifications(calm, limits)).toBeUndefined();
    expect(lateNotifications({ ...calm, overdue: [{ incidentId: 42, nextAt: now - 30_000 }], oldestDueDeliveryAt: now - 60_000 }, limits)).toBeUndefined();
  });

  it('names the escalation most behind, in English and French', () => {
    const title = lateNotifications({ ...calm, overdue: [{ incidentId: 42, nextAt: now - 120_000 }] }, limits);
    expect(title).toEqual({
      en: 'Vigie notifications are late: escalation of incident #42 is 2 min behind',
      fr: 'Les notifications de Vigie sont en retard : l’escalade de l’incident #42 a 2 min de retard',
    });
    const several = lateNotifications({ ...calm, overdue: [{ incidentId: 7, nextAt: now - 45_000 }, { incidentId: 9, nextAt: now - 200_000 }, { incidentId: 8, nextAt: now - 5_000 }] }, limits);
    expect(several?.en).toBe('Vigie notifications are late: escalation of incident #9 is 3 min 20 s behind (and 1 more)');
    expect(several?.fr).toBe('Les notifications de Vigie sont en retard : l’escalade de l’incident #9 a 3 min 20 s de retard (et 1 autre)');
  });

  it('raises for a due message not sent within max_delivery_lag', () => {
    expect(lateNotifications({ ...calm, oldestDueDeliveryAt: now - 90_000 }, limits)).toEqual({
      en: 'Vigie notifications are late: a message due 1 min 30 s ago is not sent yet',
      fr: 'Les notifications de Vigie sont en retard : un message attendu depuis 1 min 30 s n’est toujours pas parti',
    });
  });

  it('raises nothing more while the incident raised before is open', () => {
    expect(lateNotifications({ ...calm, overdue: [{ incidentId: 42, nextAt: now - 120_000 }], oldestDueDeliveryAt: now - 90_000, alreadyRaised: true }, limits)).toBeUndefined();
  });
});
