/** @module Tests of reading one YAML text into a positioned tree. */
import { describe, it, expect } from 'vitest';
import { parseConfigText } from './parse-config-text.js';
import { formatIssue } from './config-error.js';
import { locate, toPlain } from './config-tree.js';

const messages = (text: string, env: Record<string, string> = {}) => parseConfigText(text, 'vigie.yaml', env).issues.map(formatIssue);

describe('parseConfigText', () => {
  it('reads an empty file as an empty map', () => {
    const parsed = parseConfigText('# nothing yet\n', 'vigie.yaml', {});
    expect(parsed.issues).toEqual([]);
    expect(toPlain(parsed.tree!)).toEqual({});
  });

  it('keeps the position of every key and list item', () => {
    const parsed = parseConfigText('server:\n  port: 3000\nmonitors:\n  - id: a\n    http:\n      url: x\n', 'vigie.yaml', {});
    expect(locate(parsed.tree!, ['server', 'port']).at).toEqual({ file: 'vigie.yaml', line: 2, column: 3 });
    expect(locate(parsed.tree!, ['monitors', 0]).at).toEqual({ file: 'vigie.yaml', line: 4, column: 5 });
    expect(locate(parsed.tree!, ['monitors', 0, 'http', 'url']).at).toEqual({ file: 'vigie.yaml', line: 6, column: 7 });
    // a path deeper than the tree falls back to the deepest existing node
    expect(locate(parsed.tree!, ['monitors', 0, 'http', 'headers', 'X']).at).toEqual({ file: 'vigie.yaml', line: 5, column: 5 });
  });

  it('reports YAML syntax errors with their position and no tree', () => {
    const parsed = parseConfigText('server:\n  port: [3000\nlog: {}\n', 'vigie.yaml', {});
    expect(parsed.tree).toBeUndefined();
    expect(parsed.issues.length).toBeGreaterThan(0);
    expect(formatIssue(parsed.issues[0]!)).toMatch(/^vigie\.yaml:\d+:\d+: YAML syntax error: \S/);
  });

  it('reports duplicate keys with the path and the first line', () => {
    expect(messages('server:\n  port: 1\n  host: a\n  port: 2\n')).toEqual(['vigie.yaml:4:3 server.port: duplicate key; it is already set on line 2']);
  });

  it('expands variables and retypes unquoted values, but keeps quoted ones as strings', () => {
    const parsed = parseConfigText('a: ${PORT}\nb: "${PORT}"\nc: ${ON:-true}\nd: $$HOME\n', 'vigie.yaml', { PORT: '8080' });
    expect(parsed.issues).toEqual([]);
    expect(toPlain(parsed.tree!)).toEqual({ a: 8080, b: '8080', c: true, d: '$HOME' });
  });

  it('reports an unset variable at the value, with the path', () => {
    expect(messages('monitors:\n  - id: a\n    http:\n      url: https://${API_HOST}/health\n')).toEqual([
      'vigie.yaml:4:12 monitors[0].http.url: environment variable API_HOST is not set; set it, or give a default with ${API_HOST:-value}',
    ]);
  });

  it('follows aliases and refuses an alias inside its own anchor', () => {
    const parsed = parseConfigText('base: &b { port: 1 }\nserver: *b\n', 'vigie.yaml', {});
    expect(toPlain(parsed.tree!)).toEqual({ base: { port: 1 }, server: { port: 1 } });
    expect(messages('a: &x [1, *x]\n')).toEqual(['vigie.yaml:1:11 a[1]: alias *x cannot be used inside the value it names']);
  });

  it('requires a map at the top of the file', () => {
    expect(messages('- a\n- b\n')).toEqual(['vigie.yaml:1:1: the file must contain a map of settings (server, storage, scheduler, log, monitors)']);
  });

  it('refuses keys that are not plain names', () => {
    expect(messages('? [a, b]\n: 1\n')).toEqual(['vigie.yaml:1:3: keys must be plain names']);
  });
});

/** The "billion laughs": nine levels of nine aliases, 9^9 values from a few hundred bytes. */
const ALIAS_BOMB = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]', ...'bcdefghi'.split('').map((name, i) => {
  const previous = 'abcdefgh'[i]!;
  return `${name}: &${name} [${Array.from({ length: 9 }, () => `*${previous}`).join(', ')}]`;
})].join('\n');

