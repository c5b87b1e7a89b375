/**
 * @module Turns zod issues into readable sentences with the field path they apply to.
 *
 * Unknown keys get a "did you mean" suggestion looked up in the schema at that path, unions
 * report the branch the value was closest to, and types are named as users write YAML
 * (`a number`, `a map`, `a list`).
 */
import type { z } from 'zod';
import { suggest } from './suggest.js';

/** A readable issue at a path, before it is given a file position. */
export interface PathIssue {
  path: PropertyKey[];
  message: string;
  /** The zod issue's extra parameters (custom issues), e.g. to recognise a duplicate id. */
  params?: Record<string, unknown>;
}

type Issue = z.core.$ZodIssue;

/** Readable issues for `issues` raised by `schema` (parse with `reportInput: true` to name bad values). */
export function readableIssues(issues: readonly Issue[], schema: z.ZodType): PathIssue[] {
  return issues.flatMap((issue) => readable(issue, [...issue.path], schema));
}

function readable(issue: Issue, path: PropertyKey[], schema: z.ZodType): PathIssue[] {
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: [...path, key], message: unknownKey(key, objectKeysAt(schema, path)) }));
    case 'invalid_union':
      return unionIssues(issue, path, schema);
    case 'custom':
      return [{ path, message: issue.message, ...(issue.params ? { params: issue.params } : {}) }];
    default:
      return [{ path, message: messageOf(issue) }];
  }
}

function messageOf(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `expected ${typeName(issue.expected)}, got ${describeValue(issue.input)}`;
    case 'invalid_value':
      return invalidValue(issue.values, issue.input);
    case 'too_small':
      return bound('at least', 'greater than', issue.origin, issue.minimum, issue.inclusive);
    case 'too_big':
      return bound('at most', 'less than', issue.origin, issue.maximum, issue.inclusive);
    case 'invalid_format':
      return isGeneric(issue.message) ? `must be a valid ${issue.format}` : issue.message;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    default:
      return isGeneric(issue.message) ? 'is not valid here' : issue.message;
  }
}

function unknownKey(key: string, known: string[] | undefined): string {
  const close = known ? suggest(key, known) : undefined;
  if (close) return `unknown field; did you mean "${close}"?`;
  return known && known.length > 0 ? `unknown field; expected one of: ${known.join(', ')}` : 'unknown field';
}

function invalidValue(values: readonly unknown[], input: unknown): string {
  const options = values.map((v) => JSON.stringify(v)).join(', ');
  const close = typeof input === 'string' ? suggest(input, values.filter((v): v is string => typeof v === 'string')) : undefined;
  const base = `must be one of ${options}; got ${describeValue(input)}`;
  return close ? `${base}; did you mean "${close}"?` : base;
}

function bound(word: string, strictWord: string, origin: string, limit: number | bigint, inclusive: boolean | undefined): string {
  const n = Number(limit);
  const relation = inclusive === false ? strictWord : word;
  if (origin === 'string') return n === 1 && word === 'at least' ? 'must not be empty' : `must be ${relation} ${n} character${n === 1 ? '' : 's'} long`;
  if (origin === 'array' || origin === 'set') return `must have ${relation} ${n} item${n === 1 ? '' : 's'}`;
  return `must be ${relation} ${n}`;
}

/** Reports the union branch that got furthest; when every branch failed on the type, names all types. */
function unionIssues(issue: Extract<Issue, { code: 'invalid_union' }>, path: PropertyKey[], schema: z.ZodType): PathIssue[] {
  const branches = issue.errors.filter((branch) => branch.length > 0);
  const deeper = branches.find((branch) => branch.some((i) => i.code !== 'invalid_type' || i.path.length > 0));
  if (deeper) return deeper.flatMap((i) => readable(i, [...path, ...i.path], schema));
  const expected = [...new Set(branches.flatMap((branch) => branch.map((i) => (i.code === 'invalid_type' ? typeName(i.expected) : ''))))].filter(Boolean);
  if (expected.length === 0 || issue.input === undefined) return [{ path, message: issue.input === undefined ? 'is required' : 'is not valid here' }];
  return [{ path, message: `expected ${expected.join(' or ')}, got ${describeValue(issue.input)}` }];
}

const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a map',
  array: 'a list',
  null: 'an empty value',
  bigint: 'a whole number',
  date: 'a date',
};

function typeName(expected: string): string {
  return TYPE_NAMES[expected] ?? expected;
}

/** A value as it would appear in the file: strings quoted, maps and lists named. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}

function isGeneric(message: string): boolean {
  return message === '' || message.startsWith('Invalid') || message.startsWith('Too ');
}

/** The keys of the object schema found at `path` inside `schema`, or `undefined` when there is none. */
export function objectKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] | undefined {
  let current: z.ZodType | undefined = unwrap(schema);
  for (const segment of path) {
    if (!current) return undefined;
    current = unwrap(child(current, segment));
  }
  return current ? keysOf(current) : undefined;
}

/** The keys of an object schema, or of the object options of a union (`name` or `{ name, … }`). */
function keysOf(schema: z.ZodType): string[] | undefined {
  const def = schema._zod.def as unknown as { type: string; shape?: Record<string, unknown>; options?: z.ZodType[] };
  if (def.type === 'object' && def.shape) return Object.keys(def.shape);
  if (def.type !== 'union' || !def.options) return undefined;
  const keys = def.options.flatMap((option) => {
    const inner = unwrap(option);
    return (inner && keysOf(inner)) ?? [];
  });
  return keys.length > 0 ? [...new Set(keys)] : undefined;
}

function child(schema: z.ZodType, segment: PropertyKey): z.ZodType | undefined {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  if (def.type === 'object') return (def['shape'] as Record<string, z.ZodType>)[String(segment)];
  if (def.type === 'array') return def['element'] as z.ZodType;
  if (def.type === 'record') return def['valueType'] as z.ZodType;
  if (def.type === 'union') {
    for (const option of def['options'] as z.ZodType[]) {
      const found = child(unwrap(option)!, segment);
      if (found) return found;
    }
  }
  return undefined;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  for (let depth = 0; current && depth < 20; depth++) {
    const def = current._zod.def as unknown as Record<string, unknown> & { type: string };
    if (WRAPPERS.has(def.type)) current = def['innerType'] as z.ZodType;
    else if (def.type === 'pipe') current = def['in'] as z.ZodType;
    else if (def.type === 'lazy') current = (def['getter'] as () => z.ZodType)();
    else break;
  }
  return current;
}
