/** @module Unit tests of `http.schema`. */
import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { httpSchema } from './http.schema.js';

function issues(input: unknown): { path: string; message: string }[] {
  const result = httpSchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('http schema', () => {
  it('fills the defaults', () => {
    expect(httpSchema.parse({ url: 'https://example.org/health' })).toEqual({
      url: 'https://example.org/health',
      method: 'GET',
      expected_status: ['200-399'],
      follow_redirects: true,
      verify_tls: true,
      max_body_bytes: 1_048_576,
    });
  });

  it('normalises single values to lists and parses durations', () => {
    const parsed = httpSchema.parse({
      url: 'http://127.0.0.1:8080/',
      expected_status: 204,
      body_contains: 'ok',
      json_path: { path: '$.status', equals: 'ok' },
      max_latency: '1.5s',
    });
    expect(parsed).toMatchObject({ expected_status: [204], body_contains: ['ok'], json_path: [{ path: '$.status', equals: 'ok' }], max_latency: 1500 });
  });

  it('rejects a URL that is not absolute http(s)', () => {
    for (const url of ['/health', 'ftp://example.org/', 'example.org', 'http://']) {
      expect(issues({ url })).toEqual([{ path: 'url', message: 'must be an absolute http(s) URL' }]);
    }
  });

  it('explains bad fields', () => {
    expect(issues({ url: 'http://a.example', expected_status: ['2xx', 'ok'] })[0]).toEqual({
      path: 'expected_status.1',
      message: '"ok" is not a status code (100-599), a range such as "200-299" or a class such as "2xx"',
    });
    expect(issues({ url: 'http://a.example', body_regex: '(' })).toEqual([{ path: 'body_regex', message: 'must be a valid regular expression' }]);
    expect(issues({ url: 'http://a.example', json_path: { path: 'a[*]' } })[0]!.message).toMatch(/is not a supported path/);
    expect(issues({ url: 'http://a.example', json_path: { path: 'a', equals: 1, exists: false } })[0]!.message).toBe(
      'cannot both expect a value (equals) and expect the path to be absent (exists: false)',
    );
    expect(issues({ url: 'http://a.example', max_latency: 'soon' })[0]!.message).toBe('must be a duration such as 500ms, 30s, 5m, 1h or 1d');
    expect(issues({ url: 'http://a.example', ca: 'not a pem' })[0]!.message).toMatch(/^must be one or more PEM certificates/);
    expect(issues({ url: 'http://a.example', headers: { 'Bad Header': 'x' } })[0]).toEqual({
      path: 'headers.Bad Header',
      message: "is not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only)",
    });
    expect(issues({ url: 'http://a.example', method: 'TRACE' })[0]!.path).toBe('method');
  });

  it('rejects unknown keys and a body on GET', () => {
    expect(issues({ url: 'http://a.example', timeout_ms: 5 })[0]!.message).toMatch(/timeout_ms/);
    expect(issues({ url: 'http://a.example', body: 'x' })).toEqual([
      { path: 'body', message: 'a body cannot be sent with GET or HEAD; use POST, PUT, PATCH, DELETE or OPTIONS' },
    ]);
  });

  it('describes every field in the JSON Schema', () => {
    const schema = z.toJSONSchema(httpSchema, { io: 'input' }) as { properties: Record<string, { description?: string }> };
    for (const [key, field] of Object.entries(schema.properties)) expect(field.description, key).toBeTruthy();
  });
});
