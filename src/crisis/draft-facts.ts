/**
 * @module The facts a crisis draft is filled with: the value of every draft placeholder, in
 * English and in French, from the crisis, its incident and the estimated impact. Times are written
 * in the time zone of the cell or stakeholder, named: "3 June 2026, 16:45 (Europe/Paris)" /
 * "3 juin 2026 à 16 h 45 (Europe/Paris)". What an authority notice must always state (regions,
 * impact, cause, measures) reads "being assessed" rather than nothing while unknown. The suspect
 * changes noted on the incident's timeline (`likely_cause`, `suspects`) are internal: only the
 * internal and authority audiences are told, never the public nor other stakeholders. Pure.
 */
import type { Incident, Localized } from '../incidents/incident.types.js';
import { stateText } from '../services/reasons.js';
import type { Audience } from './crisis.schema.js';
import type { Crisis } from './crisis.types.js';
import type { DraftPlaceholder } from './draft-placeholders.js';
import { describeImpact, formatCount, placesDown, type IncidentImpact, type Lang, type UnitLabel } from './impact.js';
import { listNames } from './service-impact.js';

/** The values of the draft placeholders in one language; a missing or empty value counts as unset. */
export type DraftValues = Partial<Record<DraftPlaceholder, string>>;

/** The values of the draft placeholders in both languages (also stored with a draft, for the report). */
export interface DraftFacts {
  en: DraftValues;
  fr: DraftValues;
}

/** The audiences told which changes are suspected of causing the incident. */
export const SUSPECTS_TOLD_TO: ReadonlySet<Audience> = new Set<Audience>(['internal', 'authority']);

/** The time zone of drafts unless the cell or stakeholder has another. */
export const DEFAULT_TIME_ZONE = 'Europe/Paris';

