/**
 * @module Where each file monitor is written: the file (relative to the config folder) and the
 * 1-based line of its entry under `monitors:`, or of the `domains:` entry that generates it.
 * Read from the positioned tree the config was validated from, so that the API and the console
 * can say "defined in vigie.yaml, line 42".
 */
import { relative } from 'node:path';
import type { VigieConfig } from './config.schema.js';
import { locate, type ConfigNode } from './config-tree.js';
import { expandDomainEntry } from './domains-shortcut.js';

/** The place of one monitor's entry in the config files. */
export interface ConfigSource {
  /** The file, relative to the config folder (as given when it is outside it). */
  file: string;
  /** 1-based line of the entry. */
  line: number;
}

/** Config sources by monitor id. */
export type MonitorSources = ReadonlyMap<string, ConfigSource>;

/**
 * The source of every monitor of `config`, read from `tree` (the merged tree it was validated
 * from: its `monitors` and `domains` items are in the same order). `base` is the config folder.
 */
export function monitorSources(tree: ConfigNode, config: VigieConfig, base: string): Map<string, ConfigSource> {
  const sources = new Map<string, ConfigSource>();
  const add = (id: string, node: ConfigNode) => {
    if (node.at.line === undefined) return;
    const file = relative(base, node.at.file);
    sources.set(id, { file: file === '' || file.startsWith('..') ? node.at.file : file, line: node.at.line });
  };
  config.monitors.forEach((monitor, index) => add(monitor.id, locate(tree, ['monitors', index])));
  config.domains.forEach((entry, index) => {
    for (const { id } of expandDomainEntry(entry)) add(id, locate(tree, ['domains', index]));
  });
  return sources;
}
