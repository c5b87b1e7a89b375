/** @module Escaping text for HTML, shared by the HTML channels (e-mail, Telegram, Matrix) and the server's own pages. */

/** `text` safe in HTML text and in quoted attributes: `&`, `<`, `>`, `"` and `'` as entities. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
