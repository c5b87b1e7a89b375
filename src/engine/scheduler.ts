/**
 * @module The scheduler: decides when each monitor is due, without drift and without overlap.
 *
 * Due times are `anchor + k × interval`, so a late run never pushes later runs back. The anchor
 * is spread over the interval (capped at a minute) by a hash of the monitor id, so thousands of
 * monitors do not fire in the same millisecond, and the spread survives restarts. A monitor
 * whose previous run is still going when it is due again skips that slot (counted) instead of
 * overlapping itself.
 */
import { createHash } from 'node:crypto';
import { MinHeap } from './min-heap.js';

export interface ScheduledItem {
  id: string;
  intervalMs: number;
}

interface Entry {
  item: ScheduledItem;
  anchor: number;
  generation: number;
  running: boolean;
}

export interface SchedulerHooks {
  /** A monitor is due. Call `finished()` when its run (and evaluation) is over. */
  onDue(item: ScheduledItem, dueAt: number, finished: () => void): void;
  /** A due slot was skipped because the previous run had not finished. */
  onSkip?(item: ScheduledItem, dueAt: number): void;
  /** Slots that passed entirely while the process was busy or asleep (should stay at 0). */
  onMissed?(item: ScheduledItem, slots: number): void;
  now?: () => number;
}

/** The first-run offset for an id: stable, spread over min(interval, 60 s). */
export function jitterOffset(id: string, intervalMs: number): number {
  const spread = Math.min(intervalMs, 60_000);
  const hash = createHash('sha1').update(id).digest().readUInt32BE(0);
  return hash % spread;
}

/** The first due time strictly after `now` for a schedule anchored at `anchor`. */
export function nextDue(anchor: number, intervalMs: number, now: number): number {
  if (now < anchor) return anchor;
  return anchor + (Math.floor((now - anchor) / intervalMs) + 1) * intervalMs;
}

export class Scheduler {
  private readonly entries = new Map<string, Entry>();
  private readonly heap = new MinHeap<{ id: string; generation: number; due: number }>();
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private generationSeq = 0;
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly hooks: SchedulerHooks, private readonly jitter = true) {
    this.now = hooks.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Adds or reschedules a monitor. An unchanged interval keeps its phase. */
  upsert(item: ScheduledItem): void {
    const existing = this.entries.get(item.id);
    const now = this.now();
    if (existing && existing.item.intervalMs === item.intervalMs) {
      existing.item = item;
      return;
    }
    const anchor = now + (this.jitter ? jitterOffset(item.id, item.intervalMs) : 0);
    const entry: Entry = { item, anchor, generation: ++this.generationSeq, running: existing?.running ?? false };
    this.entries.set(item.id, entry);
    this.push(entry, anchor);
  }

  remove(id: string): void {
    this.entries.delete(id);
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  isRunning(id: string): boolean {
    return this.entries.get(id)?.running ?? false;
  }

  /** Marks a monitor as running outside its schedule (run now), so the schedule skips instead of overlapping. */
  claim(id: string): boolean {
    const entry = this.entries.get(id);
    if (!entry || entry.running) return false;
    entry.running = true;
    return true;
  }

  release(id: string): void {
    const entry = this.entries.get(id);
    if (entry) entry.running = false;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private push(entry: Entry, due: number): void {
    this.heap.push(due, { id: entry.item.id, generation: entry.generation, due });
    this.arm();
  }

  private arm(): void {
    if (this.stopped) return;
    const next = this.heap.peekKey();
    if (next === undefined) return;
    if (this.timer && next >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = next;
    this.timer = setTimeout(() => this.tick(), Math.max(0, next - this.now()));
  }

  private tick(): void {
    this.timer = null;
    this.timerAt = Infinity;
    const now = this.now();
    while ((this.heap.peekKey() ?? Infinity) <= now) {
      const slot = this.heap.pop()!;
      const entry = this.entries.get(slot.id);
      if (!entry || entry.generation !== slot.generation) continue;
      const following = nextDue(entry.anchor, entry.item.intervalMs, Math.max(now, slot.due));
      this.heap.push(following, { id: slot.id, generation: entry.generation, due: following });
      const missed = Math.round((following - slot.due) / entry.item.intervalMs) - 1;
      if (missed > 0) this.hooks.onMissed?.(entry.item, missed);
      if (entry.running) {
        this.hooks.onSkip?.(entry.item, slot.due);
        continue;
      }
      entry.running = true;
      const generation = entry.generation;
      this.hooks.onDue(entry.item, slot.due, () => {
        const current = this.entries.get(slot.id);
        if (current && (current.generation === generation || current.running)) current.running = false;
      });
    }
    this.arm();
  }
}
