/**
 * @module The console's built files (Vite's output), read from disk once and kept in memory with
 * their ETag: the bundle is a few hundred kilobytes and never changes while Vigie runs, except
 * `index.html`, which is re-read when its modification time changes (a rebuild while running).
 * Only plain files inside the directory are served: no `..`, no hidden files, no directories.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { Rendered } from '../status/rendered-cache.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** Files larger than this are not served (nothing Vite makes for the console comes close). */
const MAX_BYTES = 8 * 1024 * 1024;
/** Path segments that may be served: no dot-files, no `..`, nothing unusual. */
const SAFE_SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** Files of one build directory, cached by relative path (including the misses of known paths). */
export class ConsoleFiles {
  readonly dir: string;
  private readonly cache = new Map<string, { mtimeMs: number; file: Rendered }>();

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  /** True when the build is there (its `index.html` exists). */
  async built(): Promise<boolean> {
    return (await this.read('index.html')) !== undefined;
  }

  /** A file by its path relative to the directory (`assets/index-3f2a.js`), or undefined. */
  async read(relative: string): Promise<Rendered | undefined> {
    const segments = relative.split('/');
    if (segments.length > 4 || !segments.every((s) => SAFE_SEGMENT.test(s))) return undefined;
    const type = TYPES[extname(relative).toLowerCase()];
    if (!type) return undefined;
    const path = join(this.dir, ...segments);
    if (!path.startsWith(this.dir + sep)) return undefined;
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile() || info.size > MAX_BYTES) return undefined;
    const cached = this.cache.get(relative);
    if (cached && cached.mtimeMs === info.mtimeMs) return cached.file;
    const body = await readFile(path).catch(() => undefined);
    if (!body) return undefined;
    const modified = Math.floor(info.mtimeMs / 1000) * 1000;
    const file: Rendered = {
      body,
      contentType: type,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      lastModified: modified,
      lastModifiedHttp: new Date(modified).toUTCString(),
    };
    // Hashed assets are a bounded set (one build); a cap keeps a misbehaving directory in check.
    if (this.cache.size > 2000) this.cache.clear();
    this.cache.set(relative, { mtimeMs: info.mtimeMs, file });
    return file;
  }
}
