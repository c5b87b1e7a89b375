/**
 * @module Tests of the SVG badges: a valid SVG root with its namespace and accessible name, the
 * text escaped, widths that grow with the text, each state's colours (with a WCAG contrast of at
 * least 4.5:1 under the gradient), both languages and both styles, the page badge.
 */
import { describe, expect, it } from 'vitest';
import { componentSnapshot, pageSnapshot } from '../../test/helpers/status-snapshot-fixture.js';
import { COMPONENT_STATES } from './status.types.js';
import { textWidth } from './badge-widths.js';
import { badgeSvg, contrastRatio, LABEL_COLOURS, pageBadgeSvg, STATE_COLOURS, STATE_WORDS } from './badge.js';

const width = (svg: string) => Number(/^<svg [^>]*width="(\d+)"/.exec(svg)![1]);
/** The message side's rectangle: the one that starts after the label. */
const messageRect = (svg: string) => /<rect (x="\d+"[^>]*)\/>/.exec(svg)![1]!;
const texts = (svg: string) => [...svg.matchAll(/<text x="[^"]*" y="140"[^>]*fill="([^"]+)" textLength="(\d+)">([^<]*)<\/text>/g)].map((m) => ({ fill: m[1]!, length: Number(m[2]), text: m[3]! }));

/** A colour 10% of the way to another: shields' gradient lightens the top and darkens the bottom. */
function blend(hex: string, towards: string, share: number): string {
  const c = (h: string, i: number) => parseInt(h.slice(1 + 2 * i, 3 + 2 * i), 16);
  return `#${[0, 1, 2].map((i) => Math.round(c(hex, i) * (1 - share) + c(towards, i) * share).toString(16).padStart(2, '0')).join('')}`;
}

describe('badgeSvg', () => {
  it('is an SVG root with its namespace, an accessible name and a title', () => {
    const svg = badgeSvg(componentSnapshot({ id: 'service-web', name: { en: 'Website', fr: 'Site web' } }), { lang: 'en' });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+" height="20" role="img" aria-label="Website: operational" xml:lang="en">/);
    expect(svg).toContain('<title>Website: operational</title>');
    expect(svg.endsWith('</svg>')).toBe(true);
    // Balanced elements: every opening tag is closed or self-closing.
    const open = [...svg.matchAll(/<(\w+)[^>]*?(\/?)>/g)].filter((m) => !m[2]).map((m) => m[1]);
    const close = [...svg.matchAll(/<\/(\w+)>/g)].map((m) => m[1]);
    expect(open.sort()).toEqual(close.sort());
    expect(texts(svg).map((t) => t.text)).toEqual(['Website', 'operational']);
  });

  it('escapes what it writes, in text and in attributes', () => {
    const svg = badgeSvg({ name: 'R&D <api> "v2"', state: 'major_outage' }, { lang: 'en' });
    expect(svg).not.toContain('<api>');
    expect(svg).toContain('aria-label="R&amp;D &lt;api&gt; &quot;v2&quot;: major outage"');
    expect(texts(svg)[0]!.text).toBe('R&amp;D &lt;api&gt; &quot;v2&quot;');
    expect(badgeSvg({ name: 'bell\u0007', state: 'operational' }, { lang: 'en' })).toContain('<title>bell: operational</title>');
  });

  it('grows with the text, by the table widths', () => {
    const short = badgeSvg({ name: 'API', state: 'operational' }, { lang: 'en' });
    const long = badgeSvg({ name: 'Emergency calls (112)', state: 'operational' }, { lang: 'en' });
    expect(width(long)).toBeGreaterThan(width(short));
    expect(width(long) - width(short)).toBeGreaterThanOrEqual(Math.floor(textWidth('Emergency calls (112)') - textWidth('API')) - 1);
    expect(textWidth('WWW')).toBeGreaterThan(textWidth('iii'));
    expect(textWidth('é')).toBeCloseTo(textWidth('e'), 0);
    expect(textWidth('漢')).toBe(textWidth('m'));
    // Each text fits its box: the box is its measured width rounded up to an odd number, plus 5 px each side.
    const [label, message] = texts(long);
    expect(label!.length).toBe(10 * (Math.ceil(textWidth('Emergency calls (112)')) | 1));
    expect(width(long)).toBe((label!.length + message!.length) / 10 + 20);
  });

  it.each(COMPONENT_STATES.map((s) => [s]))('%s: its own colours, readable (contrast ≥ 4.5:1 under the gradient)', (state) => {
    const svg = badgeSvg({ name: 'Website', state }, { lang: 'en' });
    const { background, text } = STATE_COLOURS[state];
    expect(messageRect(svg)).toContain(`fill="${background}"`);
    expect(texts(svg)[1]!.fill).toBe(text);
    expect(texts(svg)[1]!.text).toBe(STATE_WORDS.en[state]);
    for (const shade of [background, blend(background, '#bbbbbb', 0.1), blend(background, '#000000', 0.1)]) expect(contrastRatio(shade, text)).toBeGreaterThanOrEqual(4.5);
  });

  it('says each state with the words of the page, in lower case', () => {
    expect(STATE_WORDS.en).toEqual({ operational: 'operational', degraded_performance: 'degraded performance', partial_outage: 'partial outage', major_outage: 'major outage', under_maintenance: 'under maintenance' });
    expect(STATE_WORDS.fr).toEqual({ operational: 'opérationnel', degraded_performance: 'performances dégradées', partial_outage: 'panne partielle', major_outage: 'panne majeure', under_maintenance: 'en maintenance' });
  });

  it('has a different colour for every state, and a readable label side', () => {
    expect(new Set(COMPONENT_STATES.map((s) => STATE_COLOURS[s].background)).size).toBe(COMPONENT_STATES.length);
    for (const shade of [LABEL_COLOURS.background, blend(LABEL_COLOURS.background, '#bbbbbb', 0.1)]) expect(contrastRatio(shade, LABEL_COLOURS.text)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
    expect(contrastRatio('#000000', '#ffffff')).toBe(21);
  });

  it('writes French, a label of the caller, and the flat-square style', () => {
    const svg = badgeSvg(componentSnapshot({ id: 'service-web', name: { en: 'Website', fr: 'Site web' }, state: 'degraded_performance' }), { lang: 'fr', label: 'État', style: 'flat-square' });
    expect(svg).toContain('<title>État : performances dégradées</title>');
    expect(svg).toContain('xml:lang="fr"');
    expect(svg).not.toContain('rx="3"');
    expect(svg).not.toContain('linearGradient');
    expect(svg).not.toContain('fill-opacity=".3"');
  });

  it('gives two different badges different gradient and clip ids, so both can be inlined in one page', () => {
    const ids = (svg: string) => [...svg.matchAll(/id="([^"]+)"/g)].map((m) => m[1]);
    const a = badgeSvg({ name: 'Website', state: 'operational' }, { lang: 'en' });
    const b = badgeSvg({ name: 'API', state: 'operational' }, { lang: 'en' });
    expect(ids(a)).toHaveLength(2);
    expect(ids(a).filter((id) => ids(b).includes(id))).toEqual([]);
    expect(a).toContain(`url(#${ids(a)[1]})`);
  });

  it('rejects what it cannot draw, naming it', () => {
    expect(() => badgeSvg({ name: 'x', state: 'down' as 'operational' }, { lang: 'en' })).toThrow('badgeSvg(): unknown component state "down"');
    expect(() => badgeSvg({ name: 'x', state: 'operational' }, { lang: 'en', style: 'plastic' as 'flat' })).toThrow('badgeSvg(): ctx.style must be "flat" or "flat-square", got "plastic"');
  });
});

describe('pageBadgeSvg', () => {
  it.each([
    ['none', 'operational', 'All Systems Operational', 'operational'],
    ['minor', 'degraded_performance', 'Partially Degraded Service', 'degraded_performance'],
    ['major', 'major_outage', 'Partial System Outage', 'partial_outage'],
    ['critical', 'major_outage', 'Major System Outage', 'major_outage'],
    ['maintenance', 'under_maintenance', 'Service Under Maintenance', 'under_maintenance'],
  ] as const)('indicator %s: the status.json description, in the colours of %s', (indicator, state, message, colours) => {
    const svg = pageBadgeSvg(pageSnapshot({ indicator, state }), { lang: 'en' });
    expect(svg).toContain(`<title>Example status: ${message}</title>`);
    expect(messageRect(svg)).toContain(`fill="${STATE_COLOURS[colours].background}"`);
  });

  it('in French, with the page title', () => {
    expect(pageBadgeSvg(pageSnapshot(), { lang: 'fr' })).toContain('<title>État des services : Tous les systèmes sont opérationnels</title>');
  });
});
