/**
 * @module The words of subscriber messages, in French and English: the confirmation request, the
 * "already subscribed" reminder, and the news of an incident (opened, a public update, resolved),
 * with the JSON a webhook subscriber receives for the same news. Public facts only: the page's
 * component names, the public title and the public updates, times in the page's time zone —
 * never a monitor, a host or an error text. Pure.
 */
import { formatTime } from '../crisis/crisis-messages.js';
import type { Localized } from '../incidents/incident.types.js';
import type { PublicIncidentStatus } from './status.types.js';

type Lang = 'en' | 'fr';

/** The texts of one message. */
export interface MessageParts {
  title: string;
  subject: string;
  short: string;
  full: string;
}

/** The page as messages name it. */
export interface PageFacts {
  id: string;
  title: Localized;
  /** The page's address (no trailing slash). */
  url: string;
  timeZone: string;
}

/** One piece of news about an incident, as the page's public sees it. */
export interface IncidentNews {
  kind: 'opened' | 'update' | 'resolved';
  incidentId: number;
  /** Public title: the components and their state. */
  title: Localized;
  /** The page's components it touches. */
  components: ReadonlyArray<{ id: string; name: Localized }>;
  status: PublicIncidentStatus;
  startedAt: number;
  resolvedAt: number | null;
  /** The public update this news is (kind `update`), or the latest one. */
  update: { id: number; at: number; text: Localized } | null;
  /** Where the incident is shown. */
  url: string;
}

const STATUS_WORDS: Record<PublicIncidentStatus, Localized> = {
  investigating: { en: 'under investigation', fr: 'en cours d’analyse' },
  identified: { en: 'cause identified, being fixed', fr: 'cause identifiée, correction en cours' },
  monitoring: { en: 'fix applied, being monitored', fr: 'correctif appliqué, sous surveillance' },
  resolved: { en: 'resolved', fr: 'résolu' },
};

const colon = (lang: Lang) => (lang === 'fr' ? ' : ' : ': ');
const quoted = (text: string, lang: Lang) => (lang === 'fr' ? `« ${text} »` : `“${text}”`);

/** "(all components)" or the names the subscriber follows. */
function following(names: readonly string[], lang: Lang): string {
  if (names.length === 0) return lang === 'fr' ? 'tous les composants' : 'all components';
  return names.join(', ');
}

/** The footer every subscriber mail ends with: why it came and how to stop it. */
function footer(page: PageFacts, lang: Lang, followed: readonly string[], unsubscribeUrl: string): string[] {
  return [
    '—',
    lang === 'fr'
      ? `Vous recevez ce message car vous êtes abonné à ${quoted(page.title.fr, lang)} (${following(followed, lang)}).`
      : `You receive this message because you subscribed to ${quoted(page.title.en, lang)} (${following(followed, lang)}).`,
    `${lang === 'fr' ? 'Se désabonner' : 'Unsubscribe'}${colon(lang)}${unsubscribeUrl}`,
  ];
}

/** The mail asking to confirm a subscription (double opt-in). */
export function confirmationMail(page: PageFacts, lang: Lang, confirmUrl: string, expiresAt: number, followed: readonly string[]): MessageParts {
  const title = lang === 'fr' ? 'Confirmez votre abonnement' : 'Confirm your subscription';
  const until = formatTime(expiresAt, lang, page.timeZone);
  const full = (
    lang === 'fr'
      ? [
          title,
          '',
          `Quelqu’un, sans doute vous, a demandé à recevoir par e-mail les incidents de ${quoted(page.title.fr, lang)} (${following(followed, lang)}) à cette adresse.`,
          `Pour confirmer, ouvrez ce lien avant le ${until} et cliquez sur « Confirmer » :`,
          confirmUrl,
          '',
          'Si vous n’avez rien demandé, ignorez ce message : vous ne recevrez rien d’autre.',
        ]
      : [
          title,
          '',
          `Someone, probably you, asked to receive the incidents of ${quoted(page.title.en, lang)} (${following(followed, lang)}) by e-mail at this address.`,
          `To confirm, open this link before ${until} and click “Confirm”:`,
          confirmUrl,
          '',
          'If you did not ask for it, ignore this message: nothing else will be sent.',
        ]
  ).join('\n');
  return { title, subject: `[${page.title[lang]}] ${title}`, short: `${title}${colon(lang)}${confirmUrl}`, full };
}

