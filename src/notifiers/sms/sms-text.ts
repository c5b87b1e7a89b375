/**
 * @module The text of an SMS: `text.short` with typographic punctuation made plain (’ → ',
 * « » stay), cut to what fits one SMS. A text written only in the GSM-7 alphabet fits 160
 * characters (the extension characters `^ { } \ [ ] ~ | €` count twice); any other character
 * makes the whole SMS UCS-2, which fits 70 (UTF-16 units). Pure.
 */

/** One SMS: GSM-7 septets, or UCS-2 code units. */
export const GSM7_LIMIT = 160;
export const UCS2_LIMIT = 70;

const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM7_EXTENSION = new Set('^{}\\[~]|€\f');

/** `text` with punctuation that has a GSM-7 look-alike replaced by it (so French texts stay in 160-character SMS). */
export function plainPunctuation(text: string): string {
  return text
    .replace(/[‘’‚‛′]/g, "'")
    .replace(/[“”„‟″]/g, '"')
    .replace(/[‐‑‒–—―]/g, '-')
    .replace(/…/g, '...')
    .replace(/[\u00a0\u2007\u202f\u2009]/g, ' ');
}

/** True when every character of `text` is in the GSM-7 alphabet (basic or extension table). */
export function isGsm7(text: string): boolean {
  for (const ch of text) if (!GSM7_BASIC.has(ch) && !GSM7_EXTENSION.has(ch)) return false;
  return true;
}

/** The SMS text for `short`: plain punctuation, cut to `maxLength` characters or to one SMS. */
export function smsText(short: string, maxLength?: number): { text: string; unicode: boolean } {
  const text = plainPunctuation(short).trim();
  const unicode = !isGsm7(text);
  if (maxLength !== undefined) return { text: cut(text, maxLength, () => 1, unicode), unicode };
  return unicode ? { text: cut(text, UCS2_LIMIT, (ch) => ch.length, true), unicode } : { text: cut(text, GSM7_LIMIT, (ch) => (GSM7_EXTENSION.has(ch) ? 2 : 1), false), unicode };
}

/** `text` cut to `limit` units (as `cost` counts them), ending with `…` (UCS-2) or `...` (GSM-7) when cut. */
function cut(text: string, limit: number, cost: (ch: string) => number, unicode: boolean): string {
  const chars = [...text];
  if (chars.reduce((sum, ch) => sum + cost(ch), 0) <= limit) return text;
  const ellipsis = unicode ? '…' : '...';
  const room = limit - [...ellipsis].reduce((sum, ch) => sum + cost(ch), 0);
  let used = 0;
  let out = '';
  for (const ch of chars) {
    if (used + cost(ch) > room) break;
    used += cost(ch);
    out += ch;
  }
  return `${out.trimEnd()}${ellipsis}`;
}
