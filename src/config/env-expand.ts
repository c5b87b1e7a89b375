/**
 * @module `${VAR}` expansion in config values.
 *
 * `${NAME}` is replaced by the variable's value, `${NAME:-default}` falls back to `default` when
 * the variable is unset or empty, and `$$` stands for a literal `$`. A `$` followed by anything
 * else is kept as is.
 */

/** The result of expanding one value: the text, or a readable error about the first bad reference. */
export type ExpandResult = { ok: true; value: string; expanded: boolean } | { ok: false; message: string };

const REFERENCE = /\$\$|\$\{([^}]*)(\}?)/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Expands `${NAME}`, `${NAME:-default}` and `$$` in `text` from `env`. */
export function expandEnv(text: string, env: Readonly<Record<string, string | undefined>>): ExpandResult {
  let error: string | undefined;
  let expanded = false;
  const value = text.replace(REFERENCE, (match, body: string | undefined, close: string | undefined) => {
    expanded = true;
    if (match === '$$') return '$';
    if (error !== undefined) return match;
    const reference = parseReference(body ?? '', close === '}');
    if ('message' in reference) {
      error = reference.message;
      return match;
    }
    const current = env[reference.name];
    if (current !== undefined && (current !== '' || reference.fallback === undefined)) return current;
    if (reference.fallback !== undefined) return reference.fallback;
    error = `environment variable ${reference.name} is not set; set it, or give a default with \${${reference.name}:-value}`;
    return match;
  });
  return error === undefined ? { ok: true, value, expanded } : { ok: false, message: error };
}

function parseReference(body: string, closed: boolean): { name: string; fallback?: string } | { message: string } {
  const separator = body.indexOf(':-');
  const name = separator === -1 ? body : body.slice(0, separator);
  if (!closed || !NAME.test(name)) {
    const written = `\${${body}${closed ? '}' : ''}`;
    return { message: `invalid variable reference "${written}"; write \${NAME} or \${NAME:-default}, or $$ for a literal $` };
  }
  return separator === -1 ? { name } : { name, fallback: body.slice(separator + 2) };
}
