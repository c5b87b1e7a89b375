import { describe, expect, it } from 'vitest';
import { getCheckType } from '../checks/registry.js';
import { parseAdHocCheck, type AdHocFlags } from './ad-hoc-check.js';

const parse = (type: string, flags: Partial<AdHocFlags>) => parseAdHocCheck(type, getCheckType(type)!.schema, { timeout: '10s', ...flags });

describe('parseAdHocCheck', () => {
  it('builds the check block from the flags and --set, with the timeout in ms', () => {
    const ok = parse('http', { url: 'http://127.0.0.1:8080/', set: '{"expected_status":["2xx"]}', timeout: '3s' });
    expect(ok).toMatchObject({ ok: true, timeoutMs: 3000, config: { url: 'http://127.0.0.1:8080/' } });
    expect(parse('dns', { name: 'example.test', recordType: 'mx', resolver: ['127.0.0.1:5353'] })).toMatchObject({ ok: true, config: { record_type: 'MX', resolvers: ['127.0.0.1:5353'] } });
  });

  it('names the field and the flag of each error, in readable words', () => {
    expect(parse('tcp', { host: '127.0.0.1', port: 'abc' })).toEqual({ ok: false, errors: ['tcp.port (--port): expected a number, got "abc"'] });
    expect(parse('tcp', { host: '127.0.0.1' })).toEqual({ ok: false, errors: ['tcp.port (--port): is required'] });
    expect(parse('http', { url: 'http://127.0.0.1/', set: '{"expected_statuss":[200]}' })).toEqual({
      ok: false, errors: ['http.expected_statuss (--set): unknown field; did you mean "expected_status"?'],
    });
  });

  it('refuses --set that is not a JSON object and a --timeout that is not a duration, together', () => {
    const bad = parse('http', { url: 'http://127.0.0.1/', set: '{bad', timeout: '5x' });
    expect(bad.ok).toBe(false);
    const errors = bad.ok ? [] : bad.errors;
    expect(errors[0]).toMatch(/^--set: not valid JSON \(/);
    expect(errors[1]).toBe('--timeout: "5x" is not a duration (e.g. 500ms, 10s, 1m)');
    expect(parse('http', { url: 'http://127.0.0.1/', set: '[1]' })).toEqual({ ok: false, errors: [expect.stringMatching(/^--set: must be a JSON object/)] });
  });
});
