import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkable, decodeChunk, encodeChunk, type ChunkEntry } from './result-chunk-codec.js';

const tenth = fc.integer({ min: 0, max: 600_000 }).map((n) => n / 10);
const timings = fc.option(
  fc.oneof(
    fc.record({ dns: fc.option(tenth, { nil: undefined }), connect: tenth, firstByte: fc.option(tenth, { nil: undefined }), total: tenth }, { requiredKeys: ['connect', 'total'] }),
    fc.record({ total: tenth, answer: tenth }),
  ),
  { nil: null },
);
const entry = fc
  .record({
    gap: fc.integer({ min: 0, max: 120_000 }),
    idGap: fc.integer({ min: 1, max: 5000 }),
    latencyMs: fc.option(tenth, { nil: null }),
    timings,
    code: fc.constantFrom(200, 204, 301),
    status: fc.constantFrom('up', 'up', 'up', 'degraded', 'down', 'unknown') as fc.Arbitrary<ChunkEntry['status']>,
    text: fc.option(fc.string({ maxLength: 12 }), { freq: 4, nil: undefined }),
    latencyIsTotal: fc.boolean(),
  })
  .map(({ latencyIsTotal, ...r }) => {
    const t = r.timings === null ? null : (Object.fromEntries(Object.entries(r.timings).filter(([, v]) => v !== undefined)) as ChunkEntry['timings']);
    const latencyMs = latencyIsTotal && t ? t.total : r.latencyMs;
    return { ...r, latencyMs, timings: t, message: r.text ?? `HTTP ${r.code} in ${latencyMs} ms` };
  });

function sequence(start: number, startId: number, items: Array<{ gap: number; idGap: number } & Omit<ChunkEntry, 'at' | 'id'>>): ChunkEntry[] {
  let at = start;
  let id = startId;
  return items.map(({ gap, idGap, status, latencyMs, message, timings: t }) => {
    at += gap;
    id += idGap;
    return { at, id, status, latencyMs, message, timings: t };
  });
}

describe('result chunk codec', () => {
  it('round-trips every chunkable sequence exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 42 }), fc.integer({ min: 0, max: 2 ** 40 }), fc.array(entry, { minLength: 1, maxLength: 300 }), (start, startId, items) => {
        const entries = sequence(start, startId, items).filter(chunkable);
        const decoded = decodeChunk(encodeChunk(entries));
        expect(decoded).toEqual(entries);
        expect(decoded.map((e) => JSON.stringify(e.timings))).toEqual(entries.map((e) => JSON.stringify(e.timings)));
      }),
      { numRuns: 200 },
    );
  });

  it('packs a steady HTTP series into a few bytes per result', () => {
    const entries: ChunkEntry[] = Array.from({ length: 180 }, (_, i) => {
      const total = (12 + ((i * 7) % 13)) / 10;
      return { at: 1_700_000_000_000 + i * 20_000 + ((i * 3) % 5), id: 1000 + i * 1000 + (i % 3), status: 'up', latencyMs: total, message: `HTTP 200 in ${total} ms`, timings: { dns: 0.1, connect: 0.4, firstByte: 1, total } };
    });
    const bytes = encodeChunk(entries).length;
    expect(decodeChunk(encodeChunk(entries))).toEqual(entries);
    expect(bytes / entries.length).toBeLessThan(8);
  });

  it('refuses what it could not give back identically', () => {
    const base: ChunkEntry = { at: 1, id: 1, status: 'up', latencyMs: 1.5, message: 'ok', timings: { total: 1.5 } };
    expect(chunkable(base)).toBe(true);
    expect(chunkable({ ...base, latencyMs: 1.25 })).toBe(false);
    expect(chunkable({ ...base, timings: { total: 0.123 } })).toBe(false);
    expect(chunkable({ ...base, message: 'a\u0000b' })).toBe(false);
    expect(chunkable({ ...base, latencyMs: Number.NaN })).toBe(false);
    expect(chunkable({ ...base, latencyMs: -0 })).toBe(false);
    expect(chunkable({ ...base, at: 0.5 })).toBe(false);
    expect(chunkable({ ...base, status: 'sideways' as ChunkEntry['status'] })).toBe(false);
    expect(chunkable({ ...base, timings: JSON.parse('{"__proto__": 1, "total": 1}') })).toBe(false);
  });

  it('names a corrupt or unknown chunk', () => {
    expect(() => decodeChunk(Buffer.of(0, 9))).toThrow(/version 9/);
    expect(() => decodeChunk(Buffer.of(0, 1, 0x80))).toThrow(/corrupt/);
  });
});
