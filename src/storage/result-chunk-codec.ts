/**
 * @module The byte layout of a result chunk: the results of one monitor and location over
 * (part of) an hour packed into one blob, losslessly. Columns, each a run of varints:
 *
 * - times and ids: the first value, the first delta, then deltas of deltas (zigzag varints);
 * - statuses: an index into `RESULT_STATUSES`;
 * - messages: an index into a per-chunk dictionary of templates, where the last occurrence of
 *   the latency's text was replaced by a placeholder (`HTTP 200 in \0 ms`), so a message is
 *   rebuilt exactly from its template and the latency;
 * - shapes: an index into a per-chunk dictionary of (latency mode, phase names in order);
 * - latencies and phase timings: integers in tenths of a millisecond (the resolution checks
 *   measure at, `net/probe.ts`), zigzag varints; `total` is written as its difference from the
 *   sum of the other phases, and a latency equal to `total` is not written again.
 *
 * The whole is deflated (raw deflate) when that is smaller; the first byte says which.
 * Only results that round-trip exactly are accepted ({@link chunkable}); any other stays a row.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { PhaseTimings } from '../checks/types.js';
import { RESULT_STATUSES, type ResultStatus } from '../core/states.js';

/** What a chunk holds of each result; monitor and location are the chunk's. */
export interface ChunkEntry {
  id: number;
  at: number;
  status: ResultStatus;
  latencyMs: number | null;
  message: string;
  timings: PhaseTimings | null;
}

const VERSION = 1;
const PLAIN = 0;
const DEFLATED = 1;
const PLACEHOLDER = '\u0000';
/** Latency modes of a shape. */
const LATENCY_NULL = 0;
const LATENCY_TOTAL = 1;
const LATENCY_OWN = 2;
/** Tenths of a millisecond: the largest magnitude kept exact through `× 10` and varints. */
const MAX_TENTHS = 2 ** 50;

/** The value in tenths of a millisecond when it is exactly representable, else undefined. */
function tenths(ms: number): number | undefined {
  if (!Number.isFinite(ms)) return undefined;
  const n = Math.round(ms * 10);
  return Math.abs(n) < MAX_TENTHS && n / 10 === ms && !Object.is(ms, -0) ? n : undefined;
}

/** True when a result can be stored in a chunk and read back identically. */
export function chunkable(entry: ChunkEntry): boolean {
  if (!Number.isSafeInteger(entry.id) || !Number.isSafeInteger(entry.at) || entry.id < 0) return false;
  if (!RESULT_STATUSES.includes(entry.status)) return false;
  if (entry.message.includes(PLACEHOLDER)) return false;
  if (entry.latencyMs !== null && tenths(entry.latencyMs) === undefined) return false;
  if (entry.timings === null) return true;
  if (typeof entry.timings.total !== 'number' || Object.hasOwn(entry.timings, '__proto__')) return false;
  return Object.values(entry.timings).every((v) => typeof v === 'number' && tenths(v) !== undefined);
}

class Writer {
  private buf = Buffer.allocUnsafe(1024);
  private pos = 0;

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  uint(n: number): void {
    this.room(8);
    let v = n;
    while (v >= 0x80) {
      this.buf[this.pos++] = (v % 0x80) + 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.pos++] = v;
  }

  int(n: number): void {
    this.uint(n >= 0 ? n * 2 : -n * 2 - 1);
  }

  text(s: string): void {
    const b = Buffer.from(s, 'utf8');
    this.uint(b.length);
    this.room(b.length);
    b.copy(this.buf, this.pos);
    this.pos += b.length;
  }

