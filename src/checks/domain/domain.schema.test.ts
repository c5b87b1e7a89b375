import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { monitorInputSchema } from '../../monitors/monitor.schema.js';
import { domainConfigSchema, normalizeDomain } from './domain.schema.js';

describe('domain config', () => {
  it('applies the defaults', () => {
    expect(domainConfigSchema.parse({ name: 'ge.ch' })).toEqual({ name: 'ge.ch', rdap_overrides: {}, whois_servers: {}, warn_days: 30, critical_days: 7 });
    expect(domainConfigSchema.parse({ name: 'x.com', whois: { server: 'whois.example' } }).whois).toEqual({ server: 'whois.example', port: 43, query: '{name}' });
  });

  it('rejects bad values with the field named', () => {
    const issues = (input: unknown) => domainConfigSchema.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues({ name: 'localhost' })).toEqual(['name: must be a registered domain name such as example.ch']);
    expect(issues({ name: 'a.ch', critical_days: 40 })).toEqual(['critical_days: must not be more than warn_days (30)']);
    expect(issues({ name: 'a.ch', rdap_url: 'ftp://x/' })).toEqual(['rdap_url: must be an http(s) URL']);
    expect(issues({ name: 'a.ch', rdap_url: 'http://127.0.0.1/', whois: { server: '127.0.0.1' } })).toEqual(['whois: choose rdap_url or whois, not both']);
    expect(issues({ name: 'a.ch', rdap_overrides: { '.ch': 'https://x/' } })?.[0]).toMatch(/^rdap_overrides\.\.ch: /);
    expect(issues({ name: 'a.ch', surprise: 1 })?.[0]).toMatch(/surprise/);
  });

  it('normalises names to lower-case A-labels without the trailing dot', () => {
    expect(normalizeDomain('GE.ch.')).toBe('ge.ch');
    expect(normalizeDomain('zürich.ch')).toBe('xn--zrich-kva.ch');
    expect(normalizeDomain('bad..name')).toBe('');
  });

  it('describes every field in the JSON Schema', () => {
    const schema = z.toJSONSchema(domainConfigSchema, { io: 'input' }) as { properties: Record<string, { description?: string }> };
    for (const [key, property] of Object.entries(schema.properties)) expect(property.description, key).toBeTruthy();
  });
});

describe('domain monitors: minimum interval', () => {
  const monitor = (domain: Record<string, unknown>, interval: string) => monitorInputSchema.safeParse({ id: 'd', interval, domain });

  it('refuses to poll a public registry more often than every 5 minutes', () => {
    const parsed = monitor({ name: 'ge.ch' }, '1m');
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['interval'], message: expect.stringContaining('must be at least 5m for domain checks: public registries') });
    expect(monitor({ name: 'ge.ch' }, '5m').success).toBe(true);
    expect(monitor({ name: 'ge.ch', rdap_url: 'https://rdap.mirror.example/' }, '1m').success).toBe(false);
  });

  it('lets a loopback registry (local mirror, test registry) be polled every second', () => {
    expect(monitor({ name: 'ge.ch', rdap_url: 'http://127.0.0.1:8080/' }, '1s').success).toBe(true);
    expect(monitor({ name: 'ge.ch', whois: { server: '::1', port: 4343 } }, '1s').success).toBe(true);
  });
});
