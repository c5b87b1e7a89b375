import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LogoFiles, logoType, MAX_LOGO_BYTES } from './logo-files.js';

describe('logo files', () => {
  it('recognises PNG, JPEG and SVG by their first bytes, and nothing else', () => {
    expect(logoType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(logoType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(logoType(Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toBe('image/svg+xml');
    expect(logoType(Buffer.from('<html><script>alert(1)</script></html>'))).toBeUndefined();
  });

  it('reads a file relative to the config folder, refuses one too large', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-logo-'));
    writeFileSync(join(dir, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(dir, 'big.svg'), `<svg>${' '.repeat(MAX_LOGO_BYTES)}</svg>`);
    const files = new LogoFiles(dir);
    expect((await files.read('logo.svg'))?.contentType).toBe('image/svg+xml');
    expect(await files.read('big.svg')).toBeUndefined();
    expect(await files.read('missing.png')).toBeUndefined();
  });
});
