/**
 * @module A WHOIS query (RFC 3912): connect over TCP, send one line, read until the server
 * closes. Bounded in size (256 KiB) and in time (the caller's signal).
 */
import { connect } from 'node:net';

/** The largest answer read; a longer one is an error, not a truncated parse. */
export const MAX_WHOIS_BYTES = 256 * 1024;

/** Sends `query` + CRLF to `host:port` and resolves with the whole answer (latin-1 safe UTF-8). */
export function queryWhois(host: string, port: number, query: string, signal: AbortSignal): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const socket = connect({ host, port });
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      if (error) reject(error);
      else resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onAbort = () => finish(Object.assign(new Error('aborted'), { name: 'AbortError' }));
    signal.addEventListener('abort', onAbort, { once: true });
    socket.on('connect', () => socket.write(`${query}\r\n`));
    socket.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_WHOIS_BYTES) return finish(new Error(`answer larger than ${MAX_WHOIS_BYTES / 1024} KiB`));
      chunks.push(chunk);
    });
    socket.on('end', () => finish());
    socket.on('error', (error) => finish(error));
  });
}
