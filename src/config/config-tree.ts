/**
 * @module The config as a tree of values that remember where they were written.
 *
 * Files are read into this tree, merged, and only then turned into plain values for validation,
 * so that every validation issue can be mapped back to a file, line and column.
 */
import type { ConfigIssue, Origin } from './config-error.js';
import { formatOrigin } from './config-error.js';

/**
 * A map, list or scalar with the place where it was named (the key of a map entry, the item of a
 * list). `reported` marks a value that already has an issue (e.g. an unset variable), so that
 * validation issues about it, which would only repeat the problem, are left out.
 */
export type ConfigNode = (
  | { kind: 'map'; at: Origin; entries: Map<string, ConfigNode> }
  | { kind: 'seq'; at: Origin; items: ConfigNode[] }
  | { kind: 'scalar'; at: Origin; value: unknown }
) & { reported?: true };

/** Turns a tree into plain values; an empty value (`key:`) becomes `undefined`, i.e. "not set". */
export function toPlain(node: ConfigNode): unknown {
  if (node.kind === 'scalar') return node.value === null ? undefined : node.value;
  if (node.kind === 'seq') return node.items.map((item) => (item.kind === 'scalar' ? item.value : toPlain(item)));
  const out: Record<string, unknown> = {};
  for (const [key, child] of node.entries) out[key] = toPlain(child);
  return out;
}

/** The node at `path`, or the deepest existing ancestor when the path goes further than the tree. */
export function locate(root: ConfigNode, path: readonly PropertyKey[]): ConfigNode {
  return nodesAlong(root, path).at(-1)!;
}

/** True when a node on `path` already has an issue of its own. */
export function isReported(root: ConfigNode, path: readonly PropertyKey[]): boolean {
  return nodesAlong(root, path).some((node) => node.reported);
}

/** The path of every node of the tree. */
export function pathsOf(root: ConfigNode): Map<ConfigNode, PropertyKey[]> {
  const paths = new Map<ConfigNode, PropertyKey[]>();
  const visit = (node: ConfigNode, path: PropertyKey[]) => {
    paths.set(node, path);
    if (node.kind === 'map') for (const [key, child] of node.entries) visit(child, [...path, key]);
    if (node.kind === 'seq') node.items.forEach((item, index) => visit(item, [...path, index]));
  };
  visit(root, []);
  return paths;
}

function nodesAlong(root: ConfigNode, path: readonly PropertyKey[]): ConfigNode[] {
  const nodes = [root];
  let node = root;
  for (const segment of path) {
    const next =
      node.kind === 'map' ? node.entries.get(String(segment)) : node.kind === 'seq' && typeof segment === 'number' ? node.items[segment] : undefined;
    if (!next) break;
    nodes.push(next);
    node = next;
  }
  return nodes;
}

/**
 * Merges `b` into `a`: maps deep-merged, lists concatenated, equal scalars kept. A scalar set
 * differently (or a map in one file and a value in the other) is an issue naming both places.
 */
export function mergeNodes(a: ConfigNode, b: ConfigNode, path: PropertyKey[], issues: ConfigIssue[]): ConfigNode {
  if (a.kind === 'map' && b.kind === 'map') {
    const entries = new Map(a.entries);
    for (const [key, child] of b.entries) {
      const existing = entries.get(key);
      entries.set(key, existing ? mergeNodes(existing, child, [...path, key], issues) : child);
    }
    return { kind: 'map', at: a.at, entries };
  }
  if (a.kind === 'seq' && b.kind === 'seq') return { kind: 'seq', at: a.at, items: [...a.items, ...b.items] };
  if (a.kind === 'scalar' && b.kind === 'scalar' && a.value === b.value) return a;
  issues.push({
    ...b.at,
    path,
    message: `set to ${describeNode(b)} here but to ${describeNode(a)} in ${formatOrigin(a.at)}; set it in one file only`,
  });
  return a;
}

function describeNode(node: ConfigNode): string {
  if (node.kind === 'map') return 'a map';
  if (node.kind === 'seq') return 'a list';
  return node.value === null ? 'an empty value' : JSON.stringify(node.value);
}
