/**
 * @module The status page's one inline style sheet: mobile first, system fonts only, a light and a
 * dark palette (every text colour at least 4.5:1 on the backgrounds it is used on, checked by
 * `html-style.test.ts`), `prefers-color-scheme` in automatic mode and `theme-light` /
 * `theme-dark` classes on `<html>` to force one. Its SHA-256 goes into the page's CSP.
 */
import { createHash } from 'node:crypto';

/** The colours of one theme (hex, `#rrggbb`). */
export interface Palette {
  bg: string;
  surface: string;
  border: string;
  fg: string;
  muted: string;
  link: string;
  focus: string;
  operational: string;
  degraded_performance: string;
  partial_outage: string;
  major_outage: string;
  under_maintenance: string;
  nodata: string;
}

export const LIGHT: Palette = {
  bg: '#ffffff',
  surface: '#f4f5f7',
  border: '#767e8a',
  fg: '#1b1f24',
  muted: '#4d5562',
  link: '#0b57d0',
  focus: '#0b57d0',
  operational: '#1a7431',
  degraded_performance: '#7a5300',
  partial_outage: '#a34700',
  major_outage: '#b3261e',
  under_maintenance: '#5b3cc4',
  nodata: '#8a919c',
};

export const DARK: Palette = {
  bg: '#111418',
  surface: '#1b2027',
  border: '#7d8694',
  fg: '#e8eaed',
  muted: '#b0b7c3',
  link: '#8ab4f8',
  focus: '#8ab4f8',
  operational: '#5cc97b',
  degraded_performance: '#e3b341',
  partial_outage: '#f0883e',
  major_outage: '#ff8a80',
  under_maintenance: '#b69cff',
  nodata: '#6b7380',
};

function vars(p: Palette, scheme: 'light' | 'dark'): string {
  return `color-scheme:${scheme};--bg:${p.bg};--surface:${p.surface};--border:${p.border};--fg:${p.fg};--muted:${p.muted};--link:${p.link};--focus:${p.focus};--ok:${p.operational};--degraded:${p.degraded_performance};--partial:${p.partial_outage};--major:${p.major_outage};--maint:${p.under_maintenance};--nodata:${p.nodata}`;
}

