/**
 * @module The anchor each alias of a parsed YAML document names, found in one pass without
 * recursion (a deeply nested file cannot overflow the stack). The `yaml` package's own
 * `Alias.resolve` walks the whole document for every alias, which a file of many aliases turns
 * into quadratic time.
 */
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Alias, Document, Node as YamlNode } from 'yaml';

/**
 * Every alias of `doc` and the node it refers to: the last node anchored with its name before it
 * in document order (as YAML defines it), or `undefined`.
 */
export function aliasTargets(doc: Document): Map<Alias, YamlNode | undefined> {
  const targets = new Map<Alias, YamlNode | undefined>();
  const anchors = new Map<string, YamlNode>();
  const pending: unknown[] = [doc.contents];
  while (pending.length > 0) {
    const item = pending.pop();
    if (isPair(item)) pending.push(item.value, item.key);
    else if (isAlias(item)) targets.set(item, anchors.get(item.source));
    else if (isScalar(item) || isMap(item) || isSeq(item)) {
      if (item.anchor) anchors.set(item.anchor, item);
      if (!isScalar(item)) for (let i = item.items.length - 1; i >= 0; i--) pending.push(item.items[i]);
    }
  }
  return targets;
}
