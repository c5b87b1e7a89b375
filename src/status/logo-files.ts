/**
 * @module A status page's logo when it is a file: read once (at most 512 KiB), recognised as PNG,
 * JPEG or SVG from its first bytes, kept in memory with a strong ETag. A file that cannot be read
 * is retried after a minute, so fixing it needs no restart.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';

/** The largest logo served. */
export const MAX_LOGO_BYTES = 512 * 1024;
const RETRY_MS = 60_000;

/** A logo ready to send. */
export interface LogoFile {
  body: Buffer;
  contentType: string;
  etag: string;
}

/** The image type of a logo's bytes, or undefined when it is not PNG, JPEG or SVG. */
export function logoType(body: Buffer): string | undefined {
  if (body.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (body[0] === 0xff && body[1] === 0xd8 && body[2] === 0xff) return 'image/jpeg';
  const head = body.subarray(0, 1024).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!doctype svg[^>]*>\s*)?<svg[\s>]/i.test(head)) return 'image/svg+xml';
  return undefined;
}

/** Logo files by path, read on first use. */
export class LogoFiles {
  private readonly files = new Map<string, { logo: LogoFile | undefined; at: number }>();

  constructor(private readonly baseDir: string) {}

  /** The logo at `path` (relative to the config's folder), or undefined when it cannot be served. */
  async read(path: string): Promise<LogoFile | undefined> {
    const full = isAbsolute(path) ? path : resolve(this.baseDir, path);
    const known = this.files.get(full);
    if (known && (known.logo || Date.now() - known.at < RETRY_MS)) return known.logo;
    let logo: LogoFile | undefined;
    try {
      if ((await stat(full)).size <= MAX_LOGO_BYTES) {
        const body = await readFile(full);
        const contentType = logoType(body);
        if (contentType) logo = { body, contentType, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
      }
    } catch {
      logo = undefined;
    }
    this.files.set(full, { logo, at: Date.now() });
    return logo;
  }
}
