/**
 * @module Shields-style SVG badges of a status page: one per component ("Website | operational")
 * and one for the whole page ("Example status | All Systems Operational"), in the requested
 * language, `flat` (rounded, with shields' light gradient) or `flat-square`. Text widths come from
 * a per-character table of the 11px badge font (`badge-widths.ts`), as shields measures them.
 *
 * Accessible: `role="img"`, an `aria-label` and a `<title>` with the whole text; every colour pair
 * has a contrast ratio of at least 4.5:1 (WCAG 2.1 AA for small text) under the gradient too, which
 * is why degraded performance and partial outage are dark text on yellow and orange where shields
 * writes white. Texts are XML-escaped; gradient and clip ids are derived from the text so several
 * badges can be inlined in one page.
 */
import type { Localized } from '../incidents/incident.types.js';
import type { ComponentSnapshot, ComponentState, Indicator, PageSnapshot } from './status.types.js';
import { textWidth } from './badge-widths.js';
import { HTML_TEXTS } from './html-texts.js';
import { escapeXml, xmlSafe } from './xml-text.js';
import { statusDescription, statuspageId } from './statuspage-format.js';

export type BadgeStyle = 'flat' | 'flat-square';

/** How to write a badge: its language, a label replacing the component or page name, a style (`flat` by default). */
export interface BadgeContext {
  lang: 'en' | 'fr';
  label?: string;
  style?: BadgeStyle;
}

/** A background and the text colour written on it. */
export interface BadgeColours {
  background: string;
  text: string;
}

/** A component's state in words, as badges write it: the page's words (`html-texts.ts`), in lower case like shields' messages. */
export const STATE_WORDS: Record<'en' | 'fr', Record<ComponentState, string>> = {
  en: lowerFirst(HTML_TEXTS.en.states),
  fr: lowerFirst(HTML_TEXTS.fr.states),
};

function lowerFirst(words: Record<ComponentState, string>): Record<ComponentState, string> {
  return Object.fromEntries(Object.entries(words).map(([state, w]) => [state, w.charAt(0).toLocaleLowerCase() + w.slice(1)])) as Record<ComponentState, string>;
}

/** The message side's colours per state (contrast ≥ 4.5:1, gradient included). */
export const STATE_COLOURS: Record<ComponentState, BadgeColours> = {
  operational: { background: '#1a7f37', text: '#ffffff' },
  degraded_performance: { background: '#f2c744', text: '#1f2328' },
  partial_outage: { background: '#f08c00', text: '#1f2328' },
  major_outage: { background: '#b91c1c', text: '#ffffff' },
  under_maintenance: { background: '#1d4ed8', text: '#ffffff' },
};

/** The label side's colours (shields' grey). */
export const LABEL_COLOURS: BadgeColours = { background: '#555555', text: '#ffffff' };

/** The page indicator drawn with the colours of the component state it stands for. */
const INDICATOR_STATE: Record<Indicator, ComponentState> = {
  none: 'operational',
  minor: 'degraded_performance',
  major: 'partial_outage',
  critical: 'major_outage',
  maintenance: 'under_maintenance',
};

const HEIGHT = 20;
const PADDING = 5;
const FONT = 'Verdana,Geneva,DejaVu Sans,sans-serif';

/** A component's badge: its name (or `ctx.label`) and its state in words. */
export function badgeSvg(component: ComponentSnapshot | { name: Localized | string; state: ComponentState }, ctx: BadgeContext): string {
  const lang = checkLang(ctx, 'badgeSvg');
  const name = typeof component.name === 'string' ? component.name : component.name[lang];
  if (!(component.state in STATE_COLOURS)) throw new Error(`badgeSvg(): unknown component state ${JSON.stringify(component.state)}; expected one of ${Object.keys(STATE_COLOURS).join(', ')}`);
  return render(ctx.label ?? name, STATE_WORDS[lang][component.state], STATE_COLOURS[component.state], ctx);
}

