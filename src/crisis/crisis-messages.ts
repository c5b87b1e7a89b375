/**
 * @module The words of crisis messages, in French and English: the activation page each member
 * gets (their roles, the bridge, the checklist, the deadlines), the post in the crisis channel,
 * deadline reminders, the overdue alert to the crisis lead and the deactivation notice. Pure.
 */
import type { Language } from '../notifiers/types.js';
import type { CrisisMessageText } from '../storage/notification-rows.js';
import type { CrisisRole } from './crisis.schema.js';
import type { Crisis, Deadline } from './crisis.types.js';

export const ROLE_NAMES: Record<CrisisRole, Record<Language, string>> = {
  crisis_lead: { en: 'crisis lead', fr: 'directeur de crise' },
  communication_lead: { en: 'communication lead', fr: 'responsable communication' },
  technical_lead: { en: 'technical lead', fr: 'responsable technique' },
  scribe: { en: 'scribe', fr: 'secrétaire de crise' },
  authority_liaison: { en: 'liaison with authorities', fr: 'liaison avec les autorités' },
};

/** "3 June 2026, 16:45 UTC" in the language, in `timeZone`. */
export function formatTime(at: number, lang: Language, timeZone = 'UTC'): string {
  const text = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone }).format(at);
  return `${text} (${timeZone})`;
}

/** "in 14 min", "2 h 05 min ago". */
function relative(ms: number, lang: Language): string {
  const m = Math.round(Math.abs(ms) / 60_000);
  const span = m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
  if (ms >= 0) return lang === 'fr' ? `dans ${span}` : `in ${span}`;
  return lang === 'fr' ? `il y a ${span}` : `${span} ago`;
}

interface Context {
  crisis: Crisis;
  cellName: string;
  url: string;
  names: (personId: string) => string;
  timeZone?: string;
}

function base(c: Context, lang: Language): Pick<CrisisMessageText, 'key' | 'title' | 'severity' | 'url'> {
  return { key: `vigie-crisis-${c.crisis.id}`, title: c.crisis.title[lang], severity: 'SEV1', url: c.url };
}

function rolesList(c: Context, lang: Language): string[] {
  return Object.entries(c.crisis.roles).map(([role, persons]) => `- ${ROLE_NAMES[role as CrisisRole][lang]}: ${persons!.map(c.names).join(', ') || '—'}`);
}

/** The activation page of one member (`roles` they hold), or the crisis channel post (`roles` empty). */
export function activationMessage(c: Context, deadlines: readonly Deadline[], roles: readonly CrisisRole[], lang: Language, now: number): CrisisMessageText {
  const fr = lang === 'fr';
  const again = c.crisis.activations > 1;
  const head = fr ? (again ? 'CRISE RÉACTIVÉE' : 'CRISE ACTIVÉE') : again ? 'CRISIS RE-ACTIVATED' : 'CRISIS ACTIVATED';
  const yourRoles = roles.map((r) => ROLE_NAMES[r][lang]).join(', ');
  const bridge = c.crisis.bridge ? `${fr ? 'Pont' : 'Bridge'}: ${c.crisis.bridge}` : '';
  const short = [`${head} ${c.cellName}: ${c.crisis.title[lang]}.`, yourRoles ? `${fr ? 'Votre rôle' : 'Your role'}: ${yourRoles}.` : '', bridge].filter(Boolean).join(' ');
  const lines = [
    `${head} — ${c.cellName}`,
    '',
    c.crisis.title[lang],
    `${fr ? 'Motif' : 'Reason'}: ${c.crisis.reason[lang]}`,
    ...(yourRoles ? [`${fr ? 'Votre rôle' : 'Your role'}: ${yourRoles}`] : []),
    ...(bridge ? [bridge] : []),
    '',
    fr ? 'Cellule :' : 'Cell:',
    ...rolesList(c, lang),
    '',
    ...(deadlines.length > 0 ? [fr ? 'Échéances :' : 'Deadlines:', ...deadlines.map((d) => `- ${d.title[lang]} — ${formatTime(d.dueAt, lang, c.timeZone)} (${relative(d.dueAt - now, lang)})`), ''] : []),
    ...(c.crisis.checklist.length > 0 ? [fr ? 'Liste de contrôle :' : 'Checklist:', ...c.crisis.checklist.map((i) => `- [${i.doneAt ? 'x' : ' '}] ${i.text[lang]}`), ''] : []),
    `${fr ? 'Détails' : 'Details'}: ${c.url}`,
  ];
  return { ...base(c, lang), subject: `[Vigie] ${head}: ${c.crisis.title[lang]}`, short, full: lines.join('\n') };
}

/** A reminder to the owner of a deadline; `last` when it is due now. */
export function reminderMessage(c: Context, d: Deadline, lang: Language, now: number): CrisisMessageText {
  const fr = lang === 'fr';
  const when = now >= d.dueAt ? (fr ? 'à échéance maintenant' : 'due now') : `${fr ? 'échéance' : 'due'} ${relative(d.dueAt - now, lang)}`;
  const line = `${fr ? 'Rappel' : 'Reminder'}: ${d.title[lang]} — ${when} (${formatTime(d.dueAt, lang, c.timeZone)}).`;
  return { ...base(c, lang), subject: `[Vigie] ${line}`, short: `${line} ${c.crisis.title[lang]}`, full: [line, '', c.crisis.title[lang], `${fr ? 'Détails' : 'Details'}: ${c.url}`].join('\n') };
}

/** The alert to the crisis lead when a deadline passed unmet. */
export function overdueMessage(c: Context, d: Deadline, owner: string, lang: Language, now: number): CrisisMessageText {
  const fr = lang === 'fr';
  const line = fr
    ? `EN RETARD : ${d.title[lang]} — échéance ${formatTime(d.dueAt, lang, c.timeZone)} dépassée (${relative(d.dueAt - now, lang)}), responsable : ${owner}.`
    : `OVERDUE: ${d.title[lang]} — was due ${formatTime(d.dueAt, lang, c.timeZone)} (${relative(d.dueAt - now, lang)}), owner: ${owner}.`;
  return { ...base(c, lang), subject: `[Vigie] ${line}`, short: line, full: [line, '', c.crisis.title[lang], `${fr ? 'Détails' : 'Details'}: ${c.url}`].join('\n') };
}

/** The notice that the crisis is over. */
export function deactivationMessage(c: Context, lang: Language): CrisisMessageText {
  const fr = lang === 'fr';
  const head = fr ? `Crise désactivée — ${c.cellName}` : `Crisis deactivated — ${c.cellName}`;
  const summary = c.crisis.summary?.[lang] ?? '';
  return { ...base(c, lang), subject: `[Vigie] ${head}: ${c.crisis.title[lang]}`, short: `${head}: ${summary}`.slice(0, 300), full: [head, '', c.crisis.title[lang], '', summary, '', `${fr ? 'Détails' : 'Details'}: ${c.url}`].join('\n') };
}

/** A communication sent through a channel (internal notice, authority notice): the draft's text. */
export function communicationMessage(c: Pick<Context, 'crisis' | 'url'>, text: { subject: string; body: string }, lang: Language): CrisisMessageText {
  return { key: `vigie-crisis-${c.crisis.id}`, title: c.crisis.title[lang], severity: 'SEV1', subject: text.subject, short: `${text.subject}`.slice(0, 300), full: text.body };
}
