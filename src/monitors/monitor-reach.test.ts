import { describe, expect, it } from 'vitest';
import { CHECK_TYPE_NAMES } from '../checks/registry.js';
import { reachKey, reachOf } from './monitor-reach.js';

const key = (input: unknown) => {
  const reach = reachOf(input);
  return reach ? reachKey(reach) : undefined;
};

describe('reachOf', () => {
  it('knows where every registered check type goes', () => {
    const samples: Record<string, unknown> = {
      http: { url: 'http://h.test/' }, tcp: { host: 'h.test', port: 22 }, dns: { name: 'x.test' }, tls: { host: 'h.test' },
      domain: { name: 'example.ch' }, delegation: { name: 'example.ch' }, sip: { host: 'pbx.test' }, ldap: { url: 'ldap://dc.test' },
      heartbeat: { token: 'abcdefabcdefabcdef' }, traffic: { token: 'abcdefabcdefabcdef', volume: 'calls' },
    };
    for (const type of CHECK_TYPE_NAMES) {
      expect(samples[type], `add a sample for ${type}`).toBeDefined();
      expect(() => reachOf({ id: 'm', [type]: samples[type] }), type).not.toThrow();
      expect(reachOf({ id: 'm', [type]: samples[type] })?.type, type).toBe(type);
    }
  });

  it('changes with the scheme, host, port or TLS trust, not with the path, query, headers or timing', () => {
    const base = key({ http: { url: 'https://api.test/a', headers: { Authorization: 'x' } } });
    expect(key({ http: { url: 'https://API.test:443/b?c=d', headers: { Authorization: 'y' }, expected_status: 204 } })).toBe(base);
    for (const http of [{ url: 'http://api.test/a' }, { url: 'https://evil.test/a' }, { url: 'https://api.test:8443/a' }, { url: 'https://api.test/a', verify_tls: false }]) {
      expect(key({ http }), JSON.stringify(http)).not.toBe(base);
    }
    expect(key({ ldap: { url: 'ldap://dc.test' } })).toBe(key({ ldap: { url: 'ldap://DC.test:389/' } }));
    expect(key({ ldap: { url: 'ldap://dc.test' } })).not.toBe(key({ ldap: { url: 'ldaps://dc.test' } }));
    expect(key({ sip: { host: 'pbx.test' } })).toBe(key({ sip: { host: 'pbx.test', port: 5060 } }));
    expect(key({ sip: { host: 'pbx.test' } })).not.toBe(key({ sip: { host: 'pbx.test', transport: 'tcp' } }));
    expect(key({ dns: { name: 'x.test', resolvers: ['192.0.2.1'] } })).not.toBe(key({ dns: { name: 'x.test', resolvers: ['192.0.2.2'] } }));
  });

  it('lists every endpoint with the field naming it', () => {
    const reach = reachOf({ domain: { name: 'example.ch', whois_servers: { ch: { server: 'whois.test' } }, rdap_overrides: { li: 'https://rdap.test/' } } });
    expect(reach?.endpoints).toEqual([
      { path: 'domain.rdap_overrides.li', host: 'rdap.test', port: 443, scheme: 'https:' },
      { path: 'domain.whois_servers.ch.server', host: 'whois.test', port: 43 },
    ]);
    expect(reachOf({ http: { url: 'ftp://x' } })).toBeUndefined();
    expect(reachOf({ http: { url: 'http://x' }, tcp: { host: 'x', port: 1 } })).toBeUndefined();
  });
});
