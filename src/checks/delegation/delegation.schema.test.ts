import { describe, expect, it } from 'vitest';
import { delegationConfigSchema } from './delegation.schema.js';
import { parentZoneOf } from './discover-parents.js';

describe('delegationConfigSchema', () => {
  it('fills the default record types', () => {
    expect(delegationConfigSchema.parse({ name: 'example.org' })).toEqual({ name: 'example.org', records: ['A', 'AAAA', 'MX'] });
  });

  it('accepts a full block with a query timeout in milliseconds', () => {
    const parsed = delegationConfigSchema.parse({
      name: 'ge.ch',
      parent_servers: ['194.0.25.39', '[2001:620::1]:53'],
      expected_nameservers: ['ns1.ge.ch'],
      resolvers: ['9.9.9.9'],
      records: ['A', 'TXT'],
      nameserver_addresses: { 'ns1.ge.ch': '192.0.2.1:5353' },
      query_timeout: '2s',
    });
    expect(parsed.query_timeout).toBe(2000);
  });

  it('names the bad field', () => {
    const paths = (input: Record<string, unknown>) => delegationConfigSchema.safeParse(input).error?.issues.map((i) => i.path.join('.'));
    expect(paths({ name: 'not a name' })).toEqual(['name']);
    expect(paths({ name: 'example.org', parent_servers: ['a.nic.org'] })).toEqual(['parent_servers.0']);
    expect(paths({ name: 'example.org', expected_nameservers: ['bad name'] })).toEqual(['expected_nameservers.0']);
    expect(paths({ name: 'example.org', records: ['PTR'] })).toEqual(['records.0']);
    expect(paths({ name: 'example.org', typo: 1 })).toEqual(['']);
  });
});

describe('parentZoneOf', () => {
  it('drops the first label', () => {
    expect(parentZoneOf('ge.ch')).toBe('ch');
    expect(parentZoneOf('a.b.example.org')).toBe('b.example.org');
    expect(parentZoneOf('ch')).toBe('.');
  });
});