/** The style sheet, minified by hand (one line per rule group). */
export const STATUS_CSS = [
  `:root{${vars(LIGHT, 'light')}}`,
  `@media (prefers-color-scheme:dark){:root:not(.theme-light){${vars(DARK, 'dark')}}}`,
  `:root.theme-dark{${vars(DARK, 'dark')}}`,
  `*,*::before,*::after{box-sizing:border-box}`,
  `body{margin:0;background:var(--bg);color:var(--fg);font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;-webkit-text-size-adjust:100%}`,
  `.wrap{max-width:52rem;margin:0 auto;padding:0 1rem}`,
  `a{color:var(--link);text-underline-offset:.15em}`,
  `a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,summary:focus-visible,main:focus-visible{outline:3px solid var(--focus);outline-offset:2px;border-radius:2px}`,
  `.vh{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}`,
  `.skip{position:absolute;left:1rem;top:-3rem;background:var(--bg);color:var(--link);padding:.5rem 1rem;border:2px solid var(--focus);z-index:1}`,
  `.skip:focus{top:.5rem}`,
  `header.top{border-bottom:1px solid var(--border);padding:1rem 0 .75rem}`,
  `.brand{display:flex;align-items:center;gap:.75rem;flex-wrap:wrap}`,
  `.brand img{max-height:3rem;max-width:12rem;height:auto}`,
  `h1{font-size:1.5rem;line-height:1.2;margin:0}`,
  `.desc{color:var(--muted);margin:.25rem 0 0}`,
  `.switches{display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;margin-top:.5rem;font-size:.9rem}`,
  `.switches ul{list-style:none;display:flex;gap:.75rem;margin:0;padding:0}`,
  `.switches a{display:inline-block;padding:.35rem .1rem;min-height:44px;line-height:1.9}`,
  `.switches a[aria-current]{color:var(--fg);font-weight:600;text-decoration:none}`,
  `main{padding:1rem 0 2rem}`,
  `h2{font-size:1.25rem;margin:2rem 0 .75rem}`,
  `h3{font-size:1.05rem;margin:1.25rem 0 .5rem}`,
  `.banner{display:flex;align-items:center;gap:.6rem;margin:1rem 0;padding:1rem;background:var(--surface);border:1px solid var(--border);border-left:.5rem solid var(--state);border-radius:.4rem;font-size:1.2rem}`,
  `.banner h2{margin:0;font-size:inherit;line-height:1.3}`,
  `.s-info{--state:var(--link)}`,
  `.notice{margin:1rem 0;padding:.75rem 1rem;border:2px solid var(--partial);border-radius:.4rem;background:var(--surface)}`,
  `.tz,.meta,.small{color:var(--muted);font-size:.875rem}`,
  `.icon{flex:none;width:1.25em;height:1.25em;vertical-align:-.25em;color:var(--state)}`,
  `.s-operational{--state:var(--ok)}.s-degraded_performance{--state:var(--degraded)}.s-partial_outage{--state:var(--partial)}.s-major_outage{--state:var(--major)}.s-under_maintenance{--state:var(--maint)}`,
  `.state{color:var(--state);font-weight:600;white-space:nowrap}`,
  `ul.comps{list-style:none;margin:0;padding:0}`,
  `.comp{border:1px solid var(--border);border-radius:.4rem;padding:.75rem;margin:.5rem 0}`,
  `.comp-head{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.25rem 1rem}`,
  `.comp-name{font-weight:600}`,
  `.group-head{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:baseline;gap:.25rem 1rem}`,
  `.bars{display:block;width:100%;height:2rem;margin-top:.5rem}`,
  `.bars .d-ok{fill:var(--ok)}.bars .d-partial{fill:var(--partial)}.bars .d-major{fill:var(--major)}.bars .d-none{fill:var(--nodata)}`,
  `.axis{display:flex;justify-content:space-between;color:var(--muted);font-size:.75rem}`,
  `details{margin-top:.4rem}summary{cursor:pointer;color:var(--link);padding:.2rem 0}`,
  `table{border-collapse:collapse;margin:.5rem 0;font-size:.875rem}th,td{text-align:left;padding:.25rem .75rem .25rem 0;border-bottom:1px solid var(--border);vertical-align:top}`,
  `article.inc{border:1px solid var(--border);border-left:.35rem solid var(--state,var(--border));border-radius:.4rem;padding:0 1rem .75rem;margin:.75rem 0}`,
  `article.inc h3{margin-top:.75rem}`,
  `.overdue{font-weight:600;color:var(--fg);border-left:.3rem solid var(--partial);padding-left:.5rem}`,
  `ol.updates{list-style:none;margin:.5rem 0 0;padding:0}ol.updates li{padding:.5rem 0;border-top:1px solid var(--border)}`,
  `.upd-status{font-weight:600}`,
  `.upd-text{margin:.25rem 0 0;white-space:pre-line;overflow-wrap:anywhere}`,
  `nav.pager ul{list-style:none;display:flex;flex-wrap:wrap;justify-content:space-between;gap:1rem;padding:0}`,
  `nav.pager a{display:inline-block;padding:.5rem 0}`,
  `form.sub fieldset{border:1px solid var(--border);border-radius:.4rem;margin:.75rem 0;padding:.5rem .75rem}`,
  `form.sub label{display:block;margin:.35rem 0}`,
  `input[type=email],select{font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--border);border-radius:.3rem;padding:.5rem;width:100%;max-width:24rem}`,
  `input[type=checkbox]{width:1.1rem;height:1.1rem;margin-right:.4rem;vertical-align:-.15rem;accent-color:var(--link)}`,
  `button{font:inherit;font-weight:600;color:var(--bg);background:var(--link);border:2px solid var(--link);border-radius:.3rem;padding:.5rem 1.25rem;margin-top:.5rem;cursor:pointer}`,
  `footer.bottom{border-top:1px solid var(--border);padding:1rem 0 2rem;color:var(--muted);font-size:.875rem}`,
  `footer.bottom ul{list-style:none;display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;padding:0;margin:.5rem 0}`,
  `footer.bottom a{display:inline-block;padding:.25rem 0}`,
  `@media (min-width:40rem){h1{font-size:1.9rem}.bars{height:2.25rem}}`,
  `@media (prefers-reduced-motion:no-preference){html{scroll-behavior:smooth}}`,
].join('\n');

/** The CSP source of the style sheet (`'sha256-…'`), so the page allows no other style. */
export const STATUS_CSS_HASH = `'sha256-${createHash('sha256').update(STATUS_CSS).digest('base64')}'`;
