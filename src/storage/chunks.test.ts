import { describe, expect, it } from 'vitest';
import { chunks } from './chunks.js';

describe('chunks', () => {
  it('splits in order into pieces of at most the given size', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([1, 2], 5)).toEqual([[1, 2]]);
    expect(chunks([], 3)).toEqual([]);
  });

  it('refuses a size that would never finish', () => {
    expect(() => chunks([1], 0)).toThrow(/positive integer/);
    expect(() => chunks([1], 1.5)).toThrow(/positive integer/);
  });
});
