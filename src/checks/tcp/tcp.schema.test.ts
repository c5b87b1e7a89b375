/** @module Unit tests of `tcp.schema`. */
import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { tcpSchema } from './tcp.schema.js';

function issues(input: unknown): { path: string; message: string }[] {
  const result = tcpSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('tcp schema', () => {
  it('fills the defaults', () => {
    expect(tcpSchema.parse({ host: 'db.internal', port: 5432 })).toEqual({ host: 'db.internal', port: 5432, tls: false, verify_tls: true });
  });

  it('accepts IPv4, IPv6 and host names', () => {
    for (const host of ['127.0.0.1', '::1', 'mail.example.org', 'localhost']) expect(issues({ host, port: 25 })).toEqual([]);
  });

  it('explains bad values', () => {
    expect(issues({ host: 'tcp://db:5432', port: 1 })).toEqual([{ path: 'host', message: 'must be a host name or an IP address, without scheme or port' }]);
    expect(issues({ host: 'db', port: 70000 })).toEqual([{ path: 'port', message: 'must be a port between 1 and 65535' }]);
    expect(issues({ host: 'db', port: 22, expect_regex: '[' })).toEqual([{ path: 'expect_regex', message: 'must be a valid regular expression' }]);
    expect(issues({ host: 'db', port: 22, ca: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----' })).toEqual([
      { path: 'ca', message: 'is only used with tls: true' },
    ]);
    expect(issues({ host: 'db', port: 22, banner: 'SSH' })[0]!.message).toMatch(/banner/);
  });

  it('describes every field in the JSON Schema', () => {
    const schema = z.toJSONSchema(tcpSchema, { io: 'input' }) as { properties: Record<string, { description?: string }> };
    for (const [key, field] of Object.entries(schema.properties)) expect(field.description, key).toBeTruthy();
  });
});
