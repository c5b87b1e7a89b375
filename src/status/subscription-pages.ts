/**
 * @module The pages of subscriptions, in French and English, in the status page's frame
 * (`renderMessagePage`): the subscribe form, "check your mailbox", the confirm and unsubscribe
 * buttons (forms that POST, so mail scanners that open links change nothing), their results, and
 * every refusal (a field that is wrong, named; too many requests; a link forged, replaced or
 * expired). No script. Pure.
 */
import { escapeHtml } from '../core/html.js';
import type { LaidOutComponent } from './page-layout.js';
import { renderMessagePage } from './render-html.js';
import type { StatusPageDefinition } from './status.schema.js';

type Lang = 'en' | 'fr';

/** Where the page is and in which language it is written. */
export interface PageFrame {
  page: StatusPageDefinition;
  lang: Lang;
  /** `/status/<id>`, or `''` at a host's root. */
  basePath: string;
  /** A private page's token, kept in links and forms. */
  token?: string | undefined;
}

/** What a result page says: a title, paragraphs, a tone, extra HTML (a form). */
export interface PageMessage {
  title: string;
  message: string[];
  status: 'info' | 'success' | 'error';
  html?: string;
}

const W = {
  en: {
    subscribe: 'Subscribe to updates',
    intro: 'Get an e-mail when an incident starts, is updated or is resolved. We send a confirmation link first; every message has a one-click unsubscribe link.',
    email: 'E-mail address',
    language: 'Language',
    components: 'Components',
    subscribeButton: 'Subscribe',
    langNames: { en: 'English', fr: 'Français' },
    refused: 'Subscription not possible',
    backToForm: 'Back to the form',
    noEmail: 'This status page does not take e-mail subscriptions.',
    noWebhook: 'This status page does not take webhook subscriptions.',
    tooMany: 'Too many requests',
    tooManyIp: (m: number) => `Too many subscription requests came from your network. Try again in ${m} min.`,
    tooManyAddress: (h: number) => `Enough confirmation mails were sent to this address today: use the link in the latest one, or try again in ${h} h.`,
    mailSent: 'Check your mailbox',
    mailSentText: (a: string) => `If ${a} can receive mail, a message with a confirmation link is on its way. The link works for 48 hours; nothing else is sent until you confirm.`,
    confirm: 'Confirm your subscription',
    confirmText: (title: string, a: string, f: string) => `Receive the incidents of “${title}” at ${a} (${f}).`,
    confirmButton: 'Confirm',
    confirmed: 'Subscription confirmed',
    confirmedText: 'You will receive an e-mail when an incident starts, is updated or is resolved. Each one has a link to unsubscribe.',
    alreadyConfirmed: 'Already confirmed',
    alreadyConfirmedText: 'This subscription was already confirmed: nothing changed.',
    cancelled: 'Subscription cancelled',
    cancelledText: 'This subscription was cancelled. To receive updates again, subscribe from the status page.',
    invalid: 'Link not valid',
    invalidText: 'This link is not valid. It may be cut (copy it whole), or replaced by a newer one: use the link in the latest mail.',
    expired: 'Link expired',
    expiredText: 'This confirmation link has expired. Subscribe again to get a new one.',
    stale: 'Link no longer valid',
    staleText: 'This link is no longer valid: the subscription changed since it was sent. Use the link in the latest mail.',
    unsubscribe: 'Unsubscribe',
    unsubscribeText: (title: string, a: string) => `Stop receiving the incidents of “${title}” at ${a}?`,
    unsubscribeButton: 'Unsubscribe',
    unsubscribed: 'Unsubscribed',
    unsubscribedText: (title: string) => `You will receive no more messages from “${title}”.`,
    alreadyUnsubscribed: 'Already unsubscribed',
    alreadyUnsubscribedText: 'This subscription was already cancelled: nothing is sent to it.',
    webhook: 'Webhook subscribed',
    webhookText: 'Keep this signing secret now: it is shown only once. Each request carries Vigie-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>"> under it.',
    webhookExists: 'This webhook is already subscribed. To subscribe it again, unsubscribe first with the link in its messages.',
    notFound: 'Page not found',
    notFoundText: 'There is no status page here.',
    private: 'Access link needed',
    privateText: 'This status page is private: open it with its access link to subscribe.',
    unavailable: 'Temporarily unavailable',
    unavailableText: 'Subscriptions are unavailable for a moment. Try again in a few minutes.',
    badRequest: 'Request not readable',
    all: 'all components',
  },
  fr: {
    subscribe: 'S’abonner aux mises à jour',
    intro: 'Recevez un e-mail quand un incident commence, évolue ou se termine. Nous envoyons d’abord un lien de confirmation ; chaque message contient un lien de désabonnement en un clic.',
    email: 'Adresse e-mail',
    language: 'Langue',
    components: 'Composants',
    subscribeButton: 'S’abonner',
    langNames: { en: 'English', fr: 'Français' },
    refused: 'Abonnement impossible',
    backToForm: 'Retour au formulaire',
    noEmail: 'Cette page d’état ne propose pas d’abonnement par e-mail.',
    noWebhook: 'Cette page d’état ne propose pas d’abonnement par webhook.',
    tooMany: 'Trop de demandes',
    tooManyIp: (m: number) => `Trop de demandes d’abonnement sont venues de votre réseau. Réessayez dans ${m} min.`,
    tooManyAddress: (h: number) => `Assez d’e-mails de confirmation ont été envoyés à cette adresse aujourd’hui : utilisez le lien du plus récent, ou réessayez dans ${h} h.`,
    mailSent: 'Consultez votre boîte mail',
    mailSentText: (a: string) => `Si ${a} peut recevoir du courrier, un message avec un lien de confirmation est en route. Le lien est valable 48 heures ; rien d’autre n’est envoyé avant votre confirmation.`,
    confirm: 'Confirmez votre abonnement',
    confirmText: (title: string, a: string, f: string) => `Recevoir les incidents de « ${title} » à ${a} (${f}).`,
    confirmButton: 'Confirmer',
    confirmed: 'Abonnement confirmé',
    confirmedText: 'Vous recevrez un e-mail quand un incident commence, évolue ou se termine. Chacun contient un lien de désabonnement.',
    alreadyConfirmed: 'Déjà confirmé',
    alreadyConfirmedText: 'Cet abonnement était déjà confirmé : rien n’a changé.',
    cancelled: 'Abonnement résilié',
    cancelledText: 'Cet abonnement a été résilié. Pour recevoir à nouveau les mises à jour, abonnez-vous depuis la page d’état.',
    invalid: 'Lien non valide',
    invalidText: 'Ce lien n’est pas valide. Il est peut-être coupé (copiez-le en entier) ou remplacé par un plus récent : utilisez le lien du dernier e-mail.',
    expired: 'Lien expiré',
    expiredText: 'Ce lien de confirmation a expiré. Abonnez-vous à nouveau pour en recevoir un autre.',
    stale: 'Lien plus valable',
    staleText: 'Ce lien n’est plus valable : l’abonnement a changé depuis son envoi. Utilisez le lien du dernier e-mail.',
    unsubscribe: 'Se désabonner',
    unsubscribeText: (title: string, a: string) => `Ne plus recevoir les incidents de « ${title} » à ${a} ?`,
    unsubscribeButton: 'Se désabonner',
    unsubscribed: 'Désabonné',
    unsubscribedText: (title: string) => `Vous ne recevrez plus de message de « ${title} ».`,
    alreadyUnsubscribed: 'Déjà désabonné',
    alreadyUnsubscribedText: 'Cet abonnement était déjà résilié : rien ne lui est envoyé.',
    webhook: 'Webhook abonné',
    webhookText: 'Conservez dès maintenant ce secret de signature : il n’est montré qu’une fois. Chaque requête porte Vigie-Signature: t=<secondes unix>,v1=<HMAC-SHA256 hexadécimal de "<t>.<corps>"> calculé avec lui.',
    webhookExists: 'Ce webhook est déjà abonné. Pour l’abonner à nouveau, désabonnez-le d’abord avec le lien de ses messages.',
    notFound: 'Page introuvable',
    notFoundText: 'Il n’y a pas de page d’état ici.',
    private: 'Lien d’accès nécessaire',
    privateText: 'Cette page d’état est privée : ouvrez-la avec son lien d’accès pour vous abonner.',
    unavailable: 'Momentanément indisponible',
    unavailableText: 'Les abonnements sont indisponibles pour un moment. Réessayez dans quelques minutes.',
    badRequest: 'Demande illisible',
    all: 'tous les composants',
  },
} as const;

