/**
 * @module Writes a set of static files into a folder so that a file server reading it at any
 * moment sees either the old or the new version of each file, never half of one: each changed
 * file is written beside its place and renamed over it (atomic on one file system). Files whose
 * bytes did not change are not touched (their modification time, hence a server's ETag and
 * Last-Modified, stay). Resources are written before the HTML pages that link to them.
 *
 * The folder keeps a manifest (`.vigie-export.json`) of the files it wrote: files of a previous
 * export that are no longer produced (a history page, a page removed from the config) are
 * removed, and only those — anything else in the folder is left alone.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rmdir, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** The manifest's name, in the folder. */
export const MANIFEST = '.vigie-export.json';

/** What a write did. */
export interface WriteOutcome {
  /** Paths written (new or changed). */
  written: string[];
  /** Paths of the previous export removed. */
  removed: string[];
  /** How many files were already as they should be. */
  unchanged: number;
}

/** A relative path made of safe segments (no `..`, no absolute path). */
const SAFE_PATH = /^(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;

function checkPath(dir: string, path: string): string {
  const full = resolve(dir, path);
  if (!SAFE_PATH.test(path) || path === MANIFEST || relative(dir, full).startsWith('..')) throw new Error(`cannot write "${path}" in ${dir}: not a safe relative file path`);
  return full;
}

async function readOrUndefined(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch {
    return undefined;
  }
}

/** Writes `body` to `path` through a temporary file beside it and a rename. */
export async function writeAtomically(path: string, body: string | Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, body);
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/** The files the previous export wrote, from its manifest (none when there is no readable manifest). */
async function previousFiles(dir: string): Promise<string[]> {
  const text = await readOrUndefined(join(dir, MANIFEST));
  if (!text) return [];
  try {
    const parsed = JSON.parse(text.toString('utf8')) as { files?: unknown };
    return Array.isArray(parsed.files) ? parsed.files.filter((f): f is string => typeof f === 'string' && SAFE_PATH.test(f)) : [];
  } catch {
    return [];
  }
}

/** HTML last, the root `index.html` at the very end: a page never links to a file not written yet. */
function writeOrder(a: string, b: string): number {
  const rank = (p: string) => (p === 'index.html' ? 2 : p.endsWith('.html') ? 1 : 0);
  return rank(a) - rank(b) || a.localeCompare(b);
}

/** Removes `path`'s empty folders up to `dir`. */
async function pruneFolders(dir: string, path: string): Promise<void> {
  for (let folder = dirname(path); folder !== dir && folder.startsWith(`${dir}${sep}`); folder = dirname(folder)) {
    try {
      await rmdir(folder);
    } catch {
      return;
    }
  }
}

/**
 * Makes `dir` hold `files` (paths relative to it): changed files replaced atomically, files of
 * the previous export no longer in `files` removed, the manifest updated.
 * @throws Error when a path is not a safe relative path, or the folder cannot be written.
 */
export async function writeStaticSite(dir: string, files: ReadonlyMap<string, string | Buffer>): Promise<WriteOutcome> {
  const root = resolve(dir);
  const paths = [...files.keys()].sort(writeOrder);
  const targets = new Map(paths.map((p) => [p, checkPath(root, p)]));
  await mkdir(root, { recursive: true });
  const outcome: WriteOutcome = { written: [], removed: [], unchanged: 0 };
  for (const path of paths) {
    const body = files.get(path)!;
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const target = targets.get(path)!;
    const existing = await readOrUndefined(target);
    if (existing?.equals(bytes)) {
      outcome.unchanged++;
      continue;
    }
    await writeAtomically(target, bytes);
    outcome.written.push(path);
  }
  const before = await previousFiles(root);
  await writeAtomically(join(root, MANIFEST), `${JSON.stringify({ generator: 'vigie status export', files: [...paths].sort() }, null, 1)}\n`);
  for (const path of before) {
    if (files.has(path)) continue;
    const target = resolve(root, path);
    try {
      await unlink(target);
      outcome.removed.push(path);
    } catch {
      // Already gone (removed by hand): nothing to do.
    }
    await pruneFolders(root, target);
  }
  return outcome;
}
