/**
 * @module Reads one YAML config text into a {@link ConfigNode} tree.
 *
 * The text is checked ({@link textIssue}) and read into a `yaml` document with line and column
 * of every node ({@link readYaml}: one document, bounded nesting, core tags only). Environment
 * references are expanded here, on the tree, so that positions survive. Reports duplicate keys and
 * bad or unset variables as issues.
 *
 * Reading is bounded, so that no file can hang the loader or exhaust memory (an "alias bomb"
 * nests aliases to expand a few hundred bytes into billions of values): see {@link CONFIG_LIMITS}.
 * A file past a limit gives one issue at the place where the limit was crossed, and no tree.
 */
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Alias, LineCounter, Node as YamlNode, Scalar } from 'yaml';
import type { ConfigIssue, Origin } from './config-error.js';
import type { ConfigNode } from './config-tree.js';
import { textIssue } from './config-text.js';
import { expandEnv } from './env-expand.js';
import { aliasTargets } from './alias-targets.js';
import { MAX_NESTING, readYaml } from './read-yaml.js';

/** How far one file may expand once read: aliases followed, values, text, and nesting. */
export const CONFIG_LIMITS = {
  /** Aliases followed, counting those met again inside the values of other aliases. */
  aliases: 10_000,
  /** Values (maps, lists and scalars) once aliases are expanded. */
  values: 500_000,
  /** Characters of keys and strings once aliases and `${VAR}` references are expanded (16 MiB). */
  textChars: 16 * 1024 * 1024,
  /** Levels of nested maps and lists. */
  depth: MAX_NESTING,
} as const;

/**
 * An issue found while reading, with the node it is about: once files are merged, list indexes
 * may shift (`monitors` of a second file), and the node gives the issue its path in the merged tree.
 */
export interface ReadIssue extends ConfigIssue {
  node?: ConfigNode;
  /** Path from `node` to the field (a duplicate key under its map). */
  suffix?: PropertyKey[];
}

/** What reading one file gives: the tree (absent on syntax errors) and the issues found. */
export interface ParsedConfigText {
  tree?: ConfigNode;
  issues: ReadIssue[];
}

type Env = Readonly<Record<string, string | undefined>>;

interface Walk {
  file: string;
  lines: LineCounter;
  env: Env;
  out: ParsedConfigText;
  /** Collections being converted, to stop an alias that refers to its own parent. */
  stack: Set<unknown>;
  /** The node each alias refers to. */
  aliasTargets: Map<Alias, YamlNode | undefined>;
  /** The alias written outside any aliased value that is being expanded: where a limit is reported. */
  via?: Alias;
  /** Aliases followed, values made and characters read so far, against {@link CONFIG_LIMITS}. */
  used: { aliases: number; values: number; textChars: number };
}

/** Thrown inside the conversion when a limit is crossed: reading stops there. */
class LimitCrossed {
  constructor(readonly issue: ReadIssue) {}
}

/** Parses `text` (the content of `file`) and expands `${VAR}` references from `env`. */
export function parseConfigText(text: string, file: string, env: Env): ParsedConfigText {
  const out: ParsedConfigText = { issues: [] };
  const notText = textIssue(text, file);
  if (notText) return { issues: [notText] };
  const read = readYaml(text, file);
  if (!read.ok) return { issues: read.issues };
  const { doc, lines } = read;
  const root: Origin = { file, line: 1, column: 1 };
  if (doc.contents === null) {
    out.tree = { kind: 'map', at: root, entries: new Map() };
    return out;
  }
  const walk: Walk = { file, lines, env, out, stack: new Set(), aliasTargets: aliasTargets(doc), used: { aliases: 0, values: 0, textChars: 0 } };
  let tree: ConfigNode | undefined;
  try {
    tree = convert(doc.contents, root, [], walk);
  } catch (error) {
    if (error instanceof LimitCrossed) return { issues: [error.issue] };
    throw error;
  }
  if (tree && tree.kind !== 'map') {
    out.issues.push({ ...originOf(doc.contents, walk), path: [], message: 'the file must contain a map of settings (server, storage, scheduler, log, monitors)' });
    return out;
  }
  if (tree) out.tree = tree;
  return out;
}

