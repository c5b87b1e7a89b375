import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { ApiError, formatPath, fromZodError, notFound, toFieldIssues } from './errors.js';

describe('formatPath', () => {
  it('joins keys with dots and indexes with brackets', () => {
    expect(formatPath(['http', 'url'])).toBe('http.url');
    expect(formatPath(['tags', 2])).toBe('tags[2]');
    expect(formatPath(['http', 'headers', 0, 'name'])).toBe('http.headers[0].name');
    expect(formatPath([])).toBe('');
  });
});

describe('toFieldIssues', () => {
  const schema = z.strictObject({
    http: z.strictObject({ url: z.string().url('must be an absolute http(s) URL') }),
    tags: z.array(z.string().min(1, 'must not be empty')),
  });

  it('names each bad field by its path with the schema message', () => {
    const parsed = schema.safeParse({ http: { url: 'nope' }, tags: ['a', ''] });
    expect(parsed.success).toBe(false);
    const issues = toFieldIssues(parsed.error!);
    expect(issues).toContainEqual({ path: 'http.url', message: 'must be an absolute http(s) URL' });
    expect(issues).toContainEqual({ path: 'tags[1]', message: 'must not be empty' });
  });

  it('reports each unknown key at its own path', () => {
    const parsed = schema.safeParse({ http: { url: 'http://127.0.0.1/', methd: 'GET' }, tags: [], extra: 1 });
    const issues = toFieldIssues(parsed.error!);
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'http.methd', message: 'is not a known field' },
        { path: 'extra', message: 'is not a known field' },
      ]),
    );
  });
});

describe('toFieldIssues on unions', () => {
  const one = z.strictObject({ counts: z.record(z.string(), z.number('must be a number')) });
  const many = z.strictObject({ buckets: z.array(one) });

  it('reports the issues of the branch the value has the shape of, at their full path', () => {
    const parsed = z.strictObject({ body: z.union([one, many]) }).safeParse({ body: { buckets: [{ counts: { a: 'x' } }] } });
    expect(toFieldIssues(parsed.error!)).toEqual([{ path: 'body.buckets[0].counts.a', message: 'must be a number' }]);
  });

  it("uses the union's own message for a value of no branch's shape, else the first branch's", () => {
    const described = z.union([one, many], { error: 'expected counts or buckets' }).safeParse(5);
    expect(toFieldIssues(described.error!)).toEqual([{ path: '', message: 'expected counts or buckets' }]);
    const bare = z.union([z.number(), z.boolean()]).safeParse('x');
    expect(toFieldIssues(bare.error!)).toEqual([{ path: '', message: 'Invalid input: expected number, received string' }]);
  });
});

describe('fromZodError', () => {
  it('makes a 400 invalid_request whose message names the first field', () => {
    const parsed = z.strictObject({ limit: z.number().max(5, 'must be at most 5') }).safeParse({ limit: 9 });
    const error = fromZodError('query', parsed.error!);
    expect(error.statusCode).toBe(400);
    expect(error.toBody()).toEqual({
      error: 'invalid_request',
      message: 'invalid query string: limit: must be at most 5',
      issues: [{ path: 'limit', message: 'must be at most 5' }],
    });
  });
});

describe('ApiError', () => {
  it('answers not_found with the quoted id', () => {
    const error = notFound('monitor', 'x');
    expect(error).toBeInstanceOf(ApiError);
    expect(error.statusCode).toBe(404);
    expect(error.toBody()).toEqual({ error: 'not_found', message: 'monitor "x" not found' });
  });
});
