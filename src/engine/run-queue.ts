/**
 * @module The run queue: due checks wait here until a global slot and a slot for their target
 * host are free. FIFO overall; a run whose host is saturated waits in that host's line without
 * holding up runs for other hosts.
 */

export interface QueuedRun {
  /** Target host key (from the check type's `target()`). */
  host: string;
  /** Starts the run; must call the `done` callback it is given exactly once. */
  start(done: () => void): void;
}

export class RunQueue {
  private ready: QueuedRun[] = [];
  private readyHead = 0;
  private readonly waitingByHost = new Map<string, QueuedRun[]>();
  private readonly activeByHost = new Map<string, number>();
  private active = 0;
  private waitingCount = 0;

  constructor(
    private concurrency: number,
    private perHost: number,
  ) {}

  /** Runs in flight. */
  get inFlight(): number {
    return this.active;
  }

  /** Runs waiting for a slot. */
  get depth(): number {
    return this.ready.length - this.readyHead + this.waitingCount;
  }

  /** Changes the limits (config reload); takes effect as slots free up. */
  setLimits(concurrency: number, perHost: number): void {
    this.concurrency = concurrency;
    this.perHost = perHost;
    this.pump();
  }

  enqueue(run: QueuedRun): void {
    this.ready.push(run);
    this.pump();
  }

  private pump(): void {
    while (this.active < this.concurrency && this.readyHead < this.ready.length) {
      const run = this.ready[this.readyHead++]!;
      if ((this.activeByHost.get(run.host) ?? 0) >= this.perHost) {
        const line = this.waitingByHost.get(run.host);
        if (line) line.push(run);
        else this.waitingByHost.set(run.host, [run]);
        this.waitingCount++;
        continue;
      }
      this.launch(run);
    }
    if (this.readyHead > 1024 && this.readyHead * 2 > this.ready.length) {
      this.ready = this.ready.slice(this.readyHead);
      this.readyHead = 0;
    }
  }

  private launch(run: QueuedRun): void {
    this.active++;
    this.activeByHost.set(run.host, (this.activeByHost.get(run.host) ?? 0) + 1);
    let finished = false;
    run.start(() => {
      if (finished) return;
      finished = true;
      this.finish(run.host);
    });
  }

  private finish(host: string): void {
    this.active--;
    const left = (this.activeByHost.get(host) ?? 1) - 1;
    if (left === 0) this.activeByHost.delete(host);
    else this.activeByHost.set(host, left);
    const line = this.waitingByHost.get(host);
    if (line && line.length > 0) {
      const next = line.shift()!;
      this.waitingCount--;
      if (line.length === 0) this.waitingByHost.delete(host);
      if (this.active < this.concurrency) this.launch(next);
      else {
        this.ready.splice(this.readyHead, 0, next);
      }
    }
    this.pump();
  }
}
