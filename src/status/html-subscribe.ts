/**
 * @module The subscribe section of the status page: a plain form (no script) posting to
 * `<basePath>/subscribe` with `email`, `language` and one `components[]` checkbox per component
 * (all ticked), every field labelled; and a line about webhook subscribers when the page takes them.
 * A static export cannot take a form: it links to the live page's form when it knows its address
 * ({@link SubscribeOffer.liveUrl}), and has no subscribe section otherwise.
 */
import { escapeHtml } from '../core/html.js';
import { pick } from './html-incidents.js';
import { resourceHref, type LinkState } from './html-links.js';
import { HTML_TEXTS, type StatusLang } from './html-texts.js';
import type { ComponentSnapshot } from './status.types.js';

/** Which subscriptions the page offers. */
export interface SubscribeOffer {
  email: boolean;
  webhooks: boolean;
  /** In a static export: the live page's subscribe form (an absolute URL), linked instead of the form. */
  liveUrl?: string | undefined;
}

function languageField(lang: StatusLang, languages: readonly StatusLang[]): string {
  if (languages.length < 2) return `<input type="hidden" name="language" value="${languages[0] ?? lang}">`;
  const t = HTML_TEXTS[lang];
  const options = languages.map((l) => `<option value="${l}" lang="${l}"${l === lang ? ' selected' : ''}>${escapeHtml(HTML_TEXTS[l].langName)}</option>`);
  return `<label for="sub-language">${escapeHtml(t.language)}</label><select id="sub-language" name="language">${options.join('')}</select>`;
}

function componentsField(components: readonly ComponentSnapshot[], lang: StatusLang): string {
  if (components.length === 0) return '';
  const t = HTML_TEXTS[lang];
  const boxes = [...components]
    .sort((a, b) => a.position - b.position)
    .map((c, i) => `<label><input type="checkbox" name="components[]" value="${escapeHtml(c.id)}" id="sub-c-${i}" checked>${escapeHtml(pick(c.name, lang))}</label>`);
  return `<fieldset><legend>${escapeHtml(t.componentsLegend)}</legend>${boxes.join('')}</fieldset>`;
}

/** The e-mail part: the form, or in a static export a link to the live page's form. */
function emailPart(components: readonly ComponentSnapshot[], offer: SubscribeOffer, lang: StatusLang, languages: readonly StatusLang[], links: LinkState): string {
  if (!offer.email) return '';
  const t = HTML_TEXTS[lang];
  const intro = `<p>${escapeHtml(t.subscribeIntro)}</p>`;
  if (links.static) return `${intro}<p><a href="${escapeHtml(offer.liveUrl ?? '')}">${escapeHtml(t.subscribeButton)}</a></p>`;
  return `${intro}<form class="sub" method="post" action="${escapeHtml(resourceHref(links, 'subscribe'))}"><label for="sub-email">${escapeHtml(t.email)}</label><input type="email" id="sub-email" name="email" required maxlength="254" autocomplete="email" inputmode="email">${languageField(lang, languages)}${componentsField(components, lang)}<button type="submit">${escapeHtml(t.subscribeButton)}</button></form>`;
}

/** The section, or '' when the page offers no subscription (or is a static export without the live page's address). */
export function subscribeSection(components: readonly ComponentSnapshot[], offer: SubscribeOffer | undefined, lang: StatusLang, languages: readonly StatusLang[], links: LinkState): string {
  if (!offer || (!offer.email && !offer.webhooks)) return '';
  if (links.static && offer.liveUrl === undefined) return '';
  const t = HTML_TEXTS[lang];
  const webhooks = offer.webhooks ? `<p class="small">${escapeHtml(t.webhooks)}</p>` : '';
  return `<section aria-labelledby="subscribe"><h2 id="subscribe">${escapeHtml(t.subscribe)}</h2>${emailPart(components, offer, lang, languages, links)}${webhooks}</section>`;
}
