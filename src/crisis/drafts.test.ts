import { describe, expect, it } from 'vitest';
import { compileTemplate, TemplateError, type Template } from '../notifications/template.js';
import { AUDIENCES, draftTemplatesSchema } from './crisis.schema.js';
import type { Crisis } from './crisis.types.js';
import { DRAFT_PLACEHOLDERS } from './draft-placeholders.js';
import { BUILT_IN_DRAFTS, draftFacts, draftTodos, formatDateTime, renderDraft, type DraftFacts, type DraftFactsInput } from './drafts.js';
import type { IncidentImpact } from './impact.js';

const MIN = 60_000;
/** 3 June 2026, 16:45 in Paris. */
const T0 = Date.UTC(2026, 5, 3, 14, 45);
const SITES = ['paris-1', 'lyon-1', 'marseille-1', 'lille-1', 'bordeaux-1', 'rennes-1'];
const NNBSP = '\u202f';

const crisis: DraftFactsInput['crisis'] = {
  id: 7,
  title: { en: 'calls-traffic down on sip.paris-1.example.net', fr: 'calls-traffic en panne sur sip.paris-1.example.net' },
  kind: 'telecom',
  bridge: 'https://meet.example.net/crisis-7',
  activatedAt: T0 + 10 * MIN,
  checklist: [
    { text: { en: 'Open the bridge', fr: 'Ouvrir le pont' }, doneAt: T0 + 11 * MIN, doneBy: 'alice' },
    { text: { en: 'Call the emergency centres', fr: 'Appeler les centres d’urgence' }, doneAt: null, doneBy: null },
    { text: { en: 'Stop the reconnection procedure', fr: 'Arrêter la procédure de reconnexion' }, doneAt: T0 + 20 * MIN, doneBy: 'bob' },
  ] satisfies Crisis['checklist'],
};

const incident: NonNullable<DraftFactsInput['incident']> = {
  id: 12,
  title: { en: 'calls-traffic is down (sip.paris-1.example.net: 503 Service Unavailable)', fr: 'calls-traffic est en panne (sip.paris-1.example.net : 503 Service Unavailable)' },
  severity: 'SEV1',
  summary: { en: 'common-mode failure: 6 of 6 call servers rebooting in a loop', fr: 'défaillance de mode commun : 6 serveurs d’appel sur 6 redémarrent en boucle' },
  firstFailureAt: T0,
  openedAt: T0 + MIN,
  recoveredAt: null,
  resolvedAt: null,
};

const impact: IncidentImpact = {
  incidentId: 12,
  at: T0 + 60 * MIN,
  window: { start: T0, end: T0 + 60 * MIN },
  traffic: [{ monitorId: 'calls-traffic', counter: 'answered', window: { start: T0, end: T0 + 60 * MIN }, expected: 13_100, observed: 1300, lost: 11_800, buckets: 12, missing: 0, unestimated: 0, pending: 0, method: 'weekly', reason: null }],
  total: { counter: 'answered', expected: 13_100, observed: 1300, lost: 11_800, monitors: 1, partial: false },
  services: [{
    serviceId: 'emergency-calls',
    name: { en: 'Emergency calls', fr: 'Appels d’urgence' },
    state: 'major_outage',
    since: T0,
    down: [...SITES, 'calls-traffic'],
    downNames: [...SITES, 'calls-traffic'].map((id) => ({ en: id, fr: id })),
    redundancy: { healthy: 0, total: 6, minHealthy: 4 },
    text: { en: 'Emergency calls: 6 of 6 call servers down (paris-1, lyon-1, …); calls-traffic down', fr: 'Appels d’urgence : 6 serveurs d’appel sur 6 hors service (paris-1, lyon-1, …) ; calls-traffic hors service' },
  }],
};

const input: DraftFactsInput = {
  crisis,
  incident,
  impact,
  stakeholder: { en: 'National regulator', fr: 'Autorité de régulation' },
  crisisUrl: 'https://vigie.internal.example.net/crises/7',
  nextUpdateAt: T0 + 45 * MIN,
  now: T0 + 15 * MIN,
};
const facts = draftFacts(input);

