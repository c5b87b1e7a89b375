/**
 * @module Rendered status documents (HTML, JSON, feeds, badges) kept per page and variant until
 * the page's next snapshot, with a strong ETag (a hash of the bytes) and a Last-Modified that
 * only moves when the bytes change: serving a document is a Map lookup.
 *
 * Last-Modified is the snapshot's `updatedAt` (the latest change the page shows) when the
 * document first appears; when a later snapshot renders it differently without a newer change
 * (the uptime bar of today grew, "updated N minutes ago"), it is the time of that snapshot, so
 * `If-Modified-Since` never hides a change.
 */
import { createHash } from 'node:crypto';
import type { PageSnapshot } from './status.types.js';

/** A rendered document and its validators. */
export interface Rendered {
  body: Buffer;
  contentType: string;
  /** Strong ETag, quoted. */
  etag: string;
  /** Epoch ms, whole seconds (HTTP dates have no milliseconds). */
  lastModified: number;
  /** `lastModified` as an HTTP date, for the header. */
  lastModifiedHttp: string;
}

/** Variants kept per page and snapshot; past that (a flood of distinct variants), documents are rendered and not kept. */
const MAX_VARIANTS = 256;
/** Variants whose validators are remembered across snapshots. */
const MAX_REMEMBERED = 1024;

interface PageEntry {
  snapshot: PageSnapshot;
  outputs: Map<string, Rendered>;
}

function seconds(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

/** Rendered documents of every page. */
export class RenderedCache {
  private readonly pages = new Map<string, PageEntry>();
  /** `${pageId}\n${variant}` → the ETag and Last-Modified last served, across snapshots. */
  private readonly validators = new Map<string, { etag: string; lastModified: number }>();

  /**
   * The document `variant` of `snapshot`, rendered by `render` on first use and kept until the
   * page has a new snapshot.
   */
  get(snapshot: PageSnapshot, variant: string, contentType: string, render: () => string | Buffer): Rendered {
    const pageId = snapshot.page.id;
    let entry = this.pages.get(pageId);
    if (!entry || entry.snapshot !== snapshot) this.pages.set(pageId, (entry = { snapshot, outputs: new Map() }));
    const kept = entry.outputs.get(variant);
    if (kept) return kept;
    const rendered = this.validate(snapshot, variant, contentType, render());
    if (entry.outputs.size < MAX_VARIANTS) entry.outputs.set(variant, rendered);
    return rendered;
  }

  /** Forgets the documents of every page (their next request renders them again). */
  clear(): void {
    this.pages.clear();
  }

  /** Forgets the pages not in `ids` (removed from the config). */
  retain(ids: ReadonlySet<string>): void {
    for (const id of this.pages.keys()) if (!ids.has(id)) this.pages.delete(id);
    for (const key of this.validators.keys()) if (!ids.has(key.slice(0, key.indexOf('\n')))) this.validators.delete(key);
  }

  private validate(snapshot: PageSnapshot, variant: string, contentType: string, output: string | Buffer): Rendered {
    const body = typeof output === 'string' ? Buffer.from(output, 'utf8') : output;
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    const key = `${snapshot.page.id}\n${variant}`;
    const before = this.validators.get(key);
    let lastModified = seconds(snapshot.updatedAt);
    if (before?.etag === etag) lastModified = before.lastModified;
    else if (before && lastModified <= before.lastModified) lastModified = Math.max(seconds(snapshot.builtAt), before.lastModified + 1000);
    if (before || this.validators.size < MAX_REMEMBERED) this.validators.set(key, { etag, lastModified });
    return { body, contentType, etag, lastModified, lastModifiedHttp: new Date(lastModified).toUTCString() };
  }
}
