/** @module Tests of config issue formatting. */
import { describe, it, expect } from 'vitest';
import { ConfigError, formatIssue, formatPath, printable } from './config-error.js';

describe('formatPath', () => {
  it('writes paths as users write them', () => {
    expect(formatPath(['monitors', 2, 'http', 'url'])).toBe('monitors[2].http.url');
    expect(formatPath(['monitors', 0, 'http', 'headers', 'X-Api Key'])).toBe('monitors[0].http.headers["X-Api Key"]');
    expect(formatPath([])).toBe('');
  });
});

describe('ConfigError', () => {
  it('lists every issue, one per line', () => {
    const error = new ConfigError([
      { file: 'vigie.yaml', line: 14, column: 7, path: ['monitors', 2, 'http', 'url'], message: 'must be an absolute http(s) URL' },
      { file: 'vigie.yaml', line: 1, column: 1, path: [], message: 'YAML syntax error: bad indentation' },
      { file: 'VIGIE_DATABASE_URL (environment)', path: ['storage', 'url'], message: 'must be a PostgreSQL URL' },
    ]);
    expect(error.message).toBe(
      [
        'vigie.yaml:14:7 monitors[2].http.url: must be an absolute http(s) URL',
        'vigie.yaml:1:1: YAML syntax error: bad indentation',
        'VIGIE_DATABASE_URL (environment) storage.url: must be a PostgreSQL URL',
      ].join('\n'),
    );
    expect(error.issues).toHaveLength(3);
    expect(error).toBeInstanceOf(Error);
    expect(formatIssue(error.issues[0]!)).toBe('vigie.yaml:14:7 monitors[2].http.url: must be an absolute http(s) URL');
  });
});

describe('printable messages', () => {
  it('writes control characters of a quoted value as \\u escapes, keeping tabs, new lines and non-ASCII text', () => {
    expect(printable('"a\u0000b\u001b[31m" is bad\té ü')).toBe('"a\\u0000b\\u001b[31m" is bad\té ü');
    expect(formatIssue({ file: 'v.yaml', line: 1, column: 2, path: ['x'], message: 'bad "\u0007"' })).toBe('v.yaml:1:2 x: bad "\\u0007"');
  });
});
