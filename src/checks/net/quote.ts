/** @module Quoting received or expected text in result messages, shortened to stay readable. */

/** JSON-quotes a text, cut to `max` characters with a trailing `…` when longer. */
export function quote(text: string, max = 60): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}
