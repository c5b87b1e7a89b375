import { describe, expect, it } from 'vitest';
import { elapsedText, messageTexts, templateValues } from './message-texts.js';
import type { MessageChange, MessageIncident } from '../notifiers/types.js';
import { templatesSchema } from './templates.schema.js';

const t0 = Date.parse('2021-06-02T14:45:00Z');
const incident = (language: 'en' | 'fr'): MessageIncident => ({
  id: 42,
  key: 'vigie-incident-42',
  title: language === 'fr' ? 'Appels d’urgence : panne majeure' : 'Emergency calls: major outage',
  severity: 'SEV1',
  status: 'open',
  cause: language === 'fr' ? '4 serveurs d’appel sur 6 en panne — défaillance de mode commun' : '4 of 6 call servers down — common-mode failure',
  firstFailureAt: t0,
  url: 'http://127.0.0.1:3000/incidents/42',
  ackUrl: 'http://127.0.0.1:3000/ack/t',
});

describe('messageTexts', () => {
  it('says what is down, why, since when, and how to acknowledge, in English', () => {
    const text = messageTexts('opened', incident('en'), 'en', t0 + 3 * 60_000);
    expect(text.subject).toBe('[SEV1] Emergency calls: major outage');
    expect(text.short).toBe('[SEV1] Emergency calls: major outage — 4 of 6 call servers down — common-mode failure — failing for 3 min. Acknowledge: http://127.0.0.1:3000/ack/t');
    expect(text.full).toContain('First failure: 2021-06-02 14:45:00 UTC (failing for 3 min)');
  });

  it('and in French, with French punctuation', () => {
    const text = messageTexts('opened', incident('fr'), 'fr', t0 + 80 * 60_000);
    expect(text.short).toBe('[SEV1] Appels d’urgence : panne majeure — 4 serveurs d’appel sur 6 en panne — défaillance de mode commun — en panne depuis 1 h 20 min. Prendre en compte : http://127.0.0.1:3000/ack/t');
    expect(text.full).toContain('Gravité : SEV1');
  });

  it('names who acknowledged, drops the acknowledge link once it is moot', () => {
    const ack = messageTexts('acknowledged', incident('fr'), 'fr', t0, { author: 'Alice' });
    expect(ack.subject).toBe('[Pris en compte par Alice] Appels d’urgence : panne majeure');
    expect(ack.short).not.toContain('/ack/');
    expect(messageTexts('resolved', incident('en'), 'en', t0).short).toBe('[Resolved] Emergency calls: major outage — 4 of 6 call servers down — common-mode failure.');
  });

  it('writes elapsed times in minutes, hours and days', () => {
    expect(elapsedText(59_999, 'en')).toBe('0 min');
    expect(elapsedText(2 * 3_600_000, 'en')).toBe('2 h');
    expect(elapsedText(50 * 3_600_000, 'fr')).toBe('2 j 2 h');
  });
});

describe('messageTexts naming suspect changes', () => {
  const kb = (language: 'en' | 'fr'): MessageChange => ({
    changeId: 7,
    name: 'KB5009557',
    text: language === 'fr' ? 'KB5009557 (correctif) sur dc-1, 3 min avant la première panne' : 'KB5009557 (patch) on dc-1, 3 min before the first failure',
  });
  const config = (language: 'en' | 'fr'): MessageChange => ({ changeId: 5, name: 'Raise the LDAP timeout', text: language === 'fr' ? 'Raise the LDAP timeout (changement de configuration) sur dc-2, 40 min avant la première panne' : 'Raise the LDAP timeout (configuration change) on dc-2, 40 min before the first failure' });
  const withLikely = (language: 'en' | 'fr'): MessageIncident => ({ ...incident(language), likelyCause: kb(language), suspects: [kb(language), config(language)] });

  it('names the likely cause: by name in the short text, with what it touched and when in the full one', () => {
    const text = messageTexts('opened', withLikely('en'), 'en', t0 + 3 * 60_000);
    expect(text.short).toBe('[SEV1] Emergency calls: major outage — 4 of 6 call servers down — common-mode failure — Likely cause: KB5009557 — failing for 3 min. Acknowledge: http://127.0.0.1:3000/ack/t');
    expect(text.full.split('\n')).toContain('Likely cause: KB5009557 (patch) on dc-1, 3 min before the first failure');
    expect(text.full).not.toContain('Raise the LDAP timeout');
  });

  it('and in French', () => {
    const text = messageTexts('resolved', withLikely('fr'), 'fr', t0);
    expect(text.short).toBe('[Résolu] Appels d’urgence : panne majeure — 4 serveurs d’appel sur 6 en panne — défaillance de mode commun — Cause probable : KB5009557.');
    expect(text.full.split('\n')).toContain('Cause probable : KB5009557 (correctif) sur dc-1, 3 min avant la première panne');
  });

  it('names the top suspect when no change stands out as the likely cause', () => {
    const suspected = { ...incident('fr'), suspects: [config('fr'), kb('fr')] };
    const text = messageTexts('opened', suspected, 'fr', t0);
    expect(text.short).toContain(' — Changement suspect : Raise the LDAP timeout — ');
    expect(text.full.split('\n')).toContain('Changement suspect : Raise the LDAP timeout (changement de configuration) sur dc-2, 40 min avant la première panne');
    expect(messageTexts('opened', { ...incident('en'), suspects: [config('en')] }, 'en', t0).full).toContain('\nSuspect change: Raise the LDAP timeout (configuration change) on dc-2, 40 min before the first failure\n');
    expect(text.full).not.toMatch(/Cause probable|Likely cause/);
  });

  it('keeps the short text short: a long change name is cut', () => {
    const long = { changeId: 9, name: 'Upgrade every call server to release 4.2.17 with the new codec table', text: 'Upgrade… (deployment) on sip-1, 2 min before the first failure' };
    const text = messageTexts('opened', { ...incident('en'), likelyCause: long, suspects: [long] }, 'en', t0);
    expect(text.short).toContain('Likely cause: Upgrade every call server to release 4.… — failing for');
  });

  it('says nothing of changes when none is noted', () => {
    for (const language of ['en', 'fr'] as const) {
      const text = messageTexts('opened', incident(language), language, t0);
      expect(`${text.short}\n${text.full}`).not.toMatch(/Likely cause|Suspect change|Cause probable|Changement suspect/);
    }
    expect(templateValues('opened', incident('en'), 'en', t0)).toMatchObject({ 'incident.likely_cause': undefined, 'incident.suspects': undefined });
  });

  it('fills incident.likely_cause and incident.suspects in templates, and a section over them only shows when set', () => {
    const templates = templatesSchema.parse({
      default: { fr: { short: '{{incident.title}}{{#incident.likely_cause}} — cause probable : {{incident.likely_cause}}{{/incident.likely_cause}}', full: 'Suspects : {{incident.suspects}}' } },
    });
    const text = messageTexts('opened', withLikely('fr'), 'fr', t0, {}, templates);
    expect(text.short).toBe('Appels d’urgence : panne majeure — cause probable : KB5009557 (correctif) sur dc-1, 3 min avant la première panne');
    expect(text.full).toBe('Suspects : KB5009557 (correctif) sur dc-1, 3 min avant la première panne ; Raise the LDAP timeout (changement de configuration) sur dc-2, 40 min avant la première panne');
    expect(messageTexts('opened', { ...incident('fr'), suspects: [config('fr')] }, 'fr', t0, {}, templates).short).toBe('Appels d’urgence : panne majeure');
  });
});
