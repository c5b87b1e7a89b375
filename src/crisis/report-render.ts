/**
 * @module A post-incident report laid out for people: Markdown, or a standalone HTML document
 * (escaped, `lang` set, headed tables with `scope`, no script, a print style inline), in French
 * or English; and JSON (the report itself, with its texts in both languages). Pure.
 */
import { escapeHtml } from '../core/html.js';
import type { IncidentReport, ReportTexts } from './report.schema.js';

export type ReportLang = 'en' | 'fr';
export const REPORT_FORMATS = ['json', 'md', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The media type of each format, as the API answers it. */
export const REPORT_CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/** Markdown text safe in a table cell or a heading: no line breaks, no table or HTML syntax. */
function md(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/([\\|<>`])/g, '\\$1');
}

function mdTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  return [`| ${headers.map(md).join(' | ')} |`, `|${headers.map(() => ' --- |').join('')}`, ...rows.map((row) => `| ${row.map(md).join(' | ')} |`)];
}

/** The report as Markdown. */
export function reportMarkdown(report: IncidentReport, lang: ReportLang): string {
  const t = report.texts[lang];
  const l = t.labels;
  const none = [`_${md(l.none)}_`];
  const lines = [`# ${md(t.title)}`, '', md(t.generated), ''];
  lines.push(`## ${md(l.facts)}`, '', ...mdTable(['', ''], t.facts.map((f) => [f.label, f.value])), '');
  lines.push(`## ${md(l.figures)}`, '', ...mdTable([l.figure, l.duration, l.measured], t.figures.map((f) => [f.label, f.value, f.measured])), '');
  lines.push(`## ${md(l.deadlines)}`, '', ...(t.deadlines.length === 0 ? none : mdTable([l.deadline, l.audience, l.due, l.outcome, l.owner], t.deadlines.map((d) => [d.title, d.audience, d.due, d.outcome, d.owner]))), '');
  lines.push(`## ${md(l.communications)}`, '', ...(t.communications.length === 0 ? none : mdTable([l.time, l.offset, l.audience, l.subject], t.communications.map((c) => [c.time, c.offset, c.audience, c.subject]))), '');
  lines.push(`## ${md(l.impact)}`, '', t.impact === null ? none[0]! : md(t.impact), '');
  lines.push(`## ${md(l.timeline)}`, '', ...(t.timeline.length === 0 ? none : mdTable([l.time, l.offset, l.event, l.author, l.text], t.timeline.map((e) => [e.time, e.offset, e.event, e.author, e.text]))), '');
  lines.push(`## ${md(l.notes)}`, '', ...t.notes.map((n) => `- ${md(n)}`));
  return `${lines.join('\n')}\n`;
}

const STYLE = `
  :root { color-scheme: light; }
  body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111; background: #fff; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
  h1 { font-size: 1.6rem; margin-bottom: .25rem; }
  h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #999; padding-bottom: .2rem; }
  .generated { color: #444; margin-top: 0; }
  table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
  th, td { border: 1px solid #bbb; padding: .3rem .5rem; text-align: left; vertical-align: top; }
  thead th, tbody th { background: #eee; }
  td.num, td.time { white-space: nowrap; }
  .late { color: #8b0000; font-weight: 600; }
  @page { margin: 1.5cm; }
  @media print {
    body { margin: 0; max-width: none; font-size: 10pt; }
    h2 { break-after: avoid; }
    tr { break-inside: avoid; }
    thead { display: table-header-group; }
  }
`;

/** A table with column headers; `rowHeader`: the first cell of each row heads it (`<th scope="row">`). */
function htmlTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>, caption: string, classes: readonly string[] = [], rowHeader = false): string {
  const head = `<thead><tr>${headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>`;
  const cell = (value: string, i: number) =>
    i === 0 && rowHeader ? `<th scope="row">${escapeHtml(value)}</th>` : classes[i] ? `<td class="${classes[i]}">${escapeHtml(value)}</td>` : `<td>${escapeHtml(value)}</td>`;
  const body = rows.map((row) => `<tr>${row.map(cell).join('')}</tr>`).join('\n');
  return `<table>\n<caption class="visually-hidden">${escapeHtml(caption)}</caption>\n${head}\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function section(id: string, heading: string, content: string): string {
  return `<section aria-labelledby="${id}">\n<h2 id="${id}">${escapeHtml(heading)}</h2>\n${content}\n</section>`;
}

function deadlineRows(t: ReportTexts, report: IncidentReport): string {
  const rows = t.deadlines.map((d, i) => {
    const late = report.deadlines[i]?.outcome === 'late' || report.deadlines[i]?.outcome === 'missed';
    return `<tr><td>${escapeHtml(d.title)}</td><td>${escapeHtml(d.audience)}</td><td class="time">${escapeHtml(d.due)}</td><td${late ? ' class="late"' : ''}>${escapeHtml(d.outcome)}</td><td>${escapeHtml(d.owner)}</td></tr>`;
  });
  const l = t.labels;
  const head = [l.deadline, l.audience, l.due, l.outcome, l.owner].map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  return `<table>\n<caption class="visually-hidden">${escapeHtml(l.deadlines)}</caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}

/** The report as a standalone HTML document (no script, no outside resource). */
export function reportHtml(report: IncidentReport, lang: ReportLang): string {
  const t = report.texts[lang];
  const l = t.labels;
  const none = `<p>${escapeHtml(l.none)}</p>`;
  const facts = `<table>\n<caption class="visually-hidden">${escapeHtml(l.facts)}</caption>\n<tbody>\n${t.facts.map((f) => `<tr><th scope="row">${escapeHtml(f.label)}</th><td>${escapeHtml(f.value)}</td></tr>`).join('\n')}\n</tbody>\n</table>`;
  const sections = [
    section('facts', l.facts, facts),
    section('figures', l.figures, htmlTable([l.figure, l.duration, l.measured], t.figures.map((f) => [f.label, f.value, f.measured]), l.figures, ['', 'num', ''], true)),
    section('deadlines', l.deadlines, t.deadlines.length === 0 ? none : deadlineRows(t, report)),
    section('communications', l.communications, t.communications.length === 0 ? none : htmlTable([l.time, l.offset, l.audience, l.subject], t.communications.map((c) => [c.time, c.offset, c.audience, c.subject]), l.communications, ['time', 'num'])),
    section('impact', l.impact, t.impact === null ? none : `<p>${escapeHtml(t.impact)}</p>`),
    section('timeline', l.timeline, t.timeline.length === 0 ? none : htmlTable([l.time, l.offset, l.event, l.author, l.text], t.timeline.map((e) => [e.time, e.offset, e.event, e.author, e.text]), l.timeline, ['time', 'num'])),
    section('notes', l.notes, `<ul>\n${t.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('\n')}\n</ul>`),
  ];
  return [
    '<!DOCTYPE html>',
    `<html lang="${lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(t.title)}</title>`,
    `<style>${STYLE}  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }\n</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>${escapeHtml(t.title)}</h1>`,
    `<p class="generated">${escapeHtml(t.generated)}</p>`,
    ...sections,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The report as JSON text (two-space indent, final newline). */
export function reportJson(report: IncidentReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** The report in a format and language. */
export function renderReport(report: IncidentReport, format: ReportFormat, lang: ReportLang): string {
  return format === 'json' ? reportJson(report) : format === 'md' ? reportMarkdown(report, lang) : reportHtml(report, lang);
}
