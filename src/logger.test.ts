import { describe, expect, it } from 'vitest';
import { logFormat } from './logger.js';

describe('logFormat', () => {
  it('writes readable lines on a terminal and JSON lines anywhere else', () => {
    expect(logFormat(undefined, true)).toBe('pretty');
    expect(logFormat(undefined, false)).toBe('json');
    expect(logFormat('', true)).toBe('pretty');
  });

  it('follows VIGIE_LOG_FORMAT either way, whatever stdout is', () => {
    expect(logFormat('json', true)).toBe('json');
    expect(logFormat('pretty', false)).toBe('pretty');
    expect(logFormat(' JSON ', true)).toBe('json');
  });

  it('refuses another value, naming the variable', () => {
    expect(() => logFormat('text', true)).toThrow('VIGIE_LOG_FORMAT must be "json" or "pretty" (got "text")');
  });
});

