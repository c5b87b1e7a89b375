import { describe, expect, it } from 'vitest';
import { alreadySubscribedMail, confirmationMail, newsMail, newsPayload, type IncidentNews, type PageFacts } from './subscription-texts.js';

const page: PageFacts = { id: 'public', title: { en: 'Operator status', fr: 'État des services' }, url: 'https://status.example.org', timeZone: 'Europe/Paris' };
const T0 = Date.UTC(2026, 5, 2, 14, 45);
const unsubscribe = 'https://status.example.org/unsubscribe/u7.0.x';

const news = (over: Partial<IncidentNews> = {}): IncidentNews => ({
  kind: 'opened', incidentId: 12, title: { en: 'Citizen portal: major outage', fr: 'Portail citoyen : panne majeure' },
  components: [{ id: 'c1', name: { en: 'Citizen portal', fr: 'Portail citoyen' } }], status: 'investigating', startedAt: T0, resolvedAt: null, update: null,
  url: 'https://status.example.org/incidents/12', ...over,
});

describe('subscriber messages', () => {
  it('writes the opening in French with the page time zone, the components, the status and how to leave', () => {
    const m = newsMail(news(), page, 'fr', unsubscribe, []);
    expect(m.subject).toBe('[État des services] Portail citoyen : panne majeure');
    expect(m.full).toContain('Composants touchés : Portail citoyen.');
    expect(m.full).toContain('Début : 2 juin 2026 à 16:45 (Europe/Paris).');
    expect(m.full).toContain('Statut : en cours d’analyse.');
    expect(m.full).toContain('Suivre l’incident : https://status.example.org/incidents/12');
    expect(m.full).toContain('vous êtes abonné à « État des services » (tous les composants)');
    expect(m.full.endsWith(`Se désabonner : ${unsubscribe}`)).toBe(true);
  });

  it('writes an update and a resolution in English, with the update text and the names followed', () => {
    const update = newsMail(news({ kind: 'update', status: 'identified', update: { id: 5, at: T0 + 600_000, text: { en: 'A fix is being deployed.', fr: 'Un correctif est en cours.' } } }), page, 'en', unsubscribe, ['Citizen portal']);
    expect(update.subject).toBe('[Operator status] Update — Citizen portal: major outage');
    expect(update.full).toContain('Update of 2 June 2026 at 16:55 (Europe/Paris):\nA fix is being deployed.');
    expect(update.full).toContain('Status: cause identified, being fixed.');
    expect(update.full).toContain('(Citizen portal)');
    expect(update.short).toBe('Update — Citizen portal: major outage — A fix is being deployed.');
    const resolved = newsMail(news({ kind: 'resolved', status: 'resolved', resolvedAt: T0 + 3_600_000 }), page, 'en', unsubscribe, []);
    expect(resolved.subject).toBe('[Operator status] Resolved — Citizen portal: major outage');
    expect(resolved.full).toContain('Resolved: 2 June 2026 at 17:45 (Europe/Paris).');
  });

  it('asks to confirm with the link and its expiry, and reminds an address already subscribed', () => {
    const confirm = confirmationMail(page, 'fr', 'https://status.example.org/confirm/c7.x.y', T0, ['Portail citoyen']);
    expect(confirm.subject).toBe('[État des services] Confirmez votre abonnement');
    expect(confirm.full).toContain('(Portail citoyen)');
    expect(confirm.full).toContain('avant le 2 juin 2026 à 16:45 (Europe/Paris)');
    expect(confirm.full).toContain('https://status.example.org/confirm/c7.x.y');
    expect(confirm.full).toContain('ignorez ce message');
    const already = alreadySubscribedMail(page, 'en', unsubscribe, []);
    expect(already.subject).toBe('[Operator status] You are already subscribed');
    expect(already.full).toContain(`Unsubscribe: ${unsubscribe}`);
  });

  it('gives webhooks the same news in both languages, with ISO times and the unsubscribe link', () => {
    const payload = newsPayload(news({ kind: 'update', update: { id: 5, at: T0 + 60_000, text: { en: 'Fixing', fr: 'Correction' } } }), page, unsubscribe);
    expect(payload).toEqual({
      version: 1,
      event: 'incident.updated',
      page: { id: 'public', title: page.title, url: page.url },
      incident: { id: 12, title: news().title, status: 'investigating', started_at: '2026-06-02T14:45:00.000Z', resolved_at: null, url: 'https://status.example.org/incidents/12', components: [{ id: 'c1', name: { en: 'Citizen portal', fr: 'Portail citoyen' } }] },
      update: { id: 5, at: '2026-06-02T14:46:00.000Z', text: { en: 'Fixing', fr: 'Correction' } },
      unsubscribe_url: unsubscribe,
    });
  });
});
