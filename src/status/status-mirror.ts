/**
 * @module Keeps a folder of static status pages current (`vigie status mirror`): a
 * {@link StatusService} without HTTP rebuilds the snapshots when the store changes (its probe
 * sees other processes' writes), every minute, and while the store is unreachable; each new set
 * of snapshots is written with {@link writeStaticSite} (changed files replaced atomically,
 * files no longer produced removed).
 *
 * While the store cannot be read, the service marks the last snapshots stale: the files then
 * show the last known state with the same notice as the live page. If the store cannot be read
 * when the mirror starts, the folder is left as the last export wrote it until a build succeeds.
 * Writes never overlap: snapshots arriving during a write are written right after it (only the
 * latest).
 */
import type { Logger } from 'pino';
import { siteFiles, type ExportSelection, type SiteOptions } from './static-export.js';
import { writeStaticSite, type WriteOutcome } from './static-writer.js';
import type { StatusService } from './status-service.js';
import type { PageSnapshot } from './status.types.js';

export interface StatusMirrorOptions {
  /** A status service not started yet; the mirror starts and stops it. */
  service: StatusService;
  dir: string;
  /** Which pages, and how they are laid out (see `static-export.ts`). */
  selection: ExportSelection;
  site: Omit<SiteOptions, 'now'>;
  log: Pick<Logger, 'info' | 'warn' | 'debug'>;
  now?: () => number;
}

/** Writes the status pages into a folder on every change. */
export class StatusMirror {
  private pending: ReadonlyMap<string, PageSnapshot> | null = null;
  private writing: Promise<void> | null = null;
  private off: (() => void) | null = null;
  private writes = 0;

  constructor(private readonly opts: StatusMirrorOptions) {}

  /** Follows the store; resolves after the first build (and its write, when it succeeded). */
  async start(): Promise<void> {
    this.off = this.opts.service.onSnapshots((snapshots) => this.queue(snapshots));
    await this.opts.service.start();
    await this.idle();
    if (this.opts.service.all().size === 0) this.opts.log.warn({ dir: this.opts.dir }, 'status mirror: the store cannot be read yet; the folder keeps its last export until it can');
  }

  async stop(): Promise<void> {
    this.off?.();
    await this.opts.service.stop();
    await this.idle();
  }

  /** Resolves when every set of snapshots received so far is written. */
  async idle(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /** How many writes have completed. */
  get writeCount(): number {
    return this.writes;
  }

  private queue(snapshots: ReadonlyMap<string, PageSnapshot>): void {
    this.pending = snapshots;
    this.writing ??= this.drain();
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending) {
        const snapshots = this.pending;
        this.pending = null;
        try {
          this.report(await this.write(snapshots), snapshots);
        } catch (err) {
          this.opts.log.warn({ err, dir: this.opts.dir }, 'status mirror: could not write the files; retrying at the next change');
        }
      }
    } finally {
      // In the same step as the last check of `pending`: a queue() after this starts a new drain.
      this.writing = null;
    }
  }

  private async write(snapshots: ReadonlyMap<string, PageSnapshot>): Promise<WriteOutcome> {
    const files = await siteFiles(snapshots, this.opts.selection, { ...this.opts.site, now: (this.opts.now ?? Date.now)() });
    const outcome = await writeStaticSite(this.opts.dir, files);
    this.writes++;
    return outcome;
  }

  private report(outcome: WriteOutcome, snapshots: ReadonlyMap<string, PageSnapshot>): void {
    const stale = [...snapshots.values()].some((s) => s.stale !== null);
    const entry = { dir: this.opts.dir, written: outcome.written.length, removed: outcome.removed.length, unchanged: outcome.unchanged, stale };
    if (outcome.written.length > 0 || outcome.removed.length > 0) this.opts.log.info(entry, stale ? 'status mirror: files written, marked stale (the store cannot be read)' : 'status mirror: files written');
    else this.opts.log.debug(entry, 'status mirror: nothing changed');
  }
}