/** The page's badge: its title (or `ctx.label`) and the page status description of `status.json`. */
export function pageBadgeSvg(snapshot: PageSnapshot, ctx: BadgeContext): string {
  const lang = checkLang(ctx, 'pageBadgeSvg');
  const message = statusDescription(snapshot.indicator, snapshot.state, lang);
  return render(ctx.label ?? snapshot.page.title[lang], message, STATE_COLOURS[INDICATOR_STATE[snapshot.indicator]], ctx);
}

function checkLang(ctx: BadgeContext, where: string): 'en' | 'fr' {
  if (ctx.lang !== 'en' && ctx.lang !== 'fr') throw new Error(`${where}(): ctx.lang must be "en" or "fr", got ${JSON.stringify(ctx.lang)}`);
  if (ctx.style !== undefined && ctx.style !== 'flat' && ctx.style !== 'flat-square') throw new Error(`${where}(): ctx.style must be "flat" or "flat-square", got ${JSON.stringify(ctx.style)}`);
  return ctx.lang;
}

/** A text's box width: its measured width rounded up to an odd number of pixels, as shields does (the text centres on a pixel). */
function boxWidth(text: string): number {
  const w = Math.ceil(textWidth(text));
  return w % 2 === 0 ? w + 1 : w;
}

function render(rawLabel: string, rawMessage: string, colours: BadgeColours, ctx: BadgeContext): string {
  const style = ctx.style ?? 'flat';
  const label = xmlSafe(rawLabel).trim();
  const message = xmlSafe(rawMessage).trim();
  const labelText = boxWidth(label);
  const messageText = boxWidth(message);
  const left = labelText + 2 * PADDING;
  const right = messageText + 2 * PADDING;
  const width = left + right;
  const colon = ctx.lang === 'fr' ? ' : ' : ': ';
  const title = escapeXml(`${label}${colon}${message}`);
  const id = statuspageId('badge', style, label, message);
  const flat = style === 'flat';
  const text = (value: string, centre: number, length: number, fill: string) => {
    const x = centre * 10;
    const shadow = flat ? `<text aria-hidden="true" x="${x}" y="150" fill="${shadowOf(fill)}" fill-opacity=".3" transform="scale(.1)" textLength="${length * 10}">${escapeXml(value)}</text>` : '';
    return `${shadow}<text x="${x}" y="140" transform="scale(.1)" fill="${fill}" textLength="${length * 10}">${escapeXml(value)}</text>`;
  };
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${HEIGHT}" role="img" aria-label="${title}" xml:lang="${ctx.lang}">`,
    `<title>${title}</title>`,
    flat ? `<linearGradient id="s-${id}" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>` : '',
    flat ? `<clipPath id="r-${id}"><rect width="${width}" height="${HEIGHT}" rx="3" fill="#fff"/></clipPath>` : '',
    `<g${flat ? ` clip-path="url(#r-${id})"` : ''} shape-rendering="crispEdges">`,
    `<rect width="${left}" height="${HEIGHT}" fill="${LABEL_COLOURS.background}"/>`,
    `<rect x="${left}" width="${right}" height="${HEIGHT}" fill="${colours.background}"/>`,
    flat ? `<rect width="${width}" height="${HEIGHT}" fill="url(#s-${id})"/>` : '',
    `</g>`,
    `<g text-anchor="middle" font-family="${FONT}" text-rendering="geometricPrecision" font-size="110">`,
    text(label, left / 2, labelText, LABEL_COLOURS.text),
    text(message, left + right / 2, messageText, colours.text),
    `</g></svg>`,
  ].join('');
}

/** Shields' text shadow: dark under light text, light under dark text. */
function shadowOf(fill: string): string {
  return luminance(fill) > 0.5 ? '#010101' : '#ccc';
}

/** WCAG 2.1 relative luminance of a `#rrggbb` colour. */
export function luminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`luminance(): expected a #rrggbb colour, got ${JSON.stringify(hex)}`);
  const [r, g, b] = [m[1]!, m[2]!, m[3]!].map((h) => {
    const c = parseInt(h, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2.1 contrast ratio of two `#rrggbb` colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
