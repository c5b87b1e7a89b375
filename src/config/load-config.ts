/**
 * @module Loads the config from a file or a directory of YAML files.
 *
 * The pipeline: read each file into a positioned tree (expanding `${VAR}`), merge the trees,
 * validate with the config schema, and map every issue back to its file, line and column.
 * All issues are reported together in one {@link ConfigError}.
 */
import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ConfigIssue, Origin } from './config-error.js';
import { ConfigError, formatOrigin, formatPath } from './config-error.js';
import { isReported, locate, mergeNodes, pathsOf, toPlain, type ConfigNode } from './config-tree.js';
import { decodeConfigBytes, readConfigBytes, sizeIssue } from './config-text.js';
import { parseConfigText, type ReadIssue } from './parse-config-text.js';
import { configSchema, DUPLICATE_ID_ISSUE, findDuplicateIds, type VigieConfig } from './config.schema.js';
import { readableIssues } from './readable-issues.js';
import { monitorSources, type MonitorSources } from './monitor-sources.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The environment variable holding the PostgreSQL URL; it takes precedence over `storage.url`. */
export const DATABASE_URL_ENV = 'VIGIE_DATABASE_URL';

/** A loaded config and the files it was read from, in merge order. */
export interface LoadedConfig {
  config: VigieConfig;
  files: string[];
  /** The merged, positioned tree the config was validated from (to place warnings with `locate`). */
  tree?: ConfigNode;
  /** Where each monitor is written (file relative to the config folder, line). */
  sources: MonitorSources;
}

/**
 * Loads `path`: one YAML file, or every `*.yaml`/`*.yml` file of a directory merged in name order
 * (maps deep-merged, lists concatenated). Throws a {@link ConfigError} listing every issue.
 */
export async function loadConfig(path: string, env: Env = process.env): Promise<LoadedConfig> {
  const files = await configFiles(path);
  const texts = await Promise.all(files.map((file) => readText(file)));
  const { config, tree } = parseConfigTree(files.map((file, i) => ({ file, text: texts[i]! })), env);
  const base = files.length === 1 && files[0] === path ? dirname(path) : path;
  return { config, files, tree, sources: monitorSources(tree, config, base) };
}

/** Validates already-read config texts (merged in the given order); throws a {@link ConfigError}. */
export function parseConfigFiles(sources: readonly { file: string; text: string }[], env: Env = process.env): VigieConfig {
  return parseConfigTree(sources, env).config;
}

/** {@link parseConfigFiles}, also giving the merged tree. */
function parseConfigTree(sources: readonly { file: string; text: string }[], env: Env): { config: VigieConfig; tree: ConfigNode } {
  const readIssues: ReadIssue[] = [];
  const issues: ConfigIssue[] = [];
  let tree: ConfigNode | undefined;
  let syntaxErrors = false;
  for (const { file, text } of sources) {
    const parsed = parseConfigText(text, file, env);
    readIssues.push(...parsed.issues);
    if (!parsed.tree) syntaxErrors = true;
    else tree = tree ? mergeNodes(tree, parsed.tree, [], issues) : parsed.tree;
  }
  issues.push(...inMergedTree(readIssues, tree));
  if (syntaxErrors || !tree) throw new ConfigError(sortIssues(issues, sources));
  tree = withDatabaseUrl(tree, env);
  issues.push(...duplicateIdIssues(tree));
  const result = configSchema.safeParse(toPlain(tree), { reportInput: true });
  if (!result.success) {
    for (const issue of readableIssues(result.error.issues, configSchema)) {
      if (issue.params?.['kind'] === DUPLICATE_ID_ISSUE) continue; // already reported with both positions
      if (isReported(tree, issue.path)) continue; // the value already has an issue of its own
      issues.push({ ...locate(tree, issue.path).at, path: issue.path, message: issue.message });
    }
  }
  if (issues.length > 0) throw new ConfigError(sortIssues(issues, sources));
  return { config: result.data!, tree };
}

async function configFiles(path: string): Promise<string[]> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (error) {
    throw new ConfigError([{ file: path, path: [], message: `cannot read the config: ${reason(error)}` }]);
  }
  if (!isDirectory) return [path];
  const names = (await readdir(path)).filter((name) => /\.ya?ml$/i.test(name) && !name.startsWith('.')).sort();
  if (names.length === 0) throw new ConfigError([{ file: path, path: [], message: 'the directory has no *.yaml or *.yml file' }]);
  return names.map((name) => join(path, name));
}

/** Reads one file as UTF-8 text; a file too large (by its size before reading, or while reading) or not text is refused. */
async function readText(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    const tooLarge = sizeIssue((await stat(file)).size, file);
    if (tooLarge) throw new ConfigError([tooLarge]);
    bytes = await readConfigBytes(file);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError([{ file, path: [], message: `cannot read the config: ${reason(error)}` }]);
  }
  const decoded = decodeConfigBytes(bytes, file);
  if ('issue' in decoded) throw new ConfigError([decoded.issue]);
  return decoded.text;
}

/** Puts `VIGIE_DATABASE_URL`, when set, in place of `storage.url`, so it is validated with the rest. */
function withDatabaseUrl(tree: ConfigNode, env: Env): ConfigNode {
  const url = env[DATABASE_URL_ENV];
  if (!url || tree.kind !== 'map') return tree;
  const at: Origin = { file: `${DATABASE_URL_ENV} (environment)` };
  const storage = tree.entries.get('storage');
  const entries = new Map(storage?.kind === 'map' ? storage.entries : []);
  entries.set('url', { kind: 'scalar', at, value: url });
  const merged: ConfigNode = { kind: 'map', at: storage?.at ?? at, entries };
  return { ...tree, entries: new Map(tree.entries).set('storage', merged) };
}

/** Gives issues found while reading their path in the merged tree (list indexes shift when files are merged). */
function inMergedTree(readIssues: readonly ReadIssue[], tree: ConfigNode | undefined): ConfigIssue[] {
  const paths = tree ? pathsOf(tree) : new Map<ConfigNode, PropertyKey[]>();
  return readIssues.map(({ node, suffix, ...issue }) => {
    const nodePath = node && paths.get(node);
    return nodePath ? { ...issue, path: [...nodePath, ...(suffix ?? [])] } : issue;
  });
}

/** Duplicate monitor ids, found before validation so they are reported with every other issue. */
function duplicateIdIssues(tree: ConfigNode): ConfigIssue[] {
  const monitors = locate(tree, ['monitors']);
  if (monitors.kind !== 'seq') return [];
  return findDuplicateIds(monitors.items.map(toPlain)).map(({ index, firstIndex, id }) => {
    const first = locate(tree, ['monitors', firstIndex, 'id']).at;
    const path = ['monitors', index, 'id'];
    return { ...locate(tree, path).at, path, message: `duplicate monitor id ${JSON.stringify(id)}; it is already used at ${formatOrigin(first)} (monitors[${firstIndex}])` };
  });
}

function sortIssues(issues: ConfigIssue[], sources: readonly { file: string }[]): ConfigIssue[] {
  const order = (file: string) => {
    const index = sources.findIndex((s) => s.file === file);
    return index === -1 ? sources.length : index;
  };
  const unique = [...new Map(issues.map((i) => [`${formatOrigin(i)} ${formatPath(i.path)} ${i.message}`, i])).values()];
  return unique.sort((a, b) => order(a.file) - order(b.file) || (a.line ?? Infinity) - (b.line ?? Infinity) || (a.column ?? 0) - (b.column ?? 0));
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}
