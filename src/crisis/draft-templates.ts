/**
 * @module The built-in texts of crisis drafts, per audience and language, as template sources
 * (draft placeholders, see `draft-placeholders.ts`). Sober, factual and dated, as a communication
 * officer would write them; `[[…]]` marks what only a person can complete before sending (the
 * public draft never invents alternative numbers). The public text names only services, their
 * state and times: never monitors, hosts, sites, error texts nor suspect changes. The internal
 * point lists the likely cause and the suspect changes; the authority notice only a likely cause.
 */
import type { Audience } from './crisis.schema.js';
import type { Lang } from './impact.js';

/** The template sources of one draft in one language. */
export interface DraftSource {
  subject: string;
  body: string;
}

const internal: Record<Lang, DraftSource> = {
  en: {
    subject: '[Crisis {{crisis.id}}] {{crisis.title}}: {{state}}',
    body: `CRISIS {{crisis.id}} — {{crisis.title}}
Situation at {{now}}

{{#services}}Services affected: {{services}}
{{/services}}Current state: {{state}}
Start of the incident: {{start_time}}
Crisis cell activated: {{activated_at}}
Sites affected: {{regions}}
Estimated impact: {{impact}}
Working hypothesis: {{cause}}
{{#likely_cause}}Likely cause: {{likely_cause}}
{{/likely_cause}}{{#suspects}}Suspect changes: {{suspects}}
{{/suspects}}Measures taken: {{measures}}
{{#incident.id}}Incident: #{{incident.id}} ({{incident.severity}}) {{incident.title}}
{{/incident.id}}{{#crisis.bridge}}Crisis bridge: {{crisis.bridge}}
{{/crisis.bridge}}{{#crisis.url}}Crisis page: {{crisis.url}}
{{/crisis.url}}
{{#next_update}}Next situation update: {{next_update}}.
{{/next_update}}
Internal information: not to be passed on outside the organisation.`,
  },
  fr: {
    subject: '[Crise {{crisis.id}}] {{crisis.title}} : {{state}}',
    body: `CRISE {{crisis.id}} — {{crisis.title}}
Point de situation du {{now}}

{{#services}}Services touchés : {{services}}
{{/services}}État actuel : {{state}}
Début de l’incident : {{start_time}}
Activation de la cellule de crise : {{activated_at}}
Sites touchés : {{regions}}
Impact estimé : {{impact}}
Hypothèse de travail : {{cause}}
{{#likely_cause}}Cause probable : {{likely_cause}}
{{/likely_cause}}{{#suspects}}Changements suspects : {{suspects}}
{{/suspects}}Mesures prises : {{measures}}
{{#incident.id}}Incident : n° {{incident.id}} ({{incident.severity}}) {{incident.title}}
{{/incident.id}}{{#crisis.bridge}}Pont de crise : {{crisis.bridge}}
{{/crisis.bridge}}{{#crisis.url}}Page de la crise : {{crisis.url}}
{{/crisis.url}}
{{#next_update}}Prochain point de situation : {{next_update}}.
{{/next_update}}
Information interne : ne pas diffuser hors de l’organisation.`,
  },
};

const publicUpdate: Record<Lang, DraftSource> = {
  en: {
    subject: 'Service disruption{{#services}}: {{services}}{{/services}}',
    body: `Service disruption — information as of {{now}}

{{#services}}Services affected: {{services}}
{{/services}}Current situation: {{state}}
Start of the disruption: {{start_time}}

Our teams are mobilised to restore normal service as quickly as possible.

[[To complete before sending: what people can do in the meantime (other numbers or channels to use), or delete this paragraph.]]

{{#next_update}}Next update by {{next_update}} at the latest.
{{/next_update}}
We apologise for the inconvenience.`,
  },
  fr: {
    subject: 'Perturbation de service{{#services}} : {{services}}{{/services}}',
    body: `Perturbation de service — information du {{now}}

{{#services}}Services concernés : {{services}}
{{/services}}Situation actuelle : {{state}}
Début de la perturbation : {{start_time}}

Nos équipes sont mobilisées pour rétablir le service au plus vite.

[[À compléter avant envoi : ce que chacun peut faire en attendant (autres numéros ou canaux à utiliser), ou supprimer ce paragraphe.]]

{{#next_update}}Prochaine information au plus tard le {{next_update}}.
{{/next_update}}
Nous vous prions de nous excuser pour la gêne occasionnée.`,
  },
};

