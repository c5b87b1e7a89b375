/**
 * @module Body assertions of the `http` check: contains / not contains / regex / JSON path.
 *
 * Assertions are compiled once per configuration ({@link compileBodyAssertions}) and then run
 * against each body; each returns `undefined` when it holds or a readable failure sentence.
 */
import { quote } from '../tcp/quote.js';
import { lookupJsonPath, parseJsonPath, type JsonPath } from './json-path.js';

/** The body-related part of an `http` config. */
export interface BodyAssertionConfig {
  body_contains?: readonly string[] | undefined;
  body_not_contains?: readonly string[] | undefined;
  body_regex?: string | undefined;
  json_path?: readonly { path: string; equals?: unknown; exists?: boolean | undefined }[] | undefined;
}

interface JsonAssertion {
  path: JsonPath;
  /** JSON text of the expected value, or `undefined` when only existence is checked. */
  equals: string | undefined;
  exists: boolean;
}

/** Compiled body assertions. */
export interface BodyAssertions {
  contains: readonly string[];
  notContains: readonly string[];
  regex: RegExp | undefined;
  json: readonly JsonAssertion[];
  /** False when there is nothing to check, so the body need not be kept. */
  needed: boolean;
}

/** Compiles the assertions (regexes, paths) of a validated config. */
export function compileBodyAssertions(config: BodyAssertionConfig): BodyAssertions {
  const json: JsonAssertion[] = [];
  for (const a of config.json_path ?? []) {
    const path = parseJsonPath(a.path);
    if (typeof path === 'string') throw new Error(path);
    const equals = a.equals === undefined ? undefined : JSON.stringify(a.equals);
    json.push({ path, equals, exists: a.exists ?? true });
  }
  const contains = config.body_contains ?? [];
  const notContains = config.body_not_contains ?? [];
  const regex = config.body_regex === undefined ? undefined : new RegExp(config.body_regex);
  const needed = contains.length > 0 || notContains.length > 0 || regex !== undefined || json.length > 0;
  return { contains, notContains, regex, json, needed };
}

/**
 * Runs every assertion on the body and returns the first failure, or `undefined`.
 * `truncated` says the body was cut at `max_body_bytes`, which is mentioned in failures.
 */
export function checkBody(assertions: BodyAssertions, body: string, truncated: boolean): string | undefined {
  const cut = truncated ? ' (only the first max_body_bytes were read)' : '';
  for (const text of assertions.contains) {
    if (!body.includes(text)) return `body does not contain ${quote(text)}${cut}`;
  }
  for (const text of assertions.notContains) {
    if (body.includes(text)) return `body contains ${quote(text)}, which it must not`;
  }
  if (assertions.regex && !assertions.regex.test(body)) {
    return `body does not match /${assertions.regex.source}/${cut}`;
  }
  if (assertions.json.length > 0) return checkJson(assertions.json, body, cut);
  return undefined;
}

function checkJson(json: readonly JsonAssertion[], body: string, cut: string): string | undefined {
  let root: unknown;
  try {
    root = JSON.parse(body);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `body is not valid JSON${cut}, so ${json[0]!.path.display} cannot be checked: ${reason}`;
  }
  for (const assertion of json) {
    const failure = checkJsonAssertion(assertion, root);
    if (failure) return failure;
  }
  return undefined;
}

function checkJsonAssertion(assertion: JsonAssertion, root: unknown): string | undefined {
  const { path, equals, exists } = assertion;
  const found = lookupJsonPath(root, path);
  if (!exists) return found.found ? `${path.display} exists (${describe(found.value)}), expected it to be absent` : undefined;
  if (!found.found) return equals === undefined ? `${path.display} is missing` : `${path.display} is missing, expected ${clip(equals)}`;
  if (equals === undefined) return undefined;
  const actual = JSON.stringify(found.value);
  return actual === equals || sameJson(found.value, equals) ? undefined : `${path.display} is ${clip(actual)}, expected ${clip(equals)}`;
}

/** Deep equality that ignores object key order (the fast string comparison already failed). */
function sameJson(value: unknown, expectedJson: string): boolean {
  if (value === null || typeof value !== 'object') return false;
  return canonical(value) === canonical(JSON.parse(expectedJson));
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function describe(value: unknown): string {
  return clip(JSON.stringify(value) ?? 'undefined');
}

function clip(json: string, max = 80): string {
  return json.length > max ? `${json.slice(0, max)}…` : json;
}
