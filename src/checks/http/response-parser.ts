/**
 * @module An incremental HTTP/1.x response parser: status line, the few headers a check needs,
 * and the body's framing (RFC 9112 §6.3: none, `Content-Length`, chunked, or until the server
 * closes). Pure (bytes in, callbacks out), so it is tested on every split of its input.
 *
 * Why not undici or node:http: a check opens a new connection per run and reads one response;
 * undici builds a `Client`, a request, a body stream and, on every `Connection: close`, error
 * objects with stack traces, which cost about 0.4 ms of CPU per check (docs/decisions.md, "CPU
 * per check"). This parser does only what a probe needs, over the socket the probe timed.
 */

/** A malformed response, named like llhttp's errors (`HPE_…`) so failures read the same as before. */
export class HttpParserError extends Error {
  override readonly name = 'HTTPParserError';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** The response head: its status and the headers a check uses (lower-case names). */
export interface ResponseHead {
  status: number;
  location: string | undefined;
}

/** What the parser reports, in order: one `head`, any `data`, then `end` (at most once each). */
export interface ResponseSink {
  head(head: ResponseHead): void;
  data(chunk: Buffer): void;
  end(): void;
}

/** The largest response head accepted (status line and headers), as llhttp's default. */
export const MAX_HEAD_BYTES = 80 * 1024;

type Framing = 'none' | 'length' | 'chunked' | 'close';
type Stage = 'head' | 'body' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'done';

const STATUS_LINE = /^HTTP\/1\.[0-9] ([0-9]{3})(?:[ \t].*)?$/;
const HEADER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)[ \t]*:[ \t]*(.*?)[ \t]*$/;
const CHUNK_SIZE = /^([0-9A-Fa-f]+)[ \t]*(?:;.*)?$/;
const LF = 0x0a;

/** The position just past the blank line ending a head in `buf` (CRLF or bare LF), or -1. */
function headEnd(buf: Buffer, from: number): number {
  for (let i = buf.indexOf(LF, from); i >= 0; i = buf.indexOf(LF, i + 1)) {
    if (buf[i + 1] === LF) return i + 2;
    if (buf[i + 1] === 0x0d && buf[i + 2] === LF) return i + 3;
  }
  return -1;
}

/** Parses one response (informational 1xx heads are skipped). */
export class ResponseParser {
  private stage: Stage = 'head';
  private pending: Buffer | undefined;
  /** Bytes left in a `Content-Length` body or in the current chunk. */
  private remaining = 0;
  private framing: Framing = 'none';

  /** `headOnly`: the request was HEAD, so no response has a body. */
  constructor(
    private readonly sink: ResponseSink,
    private readonly headOnly = false,
  ) {}

  /** True once the whole response has been read. */
  get done(): boolean {
    return this.stage === 'done';
  }

  /** True once the head has been read. */
  get headRead(): boolean {
    return this.stage !== 'head';
  }

  /** Feeds received bytes; throws {@link HttpParserError} on a malformed response. */
  feed(chunk: Buffer): void {
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    let at = 0;
    while (at < buf.length && this.stage !== 'done') {
      const used = this.step(buf, at);
      if (used < 0) {
        this.keep(buf, at);
        return;
      }
      at = used;
    }
  }

  /** The server closed the connection: ends a body read until close, else throws. */
  finish(): void {
    if (this.stage === 'done') return;
    if (this.stage === 'body' && this.framing === 'close') {
      this.stage = 'done';
      this.sink.end();
      return;
    }
    throw Object.assign(new Error(this.stage === 'head' ? 'the connection closed before a complete response' : 'the connection closed before the end of the body'), {
      code: 'UND_ERR_SOCKET',
    });
  }

  /** Keeps an incomplete line or head for the next chunk (bounded). */
  private keep(buf: Buffer, at: number): void {
    const rest = buf.subarray(at);
    if (rest.length > MAX_HEAD_BYTES) {
      throw new HttpParserError(this.stage === 'head' ? 'the response head is too large' : 'a chunk-size or trailer line is too large', 'HPE_HEADER_OVERFLOW');
    }
    this.pending = Buffer.from(rest);
  }

  /** Consumes from `at`; returns the new position, or -1 when more bytes are needed. */
  private step(buf: Buffer, at: number): number {
    switch (this.stage) {
      case 'head':
        return this.readHead(buf, at);
      case 'body':
        return this.readBody(buf, at);
      case 'chunk-size':
        return this.line(buf, at, (text) => this.chunkSize(text));
      case 'chunk-data':
        return this.chunkData(buf, at);
      case 'chunk-end':
        return this.line(buf, at, (text) => {
          if (text !== '') throw new HttpParserError('a chunk is longer than its size', 'HPE_INVALID_CHUNK_SIZE');
          this.stage = 'chunk-size';
        });
      case 'trailers':
        return this.line(buf, at, (text) => {
          if (text === '') this.finishBody();
        });
      default:
        return buf.length;
    }
  }

