/** @module Tests of turning zod issues into readable sentences. */
import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { objectKeysAt, readableIssues } from './readable-issues.js';
import { duration } from '../core/duration.js';

const schema = z.strictObject({
  name: z.string().min(1),
  tags: z.array(z.string()).max(2).optional(),
  count: z.number().int().positive().optional(),
  every: duration({ min: 1000 }).optional(),
  nested: z
    .strictObject({ level: z.enum(['low', 'high']).default('low'), ratio: z.number().lt(1).optional() })
    .prefault({}),
  items: z.array(z.strictObject({ key: z.string() })).default([]),
});

function messages(input: unknown): string[] {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return [];
  return readableIssues(result.error.issues, schema).map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('readableIssues', () => {
  it('names missing fields and wrong types as YAML users see them', () => {
    expect(messages({ tags: 'a', count: 1.5 })).toEqual(['name: is required', 'tags: expected a list, got "a"', 'count: expected a whole number, got 1.5']);
    expect(messages({ name: 'x', nested: [1] })).toEqual(['nested: expected a map, got a list']);
  });

  it('words bounds for strings, lists and numbers', () => {
    expect(messages({ name: '', tags: ['a', 'b', 'c'], count: 0, nested: { ratio: 1 } })).toEqual([
      'name: must not be empty',
      'tags: must have at most 2 items',
      'count: must be greater than 0',
      'nested.ratio: must be less than 1',
    ]);
  });

  it('reports the union branch the value was closest to, or all the types expected', () => {
    expect(messages({ name: 'x', every: 'soon' })).toEqual(['every: must be a duration such as 500ms, 30s, 5m, 1h or 1d']);
    expect(messages({ name: 'x', every: false })).toEqual(['every: expected a string or a number, got false']);
  });

  it('suggests close keys and enum values, at every depth', () => {
    expect(messages({ name: 'x', nested: { levle: 'low' }, items: [{ key: 'a', kye: 'b' }] })).toEqual([
      'nested.levle: unknown field; did you mean "level"?',
      'items.0.kye: unknown field; did you mean "key"?',
    ]);
    expect(messages({ name: 'x', nested: { level: 'hihg' } })).toEqual(['nested.level: must be one of "low", "high"; got "hihg"; did you mean "high"?']);
  });

  it('finds the object keys at a path through wrappers, arrays and pipes', () => {
    expect(objectKeysAt(schema, ['nested'])).toEqual(['level', 'ratio']);
    expect(objectKeysAt(schema, ['items', 3])).toEqual(['key']);
    expect(objectKeysAt(schema, ['name'])).toBeUndefined();
  });
});

describe('objectKeysAt', () => {
  it('reads the keys of the object options of a union (a name or a map)', () => {
    const entries = z.array(z.union([z.string(), z.strictObject({ name: z.string(), interval: z.string().optional() })]));
    expect(objectKeysAt(z.strictObject({ domains: entries }), ['domains', 0])).toEqual(['name', 'interval']);
    expect(objectKeysAt(z.strictObject({ list: z.array(z.union([z.string(), z.number()])) }), ['list', 0])).toBeUndefined();
  });
});
