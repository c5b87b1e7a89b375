/**
 * @module One server-sent events connection: framing, heartbeat, back-pressure and cleanup.
 *
 * A client too slow to read (more than {@link MAX_BUFFERED} bytes waiting) is disconnected; it
 * reconnects with `Last-Event-ID` and the replay fills the gap from storage.
 */
import type { ServerResponse } from 'node:http';

/** Bytes allowed to wait in the socket buffer before a slow client is dropped. */
export const MAX_BUFFERED = 1_048_576;

/** A writable SSE stream over a raw HTTP response. */
export class SseStream {
  private closed = false;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly onCloseCallbacks: Array<() => void> = [];

  constructor(
    private readonly res: ServerResponse,
    heartbeatMs: number,
  ) {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 3000\n: connected\n\n');
    this.heartbeat = setInterval(() => this.comment('heartbeat'), heartbeatMs);
    this.heartbeat.unref();
    res.on('close', () => this.close());
  }

  /** True once the client left or the stream was ended. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Registers cleanup to run once when the stream closes. */
  onClose(callback: () => void): void {
    if (this.closed) callback();
    else this.onCloseCallbacks.push(callback);
  }

  /** Sends one event; `id` lets the client resume after it. */
  send(event: string, data: unknown, id?: number): void {
    const idLine = id !== undefined ? `id: ${id}\n` : '';
    this.write(`${idLine}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** Sends a comment line (ignored by clients, keeps proxies from timing out). */
  comment(text: string): void {
    this.write(`: ${text}\n\n`);
  }

  /** Ends the stream and runs the cleanup callbacks (idempotent). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    for (const callback of this.onCloseCallbacks.splice(0)) callback();
    if (!this.res.writableEnded) this.res.end();
  }

  private write(chunk: string): void {
    if (this.closed) return;
    if (this.res.writableLength > MAX_BUFFERED) {
      this.res.destroy();
      this.close();
      return;
    }
    this.res.write(chunk);
  }
}
