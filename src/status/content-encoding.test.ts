import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { baseEtag, encode, pickEncoding } from './content-encoding.js';
import type { Rendered } from './rendered-cache.js';

function rendered(text: string): Rendered {
  return { body: Buffer.from(text), contentType: 'text/html', etag: '"abc"', lastModified: 0, lastModifiedHttp: new Date(0).toUTCString() };
}

describe('content encoding', () => {
  it('prefers Brotli, then gzip, and respects q=0', () => {
    expect(pickEncoding('gzip, deflate, br')).toBe('br');
    expect(pickEncoding('gzip;q=1.0, br;q=0')).toBe('gzip');
    expect(pickEncoding('*')).toBe('gzip');
    expect(pickEncoding('identity')).toBe('identity');
    expect(pickEncoding(undefined)).toBe('identity');
  });

  it('compresses a document once per encoding, with its own ETag, and leaves small ones alone', () => {
    const doc = rendered('<li>operational</li>'.repeat(500));
    const br = encode(doc, 'br');
    expect(br.etag).toBe('"abc-br"');
    expect(brotliDecompressSync(br.body).toString()).toBe(doc.body.toString());
    expect(br.body.length).toBeLessThan(doc.body.length / 10);
    expect(encode(doc, 'br')).toBe(br);
    expect(gunzipSync(encode(doc, 'gzip').body).toString()).toBe(doc.body.toString());
    expect(encode(rendered('tiny'), 'br')).toMatchObject({ encoding: 'identity', etag: '"abc"' });
  });

  it('gives the ETag of the document whatever its encoding', () => {
    expect(baseEtag('"abc-br"')).toBe('"abc"');
    expect(baseEtag('"abc-gzip"')).toBe('"abc"');
    expect(baseEtag('"abc"')).toBe('"abc"');
  });
});
