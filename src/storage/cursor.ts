/**
 * @module Opaque cursors for newest-first pages ordered by `(at, id)`: the position of the last
 * row returned, encoded as base64url so callers treat it as a token.
 */

/** A position in an `(at desc, id desc)` ordering. */
export interface CursorPosition {
  at: number;
  id: number;
}

/** Raised for a cursor that was not produced by {@link encodeCursor} (an API maps it to 400). */
export class InvalidCursorError extends Error {
  constructor() {
    super('The cursor is not valid: pass back the nextCursor of a previous page unchanged.');
    this.name = 'InvalidCursorError';
  }
}

/** Encodes a position as an opaque token. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(`${position.at}:${position.id}`, 'utf8').toString('base64url');
}

/** Decodes a token from {@link encodeCursor}; throws {@link InvalidCursorError} otherwise. */
export function decodeCursor(cursor: string): CursorPosition {
  const match = /^(-?\d{1,16}):(\d{1,16})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new InvalidCursorError();
  const at = Number(match[1]);
  const id = Number(match[2]);
  if (!Number.isSafeInteger(at) || !Number.isSafeInteger(id)) throw new InvalidCursorError();
  return { at, id };
}