  /** Reads one line (without its CRLF or LF) and hands it to `then`. */
  private line(buf: Buffer, at: number, then: (text: string) => void): number {
    const lf = buf.indexOf(LF, at);
    if (lf < 0) return -1;
    const end = lf > at && buf[lf - 1] === 0x0d ? lf - 1 : lf;
    then(buf.toString('latin1', at, end));
    return lf + 1;
  }

  private readHead(buf: Buffer, at: number): number {
    // A head starts with "HTTP/": fail at once on anything else (an SSH banner, TLS bytes).
    const probe = buf.toString('latin1', at, Math.min(buf.length, at + 5));
    if (!'HTTP/'.startsWith(probe)) throw new HttpParserError(`expected "HTTP/", got ${JSON.stringify(probe)}`, 'HPE_INVALID_CONSTANT');
    const end = headEnd(buf, at);
    if (end < 0) return -1;
    const lines = buf.toString('latin1', at, end).split('\n');
    const status = STATUS_LINE.exec(lines[0]!.replace(/\r$/, ''));
    if (!status) throw new HttpParserError(`invalid status line ${JSON.stringify(lines[0]!.trim().slice(0, 80))}`, 'HPE_INVALID_STATUS');
    const code = Number(status[1]);
    let location: string | undefined;
    let length: string | undefined;
    let encoding: string | undefined;
    let last = '';
    for (let i = 1; i < lines.length; i++) {
      const text = lines[i]!.endsWith('\r') ? lines[i]!.slice(0, -1) : lines[i]!;
      if (text === '') continue;
      if (text[0] === ' ' || text[0] === '\t') {
        // An obsolete folded continuation: part of the previous header's value.
        if (last === 'location' && location !== undefined) location += ` ${text.trim()}`;
        continue;
      }
      const header = HEADER_LINE.exec(text);
      if (!header) throw new HttpParserError(`invalid header line ${JSON.stringify(text.slice(0, 80))}`, 'HPE_INVALID_HEADER_TOKEN');
      last = header[1]!.toLowerCase();
      const value = header[2]!;
      if (last === 'location') location ??= value;
      else if (last === 'content-length') length = length === undefined ? value : `${length},${value}`;
      else if (last === 'transfer-encoding') encoding = encoding === undefined ? value : `${encoding},${value}`;
    }
    if (code >= 100 && code < 200 && code !== 101) return end; // informational: the real head follows
    this.framing = this.framingOf(code, length, encoding);
    this.sink.head({ status: code, location });
    if (this.framing === 'none') this.finishBody();
    else this.stage = this.framing === 'chunked' ? 'chunk-size' : 'body';
    return end;
  }

  private framingOf(status: number, length: string | undefined, encoding: string | undefined): Framing {
    if (this.headOnly || status === 204 || status === 304 || status < 200) return 'none';
    if (encoding !== undefined) {
      const codings = encoding.split(',').map((c) => c.trim().toLowerCase());
      return codings[codings.length - 1] === 'chunked' ? 'chunked' : 'close';
    }
    if (length === undefined) return 'close';
    const values = new Set(length.split(',').map((v) => v.trim()));
    const [value] = values;
    if (values.size !== 1 || !/^[0-9]{1,15}$/.test(value!)) throw new HttpParserError(`invalid Content-Length ${JSON.stringify(length)}`, 'HPE_INVALID_CONTENT_LENGTH');
    this.remaining = Number(value);
    return this.remaining === 0 ? 'none' : 'length';
  }

  private readBody(buf: Buffer, at: number): number {
    if (this.framing === 'close') {
      this.sink.data(at === 0 ? buf : buf.subarray(at));
      return buf.length;
    }
    const take = Math.min(this.remaining, buf.length - at);
    this.sink.data(buf.subarray(at, at + take));
    this.remaining -= take;
    if (this.remaining === 0) this.finishBody();
    return at + take;
  }

  private chunkSize(text: string): void {
    const size = CHUNK_SIZE.exec(text);
    if (!size || size[1]!.length > 12) throw new HttpParserError(`invalid chunk size ${JSON.stringify(text.slice(0, 40))}`, 'HPE_INVALID_CHUNK_SIZE');
    this.remaining = parseInt(size[1]!, 16);
    this.stage = this.remaining === 0 ? 'trailers' : 'chunk-data';
  }

  private chunkData(buf: Buffer, at: number): number {
    const take = Math.min(this.remaining, buf.length - at);
    this.sink.data(buf.subarray(at, at + take));
    this.remaining -= take;
    if (this.remaining === 0) this.stage = 'chunk-end';
    return at + take;
  }

  private finishBody(): void {
    this.stage = 'done';
    this.sink.end();
  }
}
