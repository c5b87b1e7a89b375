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

/** What reading one file gives: the tree (absent on syntax errors), issues, and paths whose value is unusable. */
export interface ParsedConfigText {
  tree?: ConfigNode;
  issues: ConfigIssue[];
  /** Paths with an issue already reported (e.g. an unset variable); validation issues under them are noise. */
  reported: PropertyKey[][];
}

type Env = Readonly<Record<string, string | undefined>>;

interface Walk {
  file: string;
  doc: Document;
  lines: LineCounter;
  env: Env;
  out: ParsedConfigText;
  /** Alias targets being expanded, to stop an alias that refers to its own parent. */
  stack: Set<unknown>;
}

/** Parses `text` (the content of `file`) and expands `${VAR}` references from `env`. */
export function parseConfigText(text: string, file: string, env: Env): ParsedConfigText {
  const lines = new LineCounter();
  const doc = parseDocument(text, { keepSourceTokens: true, uniqueKeys: false, lineCounter: lines, prettyErrors: false });
  const out: ParsedConfigText = { issues: [], reported: [] };
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const pos = error.linePos?.[0] ?? lines.linePos(error.pos[0]);
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
    if (!target || walk.stack.has(target)) return report(walk, originOf(node, walk), path, `alias *${node.source} cannot be used inside the value it names`);
    walk.stack.add(target);
    const converted = convert(target, at, path, walk);
    walk.stack.delete(target);
    return converted;
  }
  if (isMap(node)) return convertMap(node.items, at, path, walk);
  if (isSeq(node)) {
    const items: ConfigNode[] = [];
    node.items.forEach((item, index) => {
      const child = convert(item, originOf(item, walk, at), [...path, index], walk);
      if (child) items.push(child);
    });
    return { kind: 'seq', at, items };
  }
  if (isScalar(node)) return convertScalar(node, at, path, walk);
  return { kind: 'scalar', at, value: null };
}

function convertMap(pairs: { key: unknown; value: unknown }[], at: Origin, path: PropertyKey[], walk: Walk): ConfigNode {
  const entries = new Map<string, ConfigNode>();
  for (const pair of pairs) {
    const keyAt = originOf(pair.key, walk, at);
    if (!isScalar(pair.key) || pair.key.value === null || typeof pair.key.value === 'object') {
      report(walk, keyAt, path, 'keys must be plain names');
      continue;
    }
    const key = String(pair.key.value);
    const first = entries.get(key);
    if (first) {
      report(walk, keyAt, [...path, key], `duplicate key; it is already set on line ${first.at.line}`);
      continue;
    }
    const child = convert(pair.value, keyAt, [...path, key], walk);
    if (child) entries.set(key, child);
  }
  return { kind: 'map', at, entries };
}

function convertScalar(node: Scalar, at: Origin, path: PropertyKey[], walk: Walk): ConfigNode {
  if (typeof node.value !== 'string') return { kind: 'scalar', at, value: node.value };
  const result = expandEnv(node.value, walk.env);
  if (!result.ok) {
    report(walk, originOf(node, walk, at), path, result.message);
    return { kind: 'scalar', at, value: node.value };
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

function report(walk: Walk, at: Origin, path: PropertyKey[], message: string): undefined {
  walk.out.issues.push({ ...at, path, message });
  walk.out.reported.push(path);
  return undefined;
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
