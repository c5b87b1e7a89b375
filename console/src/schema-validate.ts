/**
 * @module JSON Schema for the console's generated forms: the subset the API's zod schemas produce
 * (objects, strings with patterns and enums, numbers with bounds, booleans, arrays, anyOf/oneOf),
 * a validator that mirrors the API's checks and names fields as the API's `issues[].path` does
 * (`http.url`, `tags[2]`), and the clean-up of a form's value before it is sent.
 */

export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
}

/** Text typed in a JSON field that does not parse (kept so the person can fix it). */
export class Unparsed {
  constructor(readonly text: string) {}
}

/** One problem: the field's path and a message key of `schemaForm.errors` with its values. */
export interface Problem {
  path: string;
  key: string;
  values?: Record<string, string | number>;
}

/** The duration fields of the API: `30s`, `5m`, `1h`… (or milliseconds as a number). */
export function isDuration(schema: JsonSchema): boolean {
  return (schema.anyOf ?? []).some((b) => b.type === 'string' && typeof b.pattern === 'string' && b.pattern.includes('(ms|s|m|h|d)'));
}

export const childPath = (path: string, key: string): string => (path ? `${path}.${key}` : key);
export const itemPath = (path: string, index: number): string => `${path}[${index}]`;

/** The variant of an object-level oneOf/anyOf the value has chosen (the one whose required keys it holds). */
export function chosenVariant(variants: readonly JsonSchema[], value: unknown): JsonSchema | undefined {
  if (!isObject(value)) return undefined;
  return variants.find((v) => (v.required ?? []).length > 0 && (v.required ?? []).every((k) => value[k] !== undefined));
}

/** The variants of an object-level choice (each an object with properties), or undefined. */
export function objectVariants(schema: JsonSchema): JsonSchema[] | undefined {
  const variants = schema.oneOf ?? schema.anyOf;
  return variants && variants.length > 0 && variants.every((v) => v.properties && (v.required ?? []).length > 0) ? variants : undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Unparsed);
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(schema: JsonSchema, value: unknown): boolean {
  if (schema.type === undefined) return true;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const actual = typeOf(value);
  return types.some((t) => t === actual || (t === 'number' && actual === 'integer'));
}

/** The problems of `value` against `schema` (empty when valid). */
export function validate(schema: JsonSchema, value: unknown, path = ''): Problem[] {
  if (value instanceof Unparsed) return [{ path, key: 'json' }];
  const branches = objectVariants(schema) ? undefined : (schema.anyOf ?? schema.oneOf);
  if (branches) {
    const results = branches.map((b) => validate(b, value, path));
    if (results.some((r) => r.length === 0)) return [];
    if (isDuration(schema)) return [{ path, key: 'duration' }];
    const sameType = results.find((r, i) => typeMatches(branches[i]!, value) && r.length > 0);
    return sameType ?? [{ path, key: 'invalid' }];
  }
  if (schema.const !== undefined && JSON.stringify(schema.const) !== JSON.stringify(value)) return [{ path, key: 'invalid' }];
  if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) return [{ path, key: 'enum', values: { values: schema.enum.map(String).join(', ') } }];
  if (!typeMatches(schema, value)) return [{ path, key: `type_${Array.isArray(schema.type) ? schema.type[0] : schema.type}` }];
  if (typeof value === 'string') return validateString(schema, value, path);
  if (typeof value === 'number') return validateNumber(schema, value, path);
  if (Array.isArray(value)) return validateArray(schema, value, path);
  if (isObject(value)) return validateObject(schema, value, path);
  return [];
}

function validateString(schema: JsonSchema, value: string, path: string): Problem[] {
  if (schema.minLength !== undefined && value.length < schema.minLength) return [{ path, key: schema.minLength === 1 ? 'required' : 'minLength', values: { n: schema.minLength } }];
  if (schema.maxLength !== undefined && value.length > schema.maxLength) return [{ path, key: 'maxLength', values: { n: schema.maxLength } }];
  if (schema.pattern !== undefined) {
    let pattern: RegExp | undefined;
    try {
      pattern = new RegExp(schema.pattern, 'u');
    } catch {
      pattern = undefined; // A pattern this browser cannot read: the server still checks it.
    }
    if (pattern && !pattern.test(value)) return [{ path, key: 'pattern' }];
  }
  return [];
}

