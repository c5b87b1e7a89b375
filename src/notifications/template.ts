/**
 * @module Message templates: a tiny grammar compiled once, at config load, and filled at send
 * time with plain text (channels escape it for their own markup, as they do the built-in texts).
 *
 * - `{{name}}` is replaced by the value of `name` (one of {@link PLACEHOLDERS}), or by nothing
 *   when it has none; spaces inside the braces are allowed (`{{ incident.title }}`).
 * - `{{#name}}…{{/name}}` shows what is between only when `name` has a non-empty value; sections
 *   nest.
 * - Anything else is written as is. There is no way to write a literal `{{`.
 */
import { suggest } from '../config/suggest.js';

/** The names a template may use. */
export const PLACEHOLDERS = [
  'incident.id',
  'incident.title',
  'incident.severity',
  'incident.status',
  'incident.cause',
  'incident.likely_cause',
  'incident.suspects',
  'incident.url',
  'incident.ack_url',
  'incident.first_failure_at',
  'since',
  'author',
  'update',
  'event',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** The values a template is filled with; a missing or empty value counts as unset. */
export type TemplateValues = Partial<Record<Placeholder, string>>;

type TemplateNode = { text: string } | { value: Placeholder } | { section: Placeholder; body: TemplateNode[] };

/** A compiled template. */
export interface Template {
  readonly source: string;
  readonly nodes: readonly TemplateNode[];
}

/** A template that does not compile; `offset` is the 0-based character where the fault is. */
export class TemplateError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

function placeholder(name: string, tag: string, offset: number, names: readonly string[]): Placeholder {
  if (names.includes(name)) return name as Placeholder;
  if (name === '') throw new TemplateError(`empty placeholder ${tag} (character ${offset + 1})`, offset);
  const near = suggest(name, names);
  const hint = near ? `; did you mean ${near}?` : `; use one of ${names.join(', ')}`;
  throw new TemplateError(`unknown placeholder ${tag} (character ${offset + 1})${hint}`, offset);
}

/**
 * Compiles `source` for the placeholders `names` (the message ones by default); throws a
 * {@link TemplateError} naming the first fault and where it is.
 */
export function compileTemplate(source: string, names: readonly string[] = PLACEHOLDERS): Template {
  const root: TemplateNode[] = [];
  const open: { name: Placeholder; offset: number; body: TemplateNode[] }[] = [];
  let nodes = root;
  let at = 0;
  while (at < source.length) {
    const start = source.indexOf('{{', at);
    if (start === -1) {
      nodes.push({ text: source.slice(at) });
      break;
    }
    if (start > at) nodes.push({ text: source.slice(at, start) });
    const end = source.indexOf('}}', start + 2);
    if (end === -1) throw new TemplateError(`unclosed {{ (character ${start + 1}): end it with }}`, start);
    const tag = source.slice(start, end + 2);
    const inner = source.slice(start + 2, end).trim();
    const sigil = inner[0] === '#' || inner[0] === '/' ? inner[0] : '';
    const name = placeholder(inner.slice(sigil.length).trim(), tag, start, names);
    if (sigil === '#') {
      const body: TemplateNode[] = [];
      nodes.push({ section: name, body });
      open.push({ name, offset: start, body });
      nodes = body;
    } else if (sigil === '/') {
      const section = open.pop();
      if (!section) throw new TemplateError(`${tag} (character ${start + 1}) closes no section`, start);
      if (section.name !== name) throw new TemplateError(`${tag} (character ${start + 1}) does not close {{#${section.name}}} (character ${section.offset + 1}); write {{/${section.name}}}`, start);
      nodes = open.at(-1)?.body ?? root;
    } else {
      nodes.push({ value: name });
    }
    at = end + 2;
  }
  const unclosed = open.at(-1);
  if (unclosed) throw new TemplateError(`{{#${unclosed.name}}} (character ${unclosed.offset + 1}) is never closed: end it with {{/${unclosed.name}}}`, unclosed.offset);
  return { source, nodes: root };
}

/** Fills `template` with `values`, as plain text (no escaping). */
export function renderTemplate(template: Template, values: TemplateValues | Readonly<Record<string, string | undefined>>): string {
  const v = values as Readonly<Record<string, string | undefined>>;
  const fill = (nodes: readonly TemplateNode[]): string =>
    nodes.map((node) => ('text' in node ? node.text : 'value' in node ? (v[node.value] ?? '') : v[node.section] ? fill(node.body) : '')).join('');
  return fill(template.nodes);
}
