/**
 * @module Body assertions of the `http` check: contains / not contains / regex / JSON path.
 *
 * Assertions are compiled once per configuration ({@link compileBodyAssertions}) and then run
 * against each body; each returns `undefined` when it holds or a readable failure sentence in
 * English and French.
 */
import { quote } from '../net/quote.js';
import type { Texts } from '../net/texts.js';
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

const NOT_CUT: Texts = { en: '', fr: '' };
const CUT: Texts = { en: ' (only the first max_body_bytes were read)', fr: ' (seuls les max_body_bytes premiers octets ont été lus)' };

/**
 * Runs every assertion on the body and returns the first failure, or `undefined`.
 * `truncated` says the body was cut at `max_body_bytes`, which is mentioned in failures.
 */
export function checkBody(assertions: BodyAssertions, body: string, truncated: boolean): Texts | undefined {
  const cut = truncated ? CUT : NOT_CUT;
  for (const text of assertions.contains) {
    if (!body.includes(text)) return { en: `body does not contain ${quote(text)}${cut.en}`, fr: `le corps ne contient pas ${quote(text)}${cut.fr}` };
  }
  for (const text of assertions.notContains) {
    if (body.includes(text)) return { en: `body contains ${quote(text)}, which it must not`, fr: `le corps contient ${quote(text)}, ce qu’il ne doit pas` };
  }
  if (assertions.regex && !assertions.regex.test(body)) {
    const regex = `/${assertions.regex.source}/`;
    return { en: `body does not match ${regex}${cut.en}`, fr: `le corps ne correspond pas à ${regex}${cut.fr}` };
  }
  if (assertions.json.length > 0) return checkJson(assertions.json, body, cut);
  return undefined;
}

function checkJson(json: readonly JsonAssertion[], body: string, cut: Texts): Texts | undefined {
  let root: unknown;
  try {
    root = JSON.parse(body);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const path = json[0]!.path.display;
    return {
      en: `body is not valid JSON${cut.en}, so ${path} cannot be checked: ${reason}`,
      fr: `le corps n’est pas du JSON valide${cut.fr}, ${path} ne peut donc pas être vérifié : ${reason}`,
    };
  }
  for (const assertion of json) {
    const failure = checkJsonAssertion(assertion, root);
    if (failure) return failure;
  }
  return undefined;
}

function checkJsonAssertion(assertion: JsonAssertion, root: unknown): Texts | undefined {
  const { path, equals, exists } = assertion;
  const at = path.display;
  const found = lookupJsonPath(root, path);
  if (!exists) {
    if (!found.found) return undefined;
    const value = describe(found.value);
    return { en: `${at} exists (${value}), expected it to be absent`, fr: `${at} existe (${value}) alors qu’il devrait être absent` };
  }
  if (!found.found) {
    if (equals === undefined) return { en: `${at} is missing`, fr: `${at} est absent` };
    return { en: `${at} is missing, expected ${clip(equals)}`, fr: `${at} est absent, valeur attendue ${clip(equals)}` };
  }
  if (equals === undefined) return undefined;
  const actual = JSON.stringify(found.value);
  if (actual === equals || sameJson(found.value, equals)) return undefined;
  return { en: `${at} is ${clip(actual)}, expected ${clip(equals)}`, fr: `${at} vaut ${clip(actual)}, valeur attendue ${clip(equals)}` };
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