  buffer(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

class Reader {
  private pos = 0;
  constructor(private readonly buf: Buffer) {}

  uint(): number {
    let result = 0;
    let scale = 1;
    for (;;) {
      if (this.pos >= this.buf.length) throw new Error('A result chunk ends in the middle of a number: the chunk is corrupt.');
      const byte = this.buf[this.pos++]!;
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 0x80;
    }
  }

  int(): number {
    const z = this.uint();
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  text(): string {
    const len = this.uint();
    const s = this.buf.toString('utf8', this.pos, this.pos + len);
    this.pos += len;
    return s;
  }
}

/** Writes a column of integers as first value, first delta, then deltas of deltas. */
function writeDeltaOfDelta(w: Writer, values: readonly number[]): void {
  let prev = 0;
  let prevDelta = 0;
  values.forEach((v, i) => {
    const delta = v - prev;
    w.int(i === 0 ? v : i === 1 ? delta : delta - prevDelta);
    prevDelta = delta;
    prev = v;
  });
}

function readDeltaOfDelta(r: Reader, n: number): number[] {
  const out: number[] = [];
  let prev = 0;
  let delta = 0;
  for (let i = 0; i < n; i++) {
    const x = r.int();
    if (i === 0) prev = x;
    else {
      delta = i === 1 ? x : delta + x;
      prev += delta;
    }
    out.push(prev);
  }
  return out;
}

/** A dictionary of distinct values by key, giving each its index in order of first use. */
function indexer<T>(): { index(key: string, value: T): number; values: T[] } {
  const map = new Map<string, number>();
  const values: T[] = [];
  return {
    values,
    index(key, value) {
      let i = map.get(key);
      if (i === undefined) {
        i = values.length;
        map.set(key, i);
        values.push(value);
      }
      return i;
    },
  };
}

function latencyMode(e: ChunkEntry): number {
  if (e.latencyMs === null) return LATENCY_NULL;
  return e.timings !== null && e.timings.total === e.latencyMs ? LATENCY_TOTAL : LATENCY_OWN;
}

function template(e: ChunkEntry): string {
  if (e.latencyMs === null) return e.message;
  const text = String(e.latencyMs);
  const at = e.message.lastIndexOf(text);
  return at < 0 ? e.message : e.message.slice(0, at) + PLACEHOLDER + e.message.slice(at + text.length);
}

/** Encodes entries (ordered by time, then id; every one {@link chunkable}) into a chunk's bytes. */
export function encodeChunk(entries: readonly ChunkEntry[]): Buffer {
  const templates = indexer<string>();
  const shapes = indexer<{ mode: number; keys: string[] | null }>();
  const templateOf = entries.map((e) => {
    const t = template(e);
    return templates.index(t, t);
  });
  const modes = entries.map(latencyMode);
  const shapeOf = entries.map((e, i) => {
    const keys = e.timings === null ? null : Object.keys(e.timings);
    return shapes.index(`${modes[i]}${keys === null ? '' : JSON.stringify(keys)}`, { mode: modes[i]!, keys });
  });
  const w = new Writer();
  w.uint(VERSION);
  w.uint(entries.length);
  w.uint(templates.values.length);
  for (const t of templates.values) w.text(t);
  w.uint(shapes.values.length);
  for (const { mode, keys } of shapes.values) {
    w.uint(mode);
    w.uint(keys === null ? 0 : keys.length + 1);
    for (const k of keys ?? []) w.text(k);
  }
  writeDeltaOfDelta(w, entries.map((e) => e.at));
  writeDeltaOfDelta(w, entries.map((e) => e.id));
  for (const e of entries) w.uint(RESULT_STATUSES.indexOf(e.status));
  for (const i of templateOf) w.uint(i);
  for (const i of shapeOf) w.uint(i);
  entries.forEach((e, i) => {
    if (modes[i] === LATENCY_OWN) w.int(tenths(e.latencyMs!)!);
  });
  for (const e of entries) {
    if (e.timings === null) continue;
    let others = 0;
    for (const k in e.timings) {
      if (k === 'total') continue;
      const n = tenths(e.timings[k]!)!;
      others += n;
      w.int(n);
    }
    w.int(tenths(e.timings.total)! - others);
  }
  const plain = w.buffer();
  const deflated = deflateRawSync(plain);
  return deflated.length < plain.length ? Buffer.concat([Buffer.of(DEFLATED), deflated]) : Buffer.concat([Buffer.of(PLAIN), plain]);
}

/** Decodes a chunk's bytes back into its entries, in the order they were encoded. */
export function decodeChunk(data: Uint8Array): ChunkEntry[] {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const body = buf[0] === DEFLATED ? inflateRawSync(buf.subarray(1)) : buf.subarray(1);
  const r = new Reader(body);
  const version = r.uint();
  if (version !== VERSION) throw new Error(`A result chunk has format version ${version}, which this version of Vigie cannot read.`);
  const n = r.uint();
  const templates = Array.from({ length: r.uint() }, () => r.text());
  const shapes = Array.from({ length: r.uint() }, () => {
    const mode = r.uint();
    const count = r.uint();
    return { mode, keys: count === 0 ? null : Array.from({ length: count - 1 }, () => r.text()) };
  });
  const ats = readDeltaOfDelta(r, n);
  const ids = readDeltaOfDelta(r, n);
  const statuses = Array.from({ length: n }, () => {
    const status = RESULT_STATUSES[r.uint()];
    if (status === undefined) throw new Error('A result chunk holds an unknown status: the chunk is corrupt.');
    return status;
  });
  const templateOf = Array.from({ length: n }, () => r.uint());
  const shapeOf = Array.from({ length: n }, () => shapes[r.uint()]!);
  const own = shapeOf.map((s) => (s.mode === LATENCY_OWN ? r.int() / 10 : null));
  return shapeOf.map((shape, i) => {
    let timings: PhaseTimings | null = null;
    if (shape.keys !== null) {
      const values: number[] = [];
      let others = 0;
      for (const k of shape.keys) {
        if (k === 'total') continue;
        const n = r.int();
        others += n;
        values.push(n / 10);
      }
      const total = (r.int() + others) / 10;
      // Keys in the stored order: `total` may come before other phases.
      const t: Record<string, number> = {};
      let j = 0;
      for (const k of shape.keys) t[k] = k === 'total' ? total : values[j++]!;
      timings = t as PhaseTimings;
    }
    const latencyMs = shape.mode === LATENCY_NULL ? null : shape.mode === LATENCY_TOTAL ? timings!.total : own[i]!;
    const tpl = templates[templateOf[i]!]!;
    const message = latencyMs === null ? tpl : tpl.replace(PLACEHOLDER, String(latencyMs));
    return { id: ids[i]!, at: ats[i]!, status: statuses[i]!, latencyMs, message, timings };
  });
}
