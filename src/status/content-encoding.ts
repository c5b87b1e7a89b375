/**
 * @module Compressed copies of rendered status documents: Brotli or gzip, as the client accepts,
 * made once per document (not per request) and kept with it. An HTML page with its uptime bars
 * shrinks ten times or more, which is most of what a busy page costs. Each encoding has its own
 * strong ETag (`"<hash>-br"`), and conditional requests match whichever the client holds.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Rendered } from './rendered-cache.js';

export type Encoding = 'br' | 'gzip' | 'identity';

/** Smaller documents are sent as they are (compression would save nothing worth the header). */
const MIN_BYTES = 1024;

/** A document as sent in one encoding. */
export interface Encoded {
  body: Buffer;
  etag: string;
  encoding: Encoding;
}

const choices = new Map<string, Encoding>();
const CHOICES_MAX = 200;

/** The best encoding an `Accept-Encoding` header allows: Brotli, else gzip, else none. */
export function pickEncoding(header: string | undefined): Encoding {
  if (!header) return 'identity';
  const known = choices.get(header);
  if (known) return known;
  const accepted = new Set<string>();
  for (const part of header.slice(0, 300).split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q === undefined || Number(q.slice(2)) > 0) accepted.add(name.trim());
  }
  const choice: Encoding = accepted.has('br') ? 'br' : accepted.has('gzip') || accepted.has('*') ? 'gzip' : 'identity';
  if (choices.size >= CHOICES_MAX) choices.clear();
  choices.set(header, choice);
  return choice;
}

const cache = new WeakMap<Rendered, Map<Encoding, Encoded>>();

/** The document in `encoding` (compressed on first use), or as it is when small. */
export function encode(rendered: Rendered, encoding: Encoding): Encoded {
  if (encoding === 'identity' || rendered.body.length < MIN_BYTES) return { body: rendered.body, etag: rendered.etag, encoding: 'identity' };
  let copies = cache.get(rendered);
  if (!copies) cache.set(rendered, (copies = new Map()));
  let copy = copies.get(encoding);
  if (!copy) {
    const body =
      encoding === 'br'
        ? brotliCompressSync(rendered.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: rendered.body.length } })
        : gzipSync(rendered.body, { level: 6 });
    copies.set(encoding, (copy = { body, etag: `${rendered.etag.slice(0, -1)}-${encoding}"`, encoding }));
  }
  return copy;
}

/** The ETag of the document whatever its encoding (`"<hash>-br"` → `"<hash>"`). */
export function baseEtag(etag: string): string {
  return etag.replace(/-(?:br|gzip)"$/, '"');
}