/** The placeholder names a compiled template uses. */
function namesIn(template: Template): string[] {
  const out: string[] = [];
  const walk = (nodes: Template['nodes']) => {
    for (const node of nodes) {
      if ('value' in node) out.push(node.value);
      if ('section' in node) {
        out.push(node.section);
        walk(node.body);
      }
    }
  };
  walk(template.nodes);
  return out;
}

describe('formatDateTime', () => {
  it('writes a time in the given zone, named, as each language writes it', () => {
    expect(formatDateTime(T0, 'en')).toBe('3 June 2026, 16:45 (Europe/Paris)');
    expect(formatDateTime(T0, 'fr')).toBe('3 juin 2026 à 16 h 45 (Europe/Paris)');
    expect(formatDateTime(Date.UTC(2026, 5, 1, 7, 5), 'fr', 'UTC')).toBe('1er juin 2026 à 7 h 05 (UTC)');
    expect(formatDateTime(Date.UTC(2026, 5, 1, 7, 5), 'en', 'UTC')).toBe('1 June 2026, 07:05 (UTC)');
    expect(formatDateTime(Date.UTC(2026, 0, 1, 0, 0), 'fr', 'Pacific/Noumea')).toBe('1er janvier 2026 à 11 h 00 (Pacific/Noumea)');
    expect(formatDateTime(Date.UTC(2026, 5, 3, 22, 0), 'en')).toBe('4 June 2026, 00:00 (Europe/Paris)');
  });

  it('names a time zone it does not know', () => {
    expect(() => formatDateTime(T0, 'en', 'Europe/Pari')).toThrow('unknown time zone "Europe/Pari" for crisis drafts: use an IANA name such as Europe/Paris');
  });
});

describe('draftFacts', () => {
  it('fills every placeholder it has a value for, in both languages', () => {
    expect(facts.en).toMatchObject({
      'crisis.id': '7', 'incident.id': '12', 'incident.severity': 'SEV1', stakeholder: 'National regulator',
      start_time: '3 June 2026, 16:45 (Europe/Paris)', activated_at: '3 June 2026, 16:55 (Europe/Paris)', now: '3 June 2026, 17:00 (Europe/Paris)', next_update: '3 June 2026, 17:30 (Europe/Paris)',
      services: 'Emergency calls', state: 'major outage', calls_lost: '11,800',
      regions: 'paris-1, lyon-1, marseille-1, lille-1, bordeaux-1, rennes-1, … (+1)',
      cause: 'common-mode failure: 6 of 6 call servers rebooting in a loop',
      measures: 'Open the bridge; Stop the reconnection procedure',
    });
    expect(facts.en.impact).toMatch(/^about 11,800 calls lost \(expected 13,100, answered 1,300\); Emergency calls: 6 of 6/);
    expect(facts.fr).toMatchObject({ state: 'panne majeure', calls_lost: `11${NNBSP}800`, start_time: '3 juin 2026 à 16 h 45 (Europe/Paris)', measures: 'Ouvrir le pont ; Arrêter la procédure de reconnexion' });
    expect(facts.fr.impact!.startsWith(`environ 11${NNBSP}800 appels perdus (13${NNBSP}100 attendus, 1${NNBSP}300 aboutis) ; Appels d’urgence`)).toBe(true);
    expect(Object.keys(facts.en).every((k) => (DRAFT_PLACEHOLDERS as readonly string[]).includes(k))).toBe(true);
  });

  it('says what is still being assessed rather than nothing, and how a restored service stands', () => {
    const bare = draftFacts({ crisis: { ...crisis, checklist: [] }, now: T0 }, { timeZone: 'UTC' });
    expect(bare.en).toMatchObject({ regions: 'being assessed', impact: 'being assessed', cause: 'under investigation', measures: 'crisis cell activated; diagnosis in progress', state: 'disruption in progress', start_time: '3 June 2026, 14:55 (UTC)' });
    expect(bare.fr).toMatchObject({ regions: 'en cours d’évaluation', cause: 'en cours d’analyse', state: 'perturbation en cours' });
    expect(bare.en.services).toBeUndefined();
    expect(bare.en.next_update).toBeUndefined();
    const restored = draftFacts({ ...input, incident: { ...incident, recoveredAt: T0 + 7 * 60 * MIN } });
    expect(restored.en.state).toBe('service restored on 3 June 2026, 23:45 (Europe/Paris)');
    expect(restored.fr.state).toBe('service rétabli le 3 juin 2026 à 23 h 45 (Europe/Paris)');
  });

  it('names each failing service with its state when there are several', () => {
    const sms = { ...impact.services[0]!, serviceId: 'sms', name: { en: 'SMS', fr: 'SMS' }, state: 'partial_outage' as const };
    const both = draftFacts({ ...input, impact: { ...impact, services: [impact.services[0]!, sms] } });
    expect(both.en).toMatchObject({ services: 'Emergency calls and SMS', state: 'Emergency calls: major outage; SMS: partial outage' });
    expect(both.fr).toMatchObject({ services: 'Appels d’urgence et SMS', state: 'Appels d’urgence : panne majeure ; SMS : panne partielle' });
  });
});

