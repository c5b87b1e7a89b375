/** @module Tests of the byte checks of a config file: size, UTF-8, characters YAML allows. */
import { describe, it, expect } from 'vitest';
import { decodeConfigBytes, MAX_CONFIG_FILE_BYTES, textIssue } from './config-text.js';
import { formatIssue } from './config-error.js';

const issueOf = (bytes: Buffer) => {
  const decoded = decodeConfigBytes(bytes, 'vigie.yaml');
  return 'issue' in decoded ? formatIssue(decoded.issue) : undefined;
};

describe('decodeConfigBytes', () => {
  it('decodes UTF-8 text, accents and a byte-order mark included', () => {
    expect(decodeConfigBytes(Buffer.from('\uFEFFtitle: Réseau\n', 'utf8'), 'vigie.yaml')).toEqual({ text: '\uFEFFtitle: Réseau\n' });
  });

  it('names the first byte that is not UTF-8, and nothing of the content', () => {
    const bytes = Buffer.concat([Buffer.from('server:\n  é: x', 'utf8'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('\n')]);
    expect(issueOf(bytes)).toBe('vigie.yaml:2:7: not a text file: it is not valid UTF-8 here; a config file is YAML text in UTF-8');
  });

  it('refuses more than 4 MiB, naming the limit', () => {
    expect(issueOf(Buffer.alloc(MAX_CONFIG_FILE_BYTES + 1, 0x20))).toBe(
      'vigie.yaml: the file is too large (more than 4 MiB); a config file may be at most 4 MiB (split it into several files in a config directory)',
    );
    expect(issueOf(Buffer.alloc(MAX_CONFIG_FILE_BYTES, 0x20))).toBeUndefined();
  });
});

describe('textIssue', () => {
  it('accepts tabs, line breaks and printable Unicode', () => {
    expect(textIssue('a:\tb\r\nc: "é — 😀"\n', 'vigie.yaml')).toBeUndefined();
  });

  it('names a NUL as a binary file and another control character by its code, at its position', () => {
    expect(formatIssue(textIssue('a: 1\nb: \u0000\u0000', 'vigie.yaml')!)).toBe('vigie.yaml:2:4: not a text file: it contains NUL bytes; a config file is YAML text in UTF-8');
    expect(formatIssue(textIssue('a: \u001B[31m', 'vigie.yaml')!)).toBe(
      'vigie.yaml:1:4: the character U+001B (a control or non-character code) cannot appear in a YAML file; remove it',
    );
    expect(formatIssue(textIssue('a: \uD800', 'vigie.yaml')!)).toContain('U+D800');
  });
});