function validateNumber(schema: JsonSchema, value: number, path: string): Problem[] {
  if (!Number.isFinite(value)) return [{ path, key: 'type_number' }];
  if (schema.minimum !== undefined && value < schema.minimum) return [{ path, key: 'minimum', values: { n: schema.minimum } }];
  if (schema.maximum !== undefined && value > schema.maximum) return [{ path, key: 'maximum', values: { n: schema.maximum } }];
  if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) return [{ path, key: 'exclusiveMinimum', values: { n: schema.exclusiveMinimum } }];
  if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) return [{ path, key: 'exclusiveMaximum', values: { n: schema.exclusiveMaximum } }];
  return [];
}

function validateArray(schema: JsonSchema, value: unknown[], path: string): Problem[] {
  if (schema.minItems !== undefined && value.length < schema.minItems) return [{ path, key: 'minItems', values: { n: schema.minItems } }];
  if (schema.maxItems !== undefined && value.length > schema.maxItems) return [{ path, key: 'maxItems', values: { n: schema.maxItems } }];
  return schema.items ? value.flatMap((item, i) => validate(schema.items!, item, itemPath(path, i))) : [];
}

function validateObject(schema: JsonSchema, value: Record<string, unknown>, path: string): Problem[] {
  const problems: Problem[] = [];
  let properties = { ...schema.properties };
  const required = [...(schema.required ?? [])];
  const variants = objectVariants(schema);
  if (variants) {
    const chosen = chosenVariant(variants, value);
    if (!chosen) problems.push({ path: childPath(path, '$choice'), key: 'choice' });
    else {
      properties = { ...properties, ...chosen.properties };
      required.push(...(chosen.required ?? []));
    }
    // Keys of the variants not chosen are not allowed alongside.
    for (const v of variants) if (v !== chosen) for (const k of Object.keys(v.properties ?? {})) if (value[k] !== undefined) problems.push({ path: childPath(path, k), key: 'unknown' });
  }
  for (const key of required) if (value[key] === undefined) problems.push({ path: childPath(path, key), key: 'required' });
  const variantKeys = new Set((variants ?? []).flatMap((v) => Object.keys(v.properties ?? {})));
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    const property = properties[key];
    if (property) problems.push(...validate(property, item, childPath(path, key)));
    else if (typeof schema.additionalProperties === 'object') problems.push(...validate(schema.additionalProperties, item, childPath(path, key)));
    else if (schema.additionalProperties === false && !variantKeys.has(key)) problems.push({ path: childPath(path, key), key: 'unknown' });
  }
  return problems;
}

/**
 * The value as the API should get it: empty texts and lists left out (their defaults apply),
 * list items trimmed, and a duration or number typed as digits sent as a number.
 */
export function prune(schema: JsonSchema, value: unknown): unknown {
  if (value === undefined || value === null || value instanceof Unparsed) return value;
  if (typeof value === 'string') {
    if (value.trim() === '') return undefined;
    const branches = schema.anyOf ?? schema.oneOf ?? [];
    if (branches.some((b) => b.type === 'number' || b.type === 'integer') && /^\d+(\.\d+)?$/.test(value.trim())) return Number(value.trim());
    return value;
  }
  if (Array.isArray(value)) {
    const items = schema.items ?? {};
    const out = value.map((v) => (typeof v === 'string' ? v.trim() : v)).map((v) => prune(items, v)).filter((v) => v !== undefined);
    return out.length === 0 ? undefined : out;
  }
  if (isObject(value)) {
    const variants = objectVariants(schema) ?? [];
    const properties: Record<string, JsonSchema> = { ...schema.properties, ...Object.assign({}, ...variants.map((v) => v.properties)) };
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const kept = prune(properties[key] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : {}), item);
      if (kept !== undefined) out[key] = kept;
      // A chosen variant's block stays even when empty: it says which one was chosen.
      else if (variants.some((v) => v.required?.includes(key)) && isObject(item)) out[key] = {};
    }
    return out;
  }
  return value;
}

/** Gets the value at a path of keys. */
export function getAt(value: unknown, keys: readonly string[]): unknown {
  let current = value;
  for (const key of keys) current = isObject(current) ? current[key] : undefined;
  return current;
}

/** A copy of `value` with `next` at the path of keys (undefined removes the key). */
export function setAt(value: unknown, keys: readonly string[], next: unknown): Record<string, unknown> {
  const base = isObject(value) ? { ...value } : {};
  const [head, ...rest] = keys;
  if (head === undefined) return base;
  const child = rest.length === 0 ? next : setAt(base[head], rest, next);
  if (child === undefined) delete base[head];
  else base[head] = child;
  return base;
}