const authority: Record<Lang, DraftSource> = {
  en: {
    subject: 'Incident notification{{#services}}: {{services}}{{/services}} (crisis {{crisis.id}})',
    body: `{{#stakeholder}}To: {{stakeholder}}
{{/stakeholder}}Date: {{now}}
Our reference: crisis {{crisis.id}}{{#incident.id}}, incident {{incident.id}} ({{incident.severity}}){{/incident.id}}

Madam, Sir,

We hereby notify you of an incident affecting our services. The information below is what is known at the date above; the figures are estimates and will be confirmed in our next updates.

Start of the incident: {{start_time}}
{{#services}}Services affected: {{services}}
{{/services}}Sites and regions affected: {{regions}}
Current state: {{state}}
Estimated impact: {{impact}}
Root-cause hypothesis: {{cause}}
{{#likely_cause}}Likely cause: {{likely_cause}}
{{/likely_cause}}Measures taken: {{measures}}
Crisis cell activated: {{activated_at}}
{{#next_update}}Next update: {{next_update}}
{{/next_update}}
[[To complete before sending: name and direct contact details of the person following this notification.]]

Yours faithfully,

The crisis cell`,
  },
  fr: {
    subject: 'Notification d’incident{{#services}} : {{services}}{{/services}} (crise {{crisis.id}})',
    body: `{{#stakeholder}}À l’attention de : {{stakeholder}}
{{/stakeholder}}Date : {{now}}
Notre référence : crise {{crisis.id}}{{#incident.id}}, incident {{incident.id}} ({{incident.severity}}){{/incident.id}}

Madame, Monsieur,

Nous vous notifions un incident affectant nos services. Les informations ci-dessous sont celles connues à la date indiquée ; les chiffres sont des estimations, qui seront confirmées dans nos prochains points.

Début de l’incident : {{start_time}}
{{#services}}Services touchés : {{services}}
{{/services}}Sites et zones touchés : {{regions}}
État actuel : {{state}}
Impact estimé : {{impact}}
Hypothèse sur la cause : {{cause}}
{{#likely_cause}}Cause probable : {{likely_cause}}
{{/likely_cause}}Mesures prises : {{measures}}
Activation de la cellule de crise : {{activated_at}}
{{#next_update}}Prochain point : {{next_update}}
{{/next_update}}
[[À compléter avant envoi : nom et coordonnées directes de la personne qui suit cette notification.]]

Nous vous prions d’agréer, Madame, Monsieur, l’expression de nos salutations distinguées.

La cellule de crise`,
  },
};

const stakeholder: Record<Lang, DraftSource> = {
  en: {
    subject: 'Situation update{{#services}}: {{services}}{{/services}} — {{now}}',
    body: `{{#stakeholder}}For: {{stakeholder}}
{{/stakeholder}}Situation at {{now}}

{{#services}}Services affected: {{services}}
{{/services}}Current state: {{state}}
Start of the incident: {{start_time}}
Sites affected: {{regions}}
Estimated impact: {{impact}}
Measures taken: {{measures}}
{{#next_update}}Next update: {{next_update}}
{{/next_update}}
Our crisis cell has been active since {{activated_at}}.

[[To complete before sending: what we ask of you, if anything, and whom to call.]]

The crisis cell`,
  },
  fr: {
    subject: 'Point de situation{{#services}} : {{services}}{{/services}} — {{now}}',
    body: `{{#stakeholder}}À l’attention de : {{stakeholder}}
{{/stakeholder}}Point de situation du {{now}}

{{#services}}Services touchés : {{services}}
{{/services}}État actuel : {{state}}
Début de l’incident : {{start_time}}
Sites touchés : {{regions}}
Impact estimé : {{impact}}
Mesures prises : {{measures}}
{{#next_update}}Prochain point : {{next_update}}
{{/next_update}}
Notre cellule de crise est active depuis le {{activated_at}}.

[[À compléter avant envoi : ce que nous vous demandons, le cas échéant, et qui appeler.]]

La cellule de crise`,
  },
};

/** The built-in template sources, per audience and language. */
export const BUILT_IN_DRAFTS: Readonly<Record<Audience, Readonly<Record<Lang, DraftSource>>>> = {
  internal,
  public: publicUpdate,
  authority,
  stakeholder,
};