function convert(node: unknown, at: Origin, path: PropertyKey[], walk: Walk): ConfigNode | undefined {
  if (isAlias(node)) {
    count(walk, 'aliases', 1, node, at);
    const target = walk.aliasTargets.get(node);
    if (!target || walk.stack.has(target)) {
      const poisoned: ConfigNode = { kind: 'scalar', at, value: null, reported: true };
      report(walk, originOf(node, walk), path, `alias *${node.source} cannot be used inside the value it names`, poisoned);
      return poisoned;
    }
    const outer = walk.via;
    walk.via ??= node;
    const converted = convert(target, at, path, walk);
    walk.via = outer;
    return converted;
  }
  count(walk, 'values', 1, node, at);
  if (isScalar(node)) return convertScalar(node, at, path, walk);
  if (!isMap(node) && !isSeq(node)) return { kind: 'scalar', at, value: null };
  // Aliases can nest a value deeper than it is written.
  if (path.length >= CONFIG_LIMITS.depth) limitCrossed(walk, node, at, `maps and lists are nested more than ${CONFIG_LIMITS.depth} levels deep here once aliases are expanded; a config file may nest at most ${CONFIG_LIMITS.depth} levels`);
  walk.stack.add(node);
  const converted = isMap(node) ? convertMap(node.items, at, path, walk) : convertSeq(node.items, at, path, walk);
  walk.stack.delete(node);
  return converted;
}

function convertSeq(nodes: unknown[], at: Origin, path: PropertyKey[], walk: Walk): ConfigNode {
  const items: ConfigNode[] = [];
  nodes.forEach((item, index) => {
    const child = convert(item, originOf(item, walk, at), [...path, index], walk);
    if (child) items.push(child);
  });
  return { kind: 'seq', at, items };
}

function convertMap(pairs: { key: unknown; value: unknown }[], at: Origin, path: PropertyKey[], walk: Walk): ConfigNode {
  const entries = new Map<string, ConfigNode>();
  const map: ConfigNode = { kind: 'map', at, entries };
  for (const pair of pairs) {
    const keyAt = originOf(pair.key, walk, at);
    if (!isScalar(pair.key) || pair.key.value === null || typeof pair.key.value === 'object') {
      report(walk, keyAt, path, 'keys must be plain names', map);
      continue;
    }
    const key = String(pair.key.value);
    count(walk, 'textChars', key.length, pair.key, keyAt);
    const first = entries.get(key);
    if (first) {
      report(walk, keyAt, [...path, key], `duplicate key; it is already set on line ${first.at.line}`, map, [key]);
      continue;
    }
    const child = convert(pair.value, keyAt, [...path, key], walk);
    if (child) entries.set(key, child);
  }
  return map;
}

function convertScalar(node: Scalar, at: Origin, path: PropertyKey[], walk: Walk): ConfigNode {
  if (typeof node.value !== 'string') return { kind: 'scalar', at, value: node.value };
  const result = expandEnv(node.value, walk.env);
  if (!result.ok) {
    const poisoned: ConfigNode = { kind: 'scalar', at, value: node.value, reported: true };
    report(walk, originOf(node, walk, at), path, result.message, poisoned);
    return poisoned;
  }
  count(walk, 'textChars', result.value.length, node, at);
  // An unquoted, untagged `${PORT}` reads like a number once expanded, as if the value had been written in place.
  const value = result.expanded && node.type === 'PLAIN' && node.tag === undefined ? retype(result.value) : result.value;
  return { kind: 'scalar', at, value };
}

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

function retype(text: string): string | number | boolean {
  if (NUMBER.test(text)) return Number(text);
  if (/^(true|True|TRUE)$/.test(text)) return true;
  if (/^(false|False|FALSE)$/.test(text)) return false;
  return text;
}

const LIMIT_MESSAGES = {
  aliases: `aliases are followed more than ${CONFIG_LIMITS.aliases.toLocaleString('en-US')} times (counting aliases inside aliased values); a config file may follow at most ${CONFIG_LIMITS.aliases.toLocaleString('en-US')}`,
  values: `the file holds more than ${CONFIG_LIMITS.values.toLocaleString('en-US')} values once aliases are expanded; a config file may hold at most ${CONFIG_LIMITS.values.toLocaleString('en-US')}`,
  textChars: `the file's keys and strings exceed 16 MiB once aliases and \${VAR} references are expanded; a config file may expand to at most 16 MiB of text`,
} as const;

/** Adds `amount` to a budget; past its limit, reading stops with an issue at `node`. */
function count(walk: Walk, budget: keyof Walk['used'], amount: number, node: unknown, at: Origin): void {
  walk.used[budget] += amount;
  if (walk.used[budget] > CONFIG_LIMITS[budget]) limitCrossed(walk, node, at, LIMIT_MESSAGES[budget]);
}

function limitCrossed(walk: Walk, node: unknown, at: Origin, message: string): never {
  throw new LimitCrossed({ ...originOf(walk.via ?? node, walk, at), path: [], message });
}

function report(walk: Walk, at: Origin, path: PropertyKey[], message: string, node: ConfigNode, suffix: PropertyKey[] = []): void {
  walk.out.issues.push({ ...at, path, message, node, suffix });
}

function originOf(node: unknown, walk: Walk, fallback?: Origin): Origin {
  const range = (node as YamlNode | null | undefined)?.range;
  if (!range) return fallback ?? { file: walk.file, line: 1, column: 1 };
  const pos = walk.lines.linePos(range[0]);
  return { file: walk.file, line: pos.line, column: pos.col };
}
