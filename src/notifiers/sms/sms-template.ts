/**
 * @module The request template of the `sms` channel: `{{to}}`, `{{to_digits}}`, `{{from}}`,
 * `{{text}}`, `{{unicode}}` and `{{secret}}` filled in, each value escaped for where it stands —
 * percent-encoded in the URL, form-encoded or JSON-string-escaped in the body, control
 * characters dropped in headers. Pure.
 */

/** The placeholders a template may use. */
export const PLACEHOLDERS = ['to', 'to_digits', 'from', 'text', 'unicode', 'secret'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type Values = Record<Placeholder, string>;

/** Where a value goes, deciding how it is escaped. */
export type Context = 'url' | 'form' | 'json' | 'header';

const PATTERN = /\{\{\s*([a-z_]+)\s*\}\}/g;

/** The placeholder names used in `template` that are not known. */
export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(PATTERN)].map((m) => m[1]!).filter((name) => !(PLACEHOLDERS as readonly string[]).includes(name));
}

/** `value` escaped for `context`. */
export function escapeFor(context: Context, value: string): string {
  switch (context) {
    case 'url':
      return encodeURIComponent(value);
    case 'form':
      return new URLSearchParams({ v: value }).toString().slice(2);
    case 'json':
      return JSON.stringify(value).slice(1, -1);
    case 'header':
      return value.replace(/[\r\n\0]/g, ' ');
  }
}

/** `template` with every placeholder replaced by its value, escaped for `context`. */
export function fill(template: string, values: Values, context: Context): string {
  return template.replace(PATTERN, (whole, name: string) => ((PLACEHOLDERS as readonly string[]).includes(name) ? escapeFor(context, values[name as Placeholder]) : whole));
}
