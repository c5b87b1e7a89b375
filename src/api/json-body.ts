/**
 * @module Reading JSON request bodies: an empty body reads as no body (e.g. `POST …/pause` from
 * some clients), and a body nested deeper than {@link MAX_JSON_DEPTH} is refused before it is
 * parsed, so no code downstream (validation, secret redaction) recurses without bound.
 */
import type { FastifyInstance } from 'fastify';
import { invalidRequest } from './errors.js';

/** The deepest nesting of objects and arrays accepted in a request body. */
export const MAX_JSON_DEPTH = 64;

/**
 * How deeply `text` nests objects and arrays, counted in one pass without recursion (brackets
 * inside strings do not count); stops counting once past `limit`.
 */
export function jsonDepth(text: string, limit = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return deepest;
}

/**
 * Replaces Fastify's JSON parser with one that reads an empty body as none and refuses deep
 * nesting; JSON merge patches (`application/merge-patch+json`, RFC 7396) are read the same way.
 */
export function acceptJsonBodies(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(['application/json', 'application/merge-patch+json'], { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
      return done(invalidRequest(`the request body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep`), undefined);
    }
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      // V8 quotes the start of the body in its message ('…, "{not json" is not valid JSON'): not echoed back.
      const reason = (error as Error).message.replace(/,\s*(?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '');
      done(invalidRequest(`the request body is not valid JSON: ${reason}`), undefined);
    }
  });
}
