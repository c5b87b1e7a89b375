/**
 * @module Crisis drafts in French and English with the facts filled in: the built-in texts of each
 * audience (internal, public, authority, stakeholder), replaced part by part by the templates of
 * the config (`crisis.templates[audience]`) and of a stakeholder (`templates`). Pure.
 */
import { compileTemplate, renderTemplate, type Template } from '../notifications/template.js';
import type { Audience, DraftTemplates } from './crisis.schema.js';
import type { DraftText } from './crisis.types.js';
import { DRAFT_PLACEHOLDERS } from './draft-placeholders.js';
import { BUILT_IN_DRAFTS } from './draft-templates.js';
import type { DraftFacts } from './draft-facts.js';
import type { Lang } from './impact.js';

export { BUILT_IN_DRAFTS, type DraftSource } from './draft-templates.js';
export { DEFAULT_TIME_ZONE, draftFacts, formatDateTime, type DraftFacts, type DraftFactsInput, type DraftValues } from './draft-facts.js';

const LANGS: readonly Lang[] = ['en', 'fr'];

type Compiled = Record<Audience, Record<Lang, { subject: Template; body: Template }>>;

/** The built-in templates, compiled once. */
const BUILT_IN: Compiled = Object.fromEntries(
  Object.entries(BUILT_IN_DRAFTS).map(([audience, langs]) => [
    audience,
    Object.fromEntries(LANGS.map((lang) => [lang, { subject: compileTemplate(langs[lang].subject, DRAFT_PLACEHOLDERS), body: compileTemplate(langs[lang].body, DRAFT_PLACEHOLDERS) }])),
  ]),
) as Compiled;

/** A draft's texts in both languages. */
export interface DraftTexts {
  en: DraftText;
  fr: DraftText;
}

/** A subject on one line; a body without runs of blank lines (left by empty sections) nor blank ends. */
const tidySubject = (text: string) => text.replace(/\s+/g, ' ').trim();
const tidyBody = (text: string) => text.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();

/**
 * The draft of `audience` filled with `facts`. `overrides` replace the built-in subject or body of
 * the languages they define, a later one winning over an earlier one: pass `[config.crisis.templates[audience],
 * stakeholder.templates]` so that a stakeholder's own template wins over the cell's.
 */
export function renderDraft(audience: Audience, facts: DraftFacts, overrides?: DraftTemplates | readonly (DraftTemplates | undefined)[]): DraftTexts {
  const built = BUILT_IN[audience];
  if (!built) throw new Error(`unknown draft audience "${String(audience)}": use one of internal, public, authority, stakeholder`);
  const layers = overrides === undefined ? [] : Array.isArray(overrides) ? (overrides as readonly (DraftTemplates | undefined)[]) : [overrides as DraftTemplates];
  const texts = {} as DraftTexts;
  for (const lang of LANGS) {
    let { subject, body } = built[lang];
    for (const layer of layers) {
      subject = layer?.[lang]?.subject ?? subject;
      body = layer?.[lang]?.body ?? body;
    }
    texts[lang] = { subject: tidySubject(renderTemplate(subject, facts[lang])), body: tidyBody(renderTemplate(body, facts[lang])) };
  }
  return texts;
}

/** A part a person must complete before sending: `[[…]]`. */
const TODO = /\[\[([^\]]*)\]\]/g;

/** The `[[…]]` parts still to complete in a draft, in both languages (empty when it is ready to send). */
export function draftTodos(texts: DraftTexts): string[] {
  return LANGS.flatMap((lang) => [...`${texts[lang].subject}\n${texts[lang].body}`.matchAll(TODO)].map((m) => `${lang}: ${m[1]!.trim()}`));
}