const LANGS: readonly Lang[] = ['en', 'fr'];
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: Lang, timeZone: string): Intl.DateTimeFormat {
  const key = `${lang} ${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { timeZone, day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', hourCycle: 'h23' });
    } catch (error) {
      if (error instanceof RangeError) throw new Error(`unknown time zone "${timeZone}" for crisis drafts: use an IANA name such as ${DEFAULT_TIME_ZONE}`);
      throw error;
    }
    formatters.set(key, f);
  }
  return f;
}

/** "3 June 2026, 16:45 (Europe/Paris)" / "3 juin 2026 à 16 h 45 (Europe/Paris)" ("1er" for the first of a month). */
export function formatDateTime(ms: number, lang: Lang, timeZone: string = DEFAULT_TIME_ZONE): string {
  if (!Number.isFinite(ms)) throw new Error(`cannot write the time ${ms} in a crisis draft: expected epoch milliseconds`);
  const parts = Object.fromEntries(formatter(lang, timeZone).formatToParts(ms).map((p) => [p.type, p.value]));
  const hour = Number(parts['hour']) % 24;
  const minute = parts['minute']!.padStart(2, '0');
  if (lang === 'en') return `${parts['day']} ${parts['month']} ${parts['year']}, ${String(hour).padStart(2, '0')}:${minute} (${timeZone})`;
  const day = parts['day'] === '1' ? '1er' : parts['day'];
  return `${day} ${parts['month']} ${parts['year']} à ${hour} h ${minute} (${timeZone})`;
}

/** What {@link draftFacts} reads. */
export interface DraftFactsInput {
  crisis: Pick<Crisis, 'id' | 'title' | 'kind' | 'bridge' | 'activatedAt' | 'checklist'>;
  /** The crisis's primary incident, if any. */
  incident?: Pick<Incident, 'id' | 'title' | 'severity' | 'summary' | 'firstFailureAt' | 'openedAt' | 'recoveredAt' | 'resolvedAt'> | null;
  /** Its estimated impact (`estimateImpact`). */
  impact?: IncidentImpact | null;
  /** The stakeholder's name, for the authority and stakeholder audiences. */
  stakeholder?: Localized | null;
  /** The crisis page in the console. */
  crisisUrl?: string | null;
  /** The root-cause hypothesis; default the incident's summary (the common-mode sentence). */
  cause?: Localized | null;
  /** Measures taken; default the checklist items done, in order. */
  measures?: Localized | null;
  /** Who the draft is for: the suspect changes are filled in only for {@link SUSPECTS_TOLD_TO}. */
  audience?: Audience;
  /** The suspect changes noted on the incident's timeline (`notedSuspects`), most suspect first; the likely cause, when set, is the first. */
  changes?: { likelyCause: Localized | null; suspects: ReadonlyArray<{ text: Localized }> } | null;
  /** When the next update is due (the next deadline of that audience). */
  nextUpdateAt?: number | null;
  now: number;
  /** What the traffic counters count, when not calls (see `unitFor`). */
  unit?: UnitLabel;
}

const BEING_ASSESSED: Localized = { en: 'being assessed', fr: 'en cours d’évaluation' };
const UNDER_INVESTIGATION: Localized = { en: 'under investigation', fr: 'en cours d’analyse' };
const FIRST_MEASURES: Localized = { en: 'crisis cell activated; diagnosis in progress', fr: 'cellule de crise activée ; diagnostic en cours' };
const IN_PROGRESS: Localized = { en: 'disruption in progress', fr: 'perturbation en cours' };

const list = (items: readonly string[], lang: Lang) => new Intl.ListFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { type: 'conjunction' }).format(items);

function stateOf(input: DraftFactsInput, lang: Lang, time: (ms: number) => string): string {
  const restored = input.incident ? (input.incident.recoveredAt ?? input.incident.resolvedAt) : null;
  if (restored !== null) return lang === 'en' ? `service restored on ${time(restored)}` : `service rétabli le ${time(restored)}`;
  const failing = (input.impact?.services ?? []).filter((s) => s.state !== 'operational');
  if (failing.length === 1 && input.impact!.services.length === 1) return stateText(failing[0]!.state)[lang];
  if (failing.length > 0) return failing.map((s) => `${s.name[lang]}${lang === 'en' ? ':' : ' :'} ${stateText(s.state)[lang]}`).join(lang === 'en' ? '; ' : ' ; ');
  return IN_PROGRESS[lang];
}

function measuresOf(input: DraftFactsInput): Localized {
  if (input.measures) return input.measures;
  const done = input.crisis.checklist.filter((item) => item.doneAt !== null);
  if (done.length === 0) return FIRST_MEASURES;
  return { en: done.map((d) => d.text.en).join('; '), fr: done.map((d) => d.text.fr).join(' ; ') };
}

/** The values of every draft placeholder, in both languages, with times in `timeZone` (default Europe/Paris). */
export function draftFacts(input: DraftFactsInput, opts: { timeZone?: string } = {}): DraftFacts {
  const timeZone = opts.timeZone ?? DEFAULT_TIME_ZONE;
  const { crisis, incident, impact } = input;
  const start = incident ? (incident.firstFailureAt ?? incident.openedAt) : crisis.activatedAt;
  const measures = measuresOf(input);
  const cause = input.cause ?? incident?.summary ?? UNDER_INVESTIGATION;
  const places = impact ? placesDown(impact.services) : [];
  const changes = input.audience !== undefined && SUSPECTS_TOLD_TO.has(input.audience) ? input.changes : null;
  // The ranking names a likely cause only when it is the top suspect.
  const likely = changes?.likelyCause ? changes.suspects[0]?.text : undefined;
  const facts = {} as DraftFacts;
  for (const lang of LANGS) {
    const time = (ms: number) => formatDateTime(ms, lang, timeZone);
    const described = impact ? describeImpact(impact, lang, input.unit ? { unit: input.unit } : {}) : '';
    const values: DraftValues = {
      'crisis.id': String(crisis.id),
      'crisis.title': crisis.title[lang],
      'crisis.kind': crisis.kind,
      'crisis.bridge': crisis.bridge ?? undefined,
      'crisis.url': input.crisisUrl ?? undefined,
      'incident.id': incident ? String(incident.id) : undefined,
      'incident.title': incident?.title[lang],
      'incident.severity': incident?.severity,
      stakeholder: input.stakeholder?.[lang],
      start_time: time(start),
      activated_at: time(crisis.activatedAt),
      services: impact && impact.services.length > 0 ? list(impact.services.map((s) => s.name[lang]), lang) : undefined,
      regions: places.length > 0 ? listNames(places.map((p) => p[lang])) : BEING_ASSESSED[lang],
      state: stateOf(input, lang, time),
      impact: described || BEING_ASSESSED[lang],
      calls_lost: impact?.total ? formatCount(impact.total.lost, lang) : undefined,
      cause: cause[lang],
      likely_cause: likely?.[lang],
      suspects: changes?.suspects.map((s) => s.text[lang]).join(lang === 'en' ? '; ' : ' ; '),
      measures: measures[lang],
      next_update: input.nextUpdateAt != null ? time(input.nextUpdateAt) : undefined,
      now: time(input.now),
    };
    facts[lang] = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== '')) as DraftValues;
  }
  return facts;
}
