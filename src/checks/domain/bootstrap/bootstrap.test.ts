import { describe, expect, it } from 'vitest';
import { IANA_BOOTSTRAP_URL, RdapBootstrap, refreshUrlFromEnv, sharedBootstrap } from './bootstrap.js';
import { SHIPPED_PUBLICATION, shippedBootstrap } from './iana-dns.js';

describe('shipped IANA bootstrap copy', () => {
  const bootstrap = new RdapBootstrap(shippedBootstrap(), { refreshUrl: null });

  it('is dated and finds the usual registries', () => {
    expect(bootstrap.publication).toBe(SHIPPED_PUBLICATION);
    expect(bootstrap.serverFor('example.com')).toBe('https://rdap.verisign.com/com/v1/');
    expect(bootstrap.serverFor('example.org')).toBe('https://rdap.publicinterestregistry.org/rdap/');
    expect(bootstrap.serverFor('afnic.fr')).toBe('https://rdap.nic.fr/');
    expect(bootstrap.serverFor('www.example.co.uk')).toBe('https://rdap.nominet.uk/uk/');
    expect(bootstrap.serverFor('Example.XYZ.')).toBe('https://rdap.centralnic.com/xyz/');
  });

  it('does not list .ch and .li (see the built-in overrides)', () => {
    expect(bootstrap.serverFor('ge.ch')).toBeUndefined();
    expect(bootstrap.serverFor('vaduz.li')).toBeUndefined();
  });

  it('keeps every service of the file (over a thousand TLDs)', () => {
    const labels = shippedBootstrap().services.flatMap(([l]) => l);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels.length).toBeGreaterThan(1000);
  });
});

describe('bootstrap refresh settings', () => {
  it('never refreshes under tests unless a source is named, and can be turned off', () => {
    expect(refreshUrlFromEnv({ VITEST: 'true' })).toBeNull();
    expect(refreshUrlFromEnv({ NODE_ENV: 'test' })).toBeNull();
    expect(refreshUrlFromEnv({})).toBe(IANA_BOOTSTRAP_URL);
    expect(refreshUrlFromEnv({ VIGIE_RDAP_BOOTSTRAP_URL: 'off' })).toBeNull();
    expect(refreshUrlFromEnv({ VITEST: 'true', VIGIE_RDAP_BOOTSTRAP_URL: 'http://127.0.0.1:1/dns.json' })).toBe('http://127.0.0.1:1/dns.json');
  });

  it('the shared bootstrap here does not refresh (resolves at once without traffic)', async () => {
    await expect(sharedBootstrap().refreshIfDue()).resolves.toBeUndefined();
    expect(sharedBootstrap().publication).toBe(SHIPPED_PUBLICATION);
  });
});
