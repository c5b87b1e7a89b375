import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dnsConfigSchema } from './dns.schema.js';

describe('dnsConfigSchema', () => {
  it('fills the defaults', () => {
    expect(dnsConfigSchema.parse({ name: 'www.example.org' })).toEqual({ name: 'www.example.org', record_type: 'A', alert_on_change: false });
  });

  it('accepts a full block', () => {
    const config = { name: 'example.org.', record_type: 'MX', resolvers: ['192.0.2.53', '[2001:db8::53]:5353'], expected: ['10 mail.example.org'], alert_on_change: true };
    expect(dnsConfigSchema.parse(config)).toEqual(config);
  });

  it('names the field and the expected form in errors', () => {
    const result = dnsConfigSchema.safeParse({ name: 'example.org', record_type: 'MX', expected: ['mail.example.org'] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['expected', 0], message: 'is not a MX value; write it like `10 mail.example.org`' });
  });

  it('rejects unknown keys, bad names, bad resolvers, and expected with expect_any', () => {
    expect(dnsConfigSchema.safeParse({ name: 'example.org', typo: 1 }).success).toBe(false);
    expect(dnsConfigSchema.safeParse({ name: 'not a name' }).success).toBe(false);
    expect(dnsConfigSchema.safeParse({ name: 'example.org', record_type: 'PTR' }).success).toBe(false);
    expect(dnsConfigSchema.safeParse({ name: 'example.org', resolvers: ['dns.google'] }).success).toBe(false);
    const both = dnsConfigSchema.safeParse({ name: 'example.org', expected: ['192.0.2.1'], expect_any: true });
    expect(both.error?.issues[0]?.path).toEqual(['expect_any']);
  });

  it('describes every field in its JSON Schema', () => {
    const schema = z.toJSONSchema(dnsConfigSchema, { io: 'input' }) as { properties: Record<string, { description?: string }> };
    for (const [key, prop] of Object.entries(schema.properties)) expect(prop.description, key).toBeTruthy();
  });
});