/** The words of these pages in `lang`. */
export function pageWords(lang: Lang) {
  return W[lang];
}

/** A result page in the status page's frame. */
export function messagePage(frame: PageFrame, m: PageMessage): string {
  return renderMessagePage({
    lang: frame.lang,
    title: m.title,
    message: m.message,
    basePath: frame.basePath,
    status: m.status,
    pageTitle: frame.page.title[frame.lang],
    logo: frame.page.logo ?? null,
    token: frame.token,
    ...(m.html ? { html: m.html } : {}),
  });
}

/** A page for a visitor with no page to show (no page here, or a private one without its token). */
export function barePage(lang: Lang, basePath: string, title: string, message: string): string {
  return renderMessagePage({ lang, title, message, basePath, status: 'error', backLink: false });
}

/** `path` under the page, with the private token when there is one. */
function href(frame: PageFrame, path: string): string {
  return `${frame.basePath}/${path}${frame.token ? `?token=${encodeURIComponent(frame.token)}` : ''}`;
}

/** The subscribe form: address, language (when the page has two), components (all ticked). */
export function subscribeForm(frame: PageFrame, components: readonly LaidOutComponent[]): string {
  const w = W[frame.lang];
  const languages = frame.page.languages;
  const language =
    languages.length < 2
      ? `<input type="hidden" name="language" value="${languages[0]}">`
      : `<label for="sub-language">${escapeHtml(w.language)}</label><select id="sub-language" name="language">${languages.map((l) => `<option value="${l}" lang="${l}"${l === frame.lang ? ' selected' : ''}>${escapeHtml(w.langNames[l])}</option>`).join('')}</select>`;
  const boxes = components.map((c, i) => `<label><input type="checkbox" name="components[]" value="${escapeHtml(c.id)}" id="sub-c-${i}" checked> ${escapeHtml(c.name[frame.lang])}</label>`);
  const fieldset = boxes.length > 1 ? `<fieldset><legend>${escapeHtml(w.components)}</legend>${boxes.join('')}</fieldset>` : '';
  return `<form class="sub" method="post" action="${escapeHtml(href(frame, 'subscribe'))}"><label for="sub-email">${escapeHtml(w.email)}</label><input type="email" id="sub-email" name="email" required maxlength="254" autocomplete="email" inputmode="email">${language}${fieldset}<button type="submit">${escapeHtml(w.subscribeButton)}</button></form>`;
}

/** A form with one button that POSTs to `action` (the page's own address). */
export function buttonForm(action: string, label: string): string {
  return `<form method="post" action="${escapeHtml(action)}"><button type="submit">${escapeHtml(label)}</button></form>`;
}

/** A link back to the subscribe form. */
export function backToForm(frame: PageFrame): string {
  return `<p><a href="${escapeHtml(href(frame, 'subscribe'))}">${escapeHtml(W[frame.lang].backToForm)}</a></p>`;
}

/** The names a subscriber follows, or "all components". */
export function followedText(names: readonly string[], lang: Lang): string {
  return names.length === 0 ? W[lang].all : names.join(', ');
}

/** The webhook secret shown once, with how to check a signature. */
export function secretBlock(secret: string, unsubscribeUrl: string, lang: Lang): string {
  const w = W[lang];
  return `<p><code>${escapeHtml(secret)}</code></p><p>${escapeHtml(w.unsubscribe)}${lang === 'fr' ? ' : ' : ': '}<a href="${escapeHtml(unsubscribeUrl)}">${escapeHtml(unsubscribeUrl)}</a></p>`;
}