describe('built-in drafts', () => {
  it('all compile with the draft placeholders', () => {
    for (const audience of AUDIENCES) {
      for (const lang of ['en', 'fr'] as const) {
        const { subject, body } = BUILT_IN_DRAFTS[audience][lang];
        expect(() => compileTemplate(subject, DRAFT_PLACEHOLDERS), `${audience}.${lang}.subject`).not.toThrow();
        expect(() => compileTemplate(body, DRAFT_PLACEHOLDERS), `${audience}.${lang}.body`).not.toThrow();
      }
    }
  });

  it('render every audience with no placeholder, section or missing value left', () => {
    for (const audience of AUDIENCES) {
      const texts = renderDraft(audience, facts);
      for (const lang of ['en', 'fr'] as const) {
        const all = `${texts[lang].subject}\n${texts[lang].body}`;
        expect(all).not.toMatch(/\{\{|\}\}|undefined|null|\n{3}/);
        expect(texts[lang].subject).not.toContain('\n');
      }
    }
  });

  it('the authority notice states start, services, regions, state, impact, cause, measures and next update, in both languages', () => {
    const { en, fr } = renderDraft('authority', facts);
    expect(en.subject).toBe('Incident notification: Emergency calls (crisis 7)');
    for (const line of [
      'To: National regulator',
      'Start of the incident: 3 June 2026, 16:45 (Europe/Paris)',
      'Services affected: Emergency calls',
      'Sites and regions affected: paris-1, lyon-1',
      'Current state: major outage',
      'Estimated impact: about 11,800 calls lost (expected 13,100, answered 1,300)',
      'Root-cause hypothesis: common-mode failure: 6 of 6 call servers rebooting in a loop',
      'Measures taken: Open the bridge; Stop the reconnection procedure',
      'Next update: 3 June 2026, 17:30 (Europe/Paris)',
    ]) expect(en.body).toContain(line);
    expect(fr.subject).toBe('Notification d’incident : Appels d’urgence (crise 7)');
    for (const line of [
      'À l’attention de : Autorité de régulation',
      'Début de l’incident : 3 juin 2026 à 16 h 45 (Europe/Paris)',
      'Services touchés : Appels d’urgence',
      'Sites et zones touchés : paris-1, lyon-1',
      'État actuel : panne majeure',
      `Impact estimé : environ 11${NNBSP}800 appels perdus (13${NNBSP}100 attendus, 1${NNBSP}300 aboutis)`,
      'Hypothèse sur la cause : défaillance de mode commun',
      'Mesures prises : Ouvrir le pont ; Arrêter la procédure de reconnexion',
      'Prochain point : 3 juin 2026 à 17 h 30 (Europe/Paris)',
    ]) expect(fr.body).toContain(line);
  });

  it('the public update leaks nothing internal: no monitor, host, site, error, bridge nor console link', () => {
    const texts = renderDraft('public', facts);
    const internal = ['calls-traffic', 'sip.', 'example.net', '503', 'paris-1', 'rebooting', 'redémarrent', 'SEV1', 'meet.', '#12', 'incident 12', 'crise 7', 'crisis 7'];
    for (const lang of ['en', 'fr'] as const) {
      const all = `${texts[lang].subject}\n${texts[lang].body}`;
      for (const word of internal) expect(all, `${lang}: ${word}`).not.toContain(word);
    }
    expect(texts.en.subject).toBe('Service disruption: Emergency calls');
    expect(texts.en.body).toContain('Current situation: major outage');
    expect(texts.en.body).toContain('Next update by 3 June 2026, 17:30 (Europe/Paris) at the latest.');
    expect(texts.fr.body).toContain('Prochaine information au plus tard le 3 juin 2026 à 17 h 30 (Europe/Paris).');
    // By construction: the public texts use only these placeholders.
    const allowed = ['services', 'state', 'start_time', 'next_update', 'now'];
    for (const lang of ['en', 'fr'] as const) {
      const { subject, body } = BUILT_IN_DRAFTS.public[lang];
      for (const name of [...namesIn(compileTemplate(subject, DRAFT_PLACEHOLDERS)), ...namesIn(compileTemplate(body, DRAFT_PLACEHOLDERS))]) expect(allowed).toContain(name);
    }
  });

  it('drops the lines of values that are unset', () => {
    const bare: DraftFacts = draftFacts({ crisis: { ...crisis, bridge: null }, now: T0 });
    const { en } = renderDraft('internal', bare);
    expect(en.body).not.toMatch(/Services affected|Incident:|Crisis bridge|Crisis page|Next situation update/);
    expect(renderDraft('public', bare).en.subject).toBe('Service disruption');
  });

  it('lists what a person must complete before sending', () => {
    expect(draftTodos(renderDraft('public', facts))).toEqual([
      'en: To complete before sending: what people can do in the meantime (other numbers or channels to use), or delete this paragraph.',
      'fr: À compléter avant envoi : ce que chacun peut faire en attendant (autres numéros ou canaux à utiliser), ou supprimer ce paragraphe.',
    ]);
    expect(draftTodos({ en: { subject: 's', body: 'ready' }, fr: { subject: 's', body: 'prêt' } })).toEqual([]);
  });
});

