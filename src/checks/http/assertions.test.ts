/** @module Unit tests of `assertions`. */
import { describe, it, expect } from 'vitest';
import { checkBody, compileBodyAssertions, type BodyAssertionConfig } from './assertions.js';

/** The English failure, or `undefined` when the body passes. */
function run(config: BodyAssertionConfig, body: string, truncated = false) {
  return checkBody(compileBodyAssertions(config), body, truncated)?.en;
}

/** The French failure. */
function runFr(config: BodyAssertionConfig, body: string, truncated = false) {
  return checkBody(compileBodyAssertions(config), body, truncated)?.fr;
}

describe('body assertions', () => {
  it('needs the body only when something is asserted', () => {
    expect(compileBodyAssertions({}).needed).toBe(false);
    expect(compileBodyAssertions({ body_regex: 'x' }).needed).toBe(true);
  });

  it('checks contains and not-contains texts', () => {
    expect(run({ body_contains: ['ok', 'ready'] }, 'ok and ready')).toBeUndefined();
    expect(run({ body_contains: ['ok', 'ready'] }, 'ok only')).toBe('body does not contain "ready"');
    expect(run({ body_not_contains: ['error'] }, 'an error page')).toBe('body contains "error", which it must not');
    expect(run({ body_contains: ['ok'] }, 'nothing', true)).toBe('body does not contain "ok" (only the first max_body_bytes were read)');
  });

  it('checks a regex', () => {
    expect(run({ body_regex: '^v\\d+\\.\\d+' }, 'v1.2 running')).toBeUndefined();
    expect(run({ body_regex: '^v\\d+' }, 'down')).toBe('body does not match /^v\\d+/');
  });

  it('checks JSON values, presence and absence', () => {
    const body = JSON.stringify({ status: 'degraded', db: { up: true, latency: 3 }, list: [1, 2] });
    expect(run({ json_path: [{ path: '$.status', equals: 'ok' }] }, body)).toBe('$.status is "degraded", expected "ok"');
    expect(run({ json_path: [{ path: 'db.up', equals: true }, { path: 'list[1]', equals: 2 }] }, body)).toBeUndefined();
    expect(run({ json_path: [{ path: 'db', equals: { latency: 3, up: true } }] }, body)).toBeUndefined();
    expect(run({ json_path: [{ path: 'db', equals: { up: false } }] }, body)).toBe('$.db is {"up":true,"latency":3}, expected {"up":false}');
    expect(run({ json_path: [{ path: 'version' }] }, body)).toBe('$.version is missing');
    expect(run({ json_path: [{ path: 'version', equals: '1' }] }, body)).toBe('$.version is missing, expected "1"');
    expect(run({ json_path: [{ path: 'db.up', exists: false }] }, body)).toBe('$.db.up exists (true), expected it to be absent');
    expect(run({ json_path: [{ path: 'error', exists: false }] }, body)).toBeUndefined();
  });

  it('writes every failure in French too', () => {
    const body = JSON.stringify({ status: 'degraded', db: { up: true } });
    expect(runFr({ body_contains: ['ready'] }, 'ok only')).toBe('le corps ne contient pas "ready"');
    expect(runFr({ body_contains: ['ok'] }, 'nothing', true)).toBe('le corps ne contient pas "ok" (seuls les max_body_bytes premiers octets ont été lus)');
    expect(runFr({ body_not_contains: ['error'] }, 'an error page')).toBe('le corps contient "error", ce qu’il ne doit pas');
    expect(runFr({ body_regex: '^v\\d+' }, 'down')).toBe('le corps ne correspond pas à /^v\\d+/');
    expect(runFr({ json_path: [{ path: '$.status', equals: 'ok' }] }, body)).toBe('$.status vaut "degraded", valeur attendue "ok"');
    expect(runFr({ json_path: [{ path: 'version' }] }, body)).toBe('$.version est absent');
    expect(runFr({ json_path: [{ path: 'version', equals: '1' }] }, body)).toBe('$.version est absent, valeur attendue "1"');
    expect(runFr({ json_path: [{ path: 'db.up', exists: false }] }, body)).toBe('$.db.up existe (true) alors qu’il devrait être absent');
    expect(runFr({ json_path: [{ path: 'status' }] }, '<html>')).toMatch(/^le corps n’est pas du JSON valide, \$\.status ne peut donc pas être vérifié : /);
  });

  it('distinguishes a number from the same text', () => {
    expect(run({ json_path: [{ path: 'n', equals: '1' }] }, '{"n":1}')).toBe('$.n is 1, expected "1"');
  });

  it('says when the body is not JSON', () => {
    expect(run({ json_path: [{ path: 'status' }] }, '<html>')).toMatch(/^body is not valid JSON, so \$\.status cannot be checked: /);
    expect(run({ json_path: [{ path: 'status' }] }, '{"status": "o', true)).toMatch(/^body is not valid JSON \(only the first max_body_bytes were read\)/);
  });
});
