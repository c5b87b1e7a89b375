import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, InvalidCursorError } from './cursor.js';

describe('cursor', () => {
  it('round-trips a position through an opaque token', () => {
    for (const position of [{ at: 0, id: 0 }, { at: 1_717_000_000_123, id: 42 }, { at: -5, id: Number.MAX_SAFE_INTEGER }]) {
      const token = encodeCursor(position);
      expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(token)).toEqual(position);
    }
  });

  it('rejects tokens it did not make with a readable error', () => {
    for (const bad of ['', 'garbage', Buffer.from('12:x').toString('base64url'), Buffer.from('1:2:3').toString('base64url'), Buffer.from('99999999999999999:1').toString('base64url')]) {
      expect(() => decodeCursor(bad), bad).toThrow(InvalidCursorError);
    }
    expect(() => decodeCursor('garbage')).toThrow(/nextCursor of a previous page/);
  });
});