describe('overrides', () => {
  const templates = (value: unknown) => draftTemplatesSchema.parse(value);

  it('replace only the parts they define', () => {
    const texts = renderDraft('public', facts, templates({ en: { subject: 'Outage of {{services}}' } }));
    const builtIn = renderDraft('public', facts);
    expect(texts.en.subject).toBe('Outage of Emergency calls');
    expect(texts.en.body).toBe(builtIn.en.body);
    expect(texts.fr).toEqual(builtIn.fr);
  });

  it('layer: a stakeholder’s own template wins over the cell’s, part by part', () => {
    const cell = templates({ en: { subject: 'Cell: {{services}}', body: 'Cell body {{state}}' }, fr: { body: 'Corps de la cellule' } });
    const own = templates({ en: { body: 'For {{stakeholder}}: {{impact}}' } });
    const texts = renderDraft('authority', facts, [cell, undefined, own]);
    expect(texts.en).toEqual({ subject: 'Cell: Emergency calls', body: `For National regulator: ${facts.en.impact}` });
    expect(texts.fr).toEqual({ subject: 'Notification d’incident : Appels d’urgence (crise 7)', body: 'Corps de la cellule' });
  });

  it('a template with an unknown placeholder does not compile, and says which it may have meant', () => {
    expect(() => compileTemplate('Next update: {{next_updte}}', DRAFT_PLACEHOLDERS)).toThrow(TemplateError);
    expect(() => compileTemplate('Next update: {{next_updte}}', DRAFT_PLACEHOLDERS)).toThrow('unknown placeholder {{next_updte}} (character 14); did you mean next_update?');
  });
});

