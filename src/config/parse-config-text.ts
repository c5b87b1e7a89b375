/**
 * @module Reads one YAML config text into a {@link ConfigNode} tree.
 *
 * Uses the `yaml` package's document API with a `LineCounter`, so every node keeps its line and
 * column. Environment references are expanded here, on the tree, so that positions survive.
 * Reports YAML syntax errors, duplicate keys and bad or unset variables as issues.
 */
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node as YamlNode, Scalar } from 'yaml';
import type { ConfigIssue, Origin } from './config-error.js';
import type { ConfigNode } from './config-tree.js';
import { expandEnv } from './env-expand.js';

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
  doc: Document;
  lines: LineCounter;
  env: Env;
  out: ParsedConfigText;
  /** Collections being converted, to stop an alias that refers to its own parent. */
  stack: Set<unknown>;
}

/** Parses `text` (the content of `file`) and expands `${VAR}` references from `env`. */
export function parseConfigText(text: string, file: string, env: Env): ParsedConfigText {
  const lines = new LineCounter();
  const doc = parseDocument(text, { keepSourceTokens: true, uniqueKeys: false, lineCounter: lines, prettyErrors: false });
  const out: ParsedConfigText = { issues: [] };
  if (doc.errors.length > 0) {
    const seen = new Set<string>();
    for (const error of doc.errors) {
      const pos = error.linePos?.[0] ?? lines.linePos(error.pos[0]);
      // The parser often adds follow-up errors at the same place; the first one says what is wrong.
      if (seen.has(`${pos.line}:${pos.col}`)) continue;
      seen.add(`${pos.line}:${pos.col}`);
      out.issues.push({ file, line: pos.line, column: pos.col, path: [], message: `YAML syntax error: ${sentence(error.message)}` });
    }
    return out;
  }
  const root: Origin = { file, line: 1, column: 1 };
  if (doc.contents === null) {
    out.tree = { kind: 'map', at: root, entries: new Map() };
    return out;
  }
  const walk: Walk = { file, doc, lines, env, out, stack: new Set() };
  const tree = convert(doc.contents, root, [], walk);
  if (tree && tree.kind !== 'map') {
    out.issues.push({ ...originOf(doc.contents, walk), path: [], message: 'the file must contain a map of settings (server, storage, scheduler, log, monitors)' });
    return out;
  }
  if (tree) out.tree = tree;
  return out;
}

function convert(node: unknown, at: Origin, path: PropertyKey[], walk: Walk): ConfigNode | undefined {
  if (isAlias(node)) {
    const target = node.resolve(walk.doc);
    if (!target || walk.stack.has(target)) {
      const poisoned: ConfigNode = { kind: 'scalar', at, value: null, reported: true };
      report(walk, originOf(node, walk), path, `alias *${node.source} cannot be used inside the value it names`, poisoned);
      return poisoned;
    }
    return convert(target, at, path, walk);
  }
  if (isScalar(node)) return convertScalar(node, at, path, walk);
  if (!isMap(node) && !isSeq(node)) return { kind: 'scalar', at, value: null };
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
  // An unquoted `${PORT}` reads like a number once expanded, as if the value had been written in place.
  const value = result.expanded && node.type === 'PLAIN' ? retype(result.value) : result.value;
  return { kind: 'scalar', at, value };
}

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

function retype(text: string): string | number | boolean {
  if (NUMBER.test(text)) return Number(text);
  if (/^(true|True|TRUE)$/.test(text)) return true;
  if (/^(false|False|FALSE)$/.test(text)) return false;
  return text;
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

function sentence(message: string): string {
  const trimmed = message.trim().replace(/\s+/g, ' ');
  return trimmed.charAt(0).toLowerCase() + trimmed.slice(1);
}
