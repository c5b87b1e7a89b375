import { describe, expect, it } from 'vitest';
import { RdapBootstrap } from './bootstrap/bootstrap.js';
import { domainConfigSchema } from './domain.schema.js';
import { isLoopbackHost, planIsLocal, planLookup, planTarget } from './plan.js';

const bootstrap = new RdapBootstrap(
  { publication: '2026-01-01T00:00:00Z', services: [[['com', 'net'], ['http://rdap.example/com/', 'https://rdap.example/com/']], [['co.uk'], ['https://rdap.couk.example/']]] },
  { refreshUrl: null },
);
const plan = (input: Record<string, unknown>) => planLookup(domainConfigSchema.parse(input), bootstrap);

describe('planLookup', () => {
  it('uses the bootstrap, https first, longest suffix first', () => {
    expect(plan({ name: 'example.com' })).toEqual({ kind: 'rdap', baseUrl: 'https://rdap.example/com/', via: 'bootstrap' });
    expect(plan({ name: 'shop.co.uk' })).toEqual({ kind: 'rdap', baseUrl: 'https://rdap.couk.example/', via: 'bootstrap' });
  });

  it('knows .ch and .li although the bootstrap does not', () => {
    expect(plan({ name: 'ge.ch' })).toEqual({ kind: 'rdap', baseUrl: 'https://rdap.nic.ch/', via: 'built-in' });
    expect(plan({ name: 'gemeinde.li' })).toEqual({ kind: 'rdap', baseUrl: 'https://rdap.nic.li/', via: 'built-in' });
  });

  it('prefers rdap_url, then rdap_overrides', () => {
    expect(plan({ name: 'example.com', rdap_url: 'http://127.0.0.1:9/' })).toMatchObject({ baseUrl: 'http://127.0.0.1:9/', via: 'rdap_url' });
    expect(plan({ name: 'example.com', rdap_overrides: { com: 'https://mirror.example/' } })).toMatchObject({ via: 'rdap_overrides' });
  });

  it('falls back to a per-TLD WHOIS server only when no RDAP server is known', () => {
    const whois_servers = { de: { server: 'whois.denic.de' }, com: { server: 'whois.verisign-grs.com' } };
    expect(plan({ name: 'example.de', whois_servers })).toMatchObject({ kind: 'whois', via: 'whois_servers', server: { server: 'whois.denic.de', port: 43 } });
    expect(plan({ name: 'example.com', whois_servers })).toMatchObject({ kind: 'rdap' });
    expect(plan({ name: 'example.com', whois: { server: '127.0.0.1', port: 4343 } })).toMatchObject({ kind: 'whois', via: 'whois' });
  });

  it('says when there is nowhere to ask', () => {
    expect(plan({ name: 'example.zz' })).toEqual({ kind: 'none', tld: 'zz' });
  });

  it('tells loopback servers apart and names the target', () => {
    const local = plan({ name: 'example.com', rdap_url: 'http://127.0.0.1:8080/' });
    expect(planIsLocal(local)).toBe(true);
    expect(planTarget(local)).toBe('127.0.0.1:8080');
    expect(planIsLocal(plan({ name: 'example.com' }))).toBe(false);
    expect(planTarget(plan({ name: 'example.com', whois: { server: '::1', port: 43 } }))).toBe('[::1]:43');
    expect(['127.0.0.1', '127.8.9.1', '::1', '[::1]', 'localhost'].every(isLoopbackHost)).toBe(true);
    expect(['10.0.0.1', '128.0.0.1', 'rdap.nic.ch', '::2'].some(isLoopbackHost)).toBe(false);
  });
});