describe('suspect changes in drafts', () => {
  const changes = {
    likelyCause: { en: 'likely cause: KB5009557 (patch) on dc-1, 3 min before the first failure', fr: 'cause probable : KB5009557 (correctif) sur dc-1, 3 min avant la première panne' },
    suspects: [
      { text: { en: 'KB5009557 (patch) on dc-1, 3 min before the first failure', fr: 'KB5009557 (correctif) sur dc-1, 3 min avant la première panne' } },
      { text: { en: 'LDAP timeout (configuration change) on dc-2, 40 min before the first failure', fr: 'LDAP timeout (changement de configuration) sur dc-2, 40 min avant la première panne' } },
    ],
  };
  const factsFor = (audience: DraftFactsInput['audience'], noted: DraftFactsInput['changes'] = changes) => draftFacts({ ...input, audience, changes: noted });

  it('fills likely_cause and suspects for the internal and authority audiences, in both languages', () => {
    for (const audience of ['internal', 'authority'] as const) {
      const f = factsFor(audience);
      expect(f.en).toMatchObject({ likely_cause: 'KB5009557 (patch) on dc-1, 3 min before the first failure', suspects: 'KB5009557 (patch) on dc-1, 3 min before the first failure; LDAP timeout (configuration change) on dc-2, 40 min before the first failure' });
      expect(f.fr).toMatchObject({ likely_cause: 'KB5009557 (correctif) sur dc-1, 3 min avant la première panne', suspects: 'KB5009557 (correctif) sur dc-1, 3 min avant la première panne ; LDAP timeout (changement de configuration) sur dc-2, 40 min avant la première panne' });
    }
  });

  it('never tells the public nor other stakeholders, not even through a template asking for them', () => {
    const asking = draftTemplatesSchema.parse({ en: { body: 'Cause: {{likely_cause}} / {{suspects}}' }, fr: { body: 'Cause : {{likely_cause}} / {{suspects}}' } });
    for (const audience of ['public', 'stakeholder', undefined] as const) {
      const f = factsFor(audience);
      expect(f.en.likely_cause, String(audience)).toBeUndefined();
      expect(f.fr.suspects, String(audience)).toBeUndefined();
      const texts = renderDraft(audience ?? 'public', f);
      const overridden = renderDraft(audience ?? 'public', f, asking);
      for (const lang of ['en', 'fr'] as const) {
        expect(`${texts[lang].subject}\n${texts[lang].body}\n${overridden[lang].body}`).not.toMatch(/KB5009557|LDAP|dc-1/);
      }
    }
  });

  it('the internal point names the likely cause and lists the suspects; the authority notice names only a likely cause', () => {
    const internal = renderDraft('internal', factsFor('internal'));
    expect(internal.en.body).toContain('Working hypothesis: common-mode failure: 6 of 6 call servers rebooting in a loop\nLikely cause: KB5009557 (patch) on dc-1, 3 min before the first failure\nSuspect changes: KB5009557 (patch) on dc-1');
    expect(internal.fr.body).toContain('\nCause probable : KB5009557 (correctif) sur dc-1, 3 min avant la première panne\nChangements suspects : KB5009557 (correctif)');
    const authority = renderDraft('authority', factsFor('authority'));
    expect(authority.en.body).toContain('Root-cause hypothesis: common-mode failure: 6 of 6 call servers rebooting in a loop\nLikely cause: KB5009557 (patch) on dc-1, 3 min before the first failure\nMeasures taken:');
    expect(authority.fr.body).toContain('\nCause probable : KB5009557 (correctif) sur dc-1, 3 min avant la première panne\nMesures prises :');
    expect(authority.en.body).not.toContain('LDAP timeout');
  });

  it('without a likely cause: the internal point lists the suspects, the authority notice says nothing of changes', () => {
    const suspectsOnly = { likelyCause: null, suspects: changes.suspects };
    const internal = renderDraft('internal', factsFor('internal', suspectsOnly));
    expect(internal.en.body).not.toContain('Likely cause');
    expect(internal.en.body).toContain('\nSuspect changes: KB5009557 (patch) on dc-1, 3 min before the first failure; LDAP timeout');
    const authority = renderDraft('authority', factsFor('authority', suspectsOnly));
    expect(`${authority.en.body}\n${authority.fr.body}`).not.toMatch(/KB5009557|Likely cause|Cause probable/);
  });

  it('without noted changes the drafts read as before', () => {
    for (const audience of ['internal', 'authority'] as const) {
      expect(renderDraft(audience, factsFor(audience, null))).toEqual(renderDraft(audience, facts));
      expect(renderDraft(audience, draftFacts({ ...input, audience })).fr.body).not.toMatch(/Cause probable|Changements suspects/);
    }
  });
});
