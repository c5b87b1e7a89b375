/** @module Unit tests of `escapes`. */
import { describe, it, expect } from 'vitest';
import { unescapeSend } from './escapes.js';

describe('unescapeSend', () => {
  it('turns written escapes into characters', () => {
    expect(unescapeSend('QUIT\\r\\n')).toBe('QUIT\r\n');
    expect(unescapeSend('a\\tb\\0c')).toBe('a\tb\0c');
    expect(unescapeSend('\\x41\\x7e')).toBe('A~');
  });

  it('keeps escaped backslashes and unknown escapes as written', () => {
    expect(unescapeSend('C:\\\\path')).toBe('C:\\path');
    expect(unescapeSend('\\\\r')).toBe('\\r');
    expect(unescapeSend('\\q \\x4')).toBe('\\q \\x4');
    expect(unescapeSend('already\r\n')).toBe('already\r\n');
  });
});