/** The mail sent when an address already subscribed asks again: nothing changed, here is how to leave. */
export function alreadySubscribedMail(page: PageFacts, lang: Lang, unsubscribeUrl: string, followed: readonly string[]): MessageParts {
  const title = lang === 'fr' ? 'Vous êtes déjà abonné' : 'You are already subscribed';
  const full = [
    title,
    '',
    lang === 'fr'
      ? `Un abonnement a été demandé pour cette adresse, qui reçoit déjà les incidents de ${quoted(page.title.fr, lang)}. Rien n’a changé.`
      : `A subscription was asked for this address, which already receives the incidents of ${quoted(page.title.en, lang)}. Nothing changed.`,
    page.url,
    '',
    ...footer(page, lang, followed, unsubscribeUrl),
  ].join('\n');
  return { title, subject: `[${page.title[lang]}] ${title}`, short: title, full };
}

/** The mail (or chat text) of one piece of incident news. */
export function newsMail(news: IncidentNews, page: PageFacts, lang: Lang, unsubscribeUrl: string, followed: readonly string[]): MessageParts {
  const fr = lang === 'fr';
  const c = colon(lang);
  const head = { opened: '', update: fr ? 'Mise à jour' : 'Update', resolved: fr ? 'Résolu' : 'Resolved' }[news.kind];
  const title = head ? `${head} — ${news.title[lang]}` : news.title[lang];
  const names = news.components.map((x) => x.name[lang]).join(', ');
  const time = (at: number) => formatTime(at, lang, page.timeZone);
  const update = news.update ? [`${fr ? 'Mise à jour du' : 'Update of'} ${time(news.update.at)}${c.trimEnd()}`, news.update.text[lang], ''] : [];
  const lines = [
    title,
    '',
    `${fr ? 'Composants touchés' : 'Affected components'}${c}${names}.`,
    `${fr ? 'Début' : 'Started'}${c}${time(news.startedAt)}.`,
    ...(news.resolvedAt !== null ? [`${fr ? 'Résolu' : 'Resolved'}${c}${time(news.resolvedAt)}.`] : []),
    `${fr ? 'Statut' : 'Status'}${c}${STATUS_WORDS[news.status][lang]}.`,
    '',
    ...update,
    `${fr ? 'Suivre l’incident' : 'Follow the incident'}${c}${news.url}`,
    '',
    ...footer(page, lang, followed, unsubscribeUrl),
  ];
  const short = news.kind === 'update' && news.update ? `${title} — ${news.update.text[lang]}` : `${title} (${STATUS_WORDS[news.status][lang]})`;
  return { title, subject: `[${page.title[lang]}] ${title}`, short, full: lines.join('\n') };
}

/** The body version of webhook news; bumped only on breaking changes. */
export const STATUS_WEBHOOK_VERSION = 1;

/** The JSON a webhook subscriber receives for one piece of news (both languages). */
export function newsPayload(news: IncidentNews, page: PageFacts, unsubscribeUrl: string): Record<string, unknown> {
  const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());
  return {
    version: STATUS_WEBHOOK_VERSION,
    event: { opened: 'incident.opened', update: 'incident.updated', resolved: 'incident.resolved' }[news.kind],
    page: { id: page.id, title: page.title, url: page.url },
    incident: {
      id: news.incidentId,
      title: news.title,
      status: news.status,
      started_at: iso(news.startedAt),
      resolved_at: iso(news.resolvedAt),
      url: news.url,
      components: news.components.map((x) => ({ id: x.id, name: x.name })),
    },
    update: news.update ? { id: news.update.id, at: iso(news.update.at), text: news.update.text } : null,
    unsubscribe_url: unsubscribeUrl,
  };
}
