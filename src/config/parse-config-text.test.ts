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
