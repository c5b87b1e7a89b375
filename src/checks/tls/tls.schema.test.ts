import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { tlsConfigSchema } from './tls.schema.js';

describe('tlsConfigSchema', () => {
  it('fills the defaults', () => {
    expect(tlsConfigSchema.parse({ host: 'www.example.org' })).toEqual({
      host: 'www.example.org',
      port: 443,
      warn_days: 14,
      critical_days: 7,
      verify_chain: true,
      check_hostname: true,
    });
  });

  it('accepts IP addresses and a server name', () => {
    expect(tlsConfigSchema.parse({ host: '::1', servername: 'localhost', port: 8443 })).toMatchObject({ host: '::1', servername: 'localhost', port: 8443 });
  });

  it('rejects unknown keys, bad hosts, ports, thresholds and CA text', () => {
    expect(tlsConfigSchema.safeParse({ host: 'a.example', sni: 'x' }).success).toBe(false);
    expect(tlsConfigSchema.safeParse({ host: 'not a host' }).success).toBe(false);
    expect(tlsConfigSchema.safeParse({ host: 'a.example', port: 0 }).success).toBe(false);
    expect(tlsConfigSchema.safeParse({ host: 'a.example', ca: 'not pem' }).success).toBe(false);
    const inverted = tlsConfigSchema.safeParse({ host: 'a.example', warn_days: 5, critical_days: 10 });
    expect(inverted.error?.issues[0]).toMatchObject({ path: ['critical_days'], message: 'must not be more than warn_days (5)' });
  });

  it('describes every field in its JSON Schema', () => {
    const schema = z.toJSONSchema(tlsConfigSchema, { io: 'input' }) as { properties: Record<string, { description?: string }> };
    for (const [key, prop] of Object.entries(schema.properties)) expect(prop.description, key).toBeTruthy();
  });
});
