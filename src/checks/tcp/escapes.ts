/**
 * @module Backslash escapes in the `send` text, so `QUIT\r\n` works even when YAML keeps the
 * backslashes (plain or single-quoted scalars). Supported: `\r \n \t \0 \\ \xHH`.
 */

const ESCAPE = /\\(x[0-9a-fA-F]{2}|[rnt0\\])/g;
const SIMPLE: Record<string, string> = { r: '\r', n: '\n', t: '\t', '0': '\0', '\\': '\\' };

/** Replaces the supported escapes by the characters they stand for; other text is unchanged. */
export function unescapeSend(text: string): string {
  return text.replace(ESCAPE, (_all, code: string) => (code.length === 3 ? String.fromCharCode(parseInt(code.slice(1), 16)) : SIMPLE[code]!));
}