describe('parseConfigText limits', () => {
  it('refuses an alias bomb at the alias that crosses the limit, with no tree', () => {
    const parsed = parseConfigText(ALIAS_BOMB, 'vigie.yaml', {});
    expect(parsed.tree).toBeUndefined();
    expect(parsed.issues.map(formatIssue)).toEqual([
      'vigie.yaml:6:8: aliases are followed more than 10,000 times (counting aliases inside aliased values); a config file may follow at most 10,000',
    ]);
  });

  it('refuses aliases that expand past 500,000 values, or past 16 MiB of text (also through ${VAR})', () => {
    const values = `a: &a [${Array(5000).fill('1').join(', ')}]\nb: [${Array(101).fill('*a').join(', ')}]\n`;
    expect(messages(values)).toEqual([
      'vigie.yaml:2:397: the file holds more than 500,000 values once aliases are expanded; a config file may hold at most 500,000',
    ]);
    const text = `a: &a "${'x'.repeat(1024 * 1024)}"\nb: [${Array(16).fill('*a').join(', ')}]\n`;
    expect(messages(text)).toEqual([
      "vigie.yaml:2:61: the file's keys and strings exceed 16 MiB once aliases and ${VAR} references are expanded; a config file may expand to at most 16 MiB of text",
    ]);
    const env = { BIG: 'x'.repeat(1024 * 1024) };
    expect(messages(`a: [${Array(17).fill('"${BIG}"').join(', ')}]\n`, env)).toEqual([
      "vigie.yaml:1:155: the file's keys and strings exceed 16 MiB once aliases and ${VAR} references are expanded; a config file may expand to at most 16 MiB of text",
    ]);
  });

  it('reads `<<` as a plain key: YAML 1.1 merges are off, so they cannot expand aliases either', () => {
    const parsed = parseConfigText('base: &b { port: 1 }\nserver:\n  <<: *b\n', 'vigie.yaml', {});
    expect(toPlain(parsed.tree!)).toEqual({ base: { port: 1 }, server: { '<<': { port: 1 } } });
  });

  it('refuses nesting deeper than 64 levels, written or through aliases, without overflowing the stack', () => {
    expect(messages('['.repeat(10_000))).toEqual(['vigie.yaml:1:65: maps and lists are nested more than 64 levels deep here; a config file may nest at most 64 levels']);
    expect(messages(`${'['.repeat(10_000)}${']'.repeat(10_000)}`)).toEqual([
      'vigie.yaml:1:65: maps and lists are nested more than 64 levels deep here; a config file may nest at most 64 levels',
    ]);
    expect(messages(`a: ${'{a: '.repeat(5000)}`)).toEqual(['vigie.yaml:1:260: maps and lists are nested more than 64 levels deep here; a config file may nest at most 64 levels']);
    const block = Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n');
    expect(messages(block)).toEqual(['vigie.yaml:65:65: maps and lists are nested more than 64 levels deep here; a config file may nest at most 64 levels']);
    const aliased = `a: &a ${'['.repeat(40)}${']'.repeat(40)}\nb: ${'['.repeat(40)}*a${']'.repeat(40)}\n`;
    expect(messages(aliased)).toEqual([
      'vigie.yaml:2:44: maps and lists are nested more than 64 levels deep here once aliases are expanded; a config file may nest at most 64 levels',
    ]);
    expect(messages(`a: ${'['.repeat(63)}1${']'.repeat(63)}\n`)).toEqual([]);
  });
});

describe('parseConfigText refuses what a config file cannot be', () => {
  it('a second document, in plain words at its "---"', () => {
    expect(messages('server:\n  port: 1\n---\nlog:\n  level: info\n')).toEqual([
      'vigie.yaml:3:1: a second YAML document starts here; a config file holds one document: remove this "---" line, or move what follows to a file of its own in a config directory',
    ]);
    expect(messages('---\nserver: {}\n...\n')).toEqual([]);
  });

  it('a binary text: says so at the first NUL, without echoing the content', () => {
    const parsed = parseConfigText('server:\n  x: ab\u0000\u0001secret\u0002', 'vigie.yaml', {});
    expect(parsed.tree).toBeUndefined();
    expect(parsed.issues.map(formatIssue)).toEqual(['vigie.yaml:2:8: not a text file: it contains NUL bytes; a config file is YAML text in UTF-8']);
    expect(messages('a: b\u0007\n')).toEqual(['vigie.yaml:1:5: the character U+0007 (a control or non-character code) cannot appear in a YAML file; remove it']);
  });

  it('a tag other than the core ones, named at file:line:col', () => {
    expect(messages('server:\n  host: !foo value\n')).toEqual([
      'vigie.yaml:2:9: unsupported tag !foo; a config file holds plain YAML values and may only use the core tags !!str, !!int, !!float, !!bool, !!null, !!map and !!seq',
    ]);
    expect(messages('server: !foo\n  host: a\nlog: !!binary aGVsbG8=\nx: !!timestamp 2001-12-14\n').map((m) => m.split(';')[0])).toEqual([
      'vigie.yaml:1:9: unsupported tag !foo',
      'vigie.yaml:3:6: unsupported tag !!binary',
      'vigie.yaml:4:4: unsupported tag !!timestamp',
    ]);
    expect(messages('a: !!int abc\n')).toEqual(['vigie.yaml:1:4: the value does not fit its tag !!int']);
  });

  it('tags apply before ${VAR} expansion: !!str keeps a string, !!int on a reference says why it fails', () => {
    const parsed = parseConfigText('a: !!str ${PORT}\nb: !!str 12\nc: ! ${PORT}\nd: !!int 0x1F\n', 'vigie.yaml', { PORT: '8080' });
    expect(parsed.issues).toEqual([]);
    expect(toPlain(parsed.tree!)).toEqual({ a: '8080', b: '12', c: '8080', d: 31 });
    expect(messages('a: !!int ${PORT}\n', { PORT: '8080' })).toEqual([
      'vigie.yaml:1:4: the value does not fit its tag !!int (tags apply to the text as written, before ${VAR} is expanded: leave the tag out)',
    ]);
  });
});

