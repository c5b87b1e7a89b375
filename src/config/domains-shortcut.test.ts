/** @module Tests of the `domains:` shortcut: expansion, defaults, and errors at file:line:col. */
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { configSchema, toMonitorDefinitions } from './config.schema.js';
import { domainIdPart, expandDomainEntry } from './domains-shortcut.js';
import { parseConfigFiles } from './load-config.js';

function errorOf(text: string): string {
  try {
    parseConfigFiles([{ file: 'vigie.yaml', text }], {});
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected the config to be refused');
}

describe('domainIdPart', () => {
  it('turns a name into an id part: lower case, A-label, dots as dashes', () => {
    expect(domainIdPart('GE.ch.')).toBe('ge-ch');
    expect(domainIdPart('bücher.example')).toBe('xn--bcher-kva-example');
  });
});

describe('expandDomainEntry', () => {
  it('makes a domain and a delegation monitor from a plain name, with their defaults', () => {
    expect(expandDomainEntry('Example.org')).toEqual([
      { id: 'domain-example-org', name: 'example.org (registry)', tags: ['domain'], interval: '1h', confirmations: { down: 1 }, domain: { name: 'example.org' } },
      { id: 'delegation-example-org', name: 'example.org (delegation)', tags: ['domain'], interval: '5m', delegation: { name: 'example.org' } },
    ]);
  });

  it('shares the expected name servers and passes each setting to the check that uses it', () => {
    const entry = configSchema.parse({
      domains: [
        {
          name: 'ge.ch',
          expected_nameservers: ['ns1.ge.ch', 'ns2.ge.ch'],
          rdap_url: 'http://127.0.0.1:8080/rdap/',
          parent_servers: ['127.0.0.1:5300'],
          resolvers: ['127.0.0.1:5301'],
          records: ['A', 'MX'],
          interval: '2s',
          tags: ['canton'],
        },
      ],
    }).domains[0]!;
    const [domain, delegation] = expandDomainEntry(entry);
    expect(domain).toMatchObject({ interval: '2s', tags: ['domain', 'canton'], domain: { name: 'ge.ch', rdap_url: 'http://127.0.0.1:8080/rdap/', expected_nameservers: ['ns1.ge.ch', 'ns2.ge.ch'] } });
    expect(delegation).toMatchObject({
      interval: '2s',
      delegation: { name: 'ge.ch', parent_servers: ['127.0.0.1:5300'], resolvers: ['127.0.0.1:5301'], records: ['A', 'MX'], expected_nameservers: ['ns1.ge.ch', 'ns2.ge.ch'] },
    });
    expect(delegation.delegation).not.toHaveProperty('rdap_url');
  });

  it('checks the delegation every 5 minutes when the registry is asked less often', () => {
    const entry = configSchema.parse({ domains: [{ name: 'example.org', interval: '6h' }] }).domains[0]!;
    expect(expandDomainEntry(entry).map((m) => m.interval)).toEqual(['6h', '5m']);
  });
});

describe('configSchema with domains', () => {
  it('adds the generated monitors after monitors[], typed and with durations in ms', () => {
    const config = configSchema.parse({ monitors: [{ id: 'web', http: { url: 'https://example.org/' } }], domains: ['example.org'] });
    const defs = toMonitorDefinitions(config);
    expect(defs.map((d) => [d.id, d.type, d.intervalMs, d.confirmations.down])).toEqual([
      ['web', 'http', 60_000, 2],
      ['domain-example-org', 'domain', 3_600_000, 1],
      ['delegation-example-org', 'delegation', 300_000, 2],
    ]);
    expect(defs[2]!.check).toEqual({ name: 'example.org', records: ['A', 'AAAA', 'MX'] });
  });

  it('is empty by default', () => {
    expect(configSchema.parse({}).domains).toEqual([]);
  });
});

describe('domains errors keep file:line:col', () => {
  it('a bad field inside an entry', () => {
    expect(errorOf('domains:\n  - name: example.org\n    parent_servers: [a.nic.org]\n')).toMatch(
      /^vigie\.yaml:3:22 domains\[0\]\.parent_servers\[0\]: must be an IP address/,
    );
  });

  it('an unknown field inside an entry, with a "did you mean" from the map form of the entry', () => {
    expect(errorOf('domains:\n  - name: example.org\n    resolver: [127.0.0.1]\n')).toMatch(/^vigie\.yaml:3:5 domains\[0\]\.resolver: unknown field; did you mean "resolvers"\?/);
    expect(errorOf('domains:\n  - example.org\n  - name: example.net\n    intervall: 1d\n')).toMatch(/^vigie\.yaml:4:5 domains\[1\]\.intervall: unknown field; did you mean "interval"\?/);
  });

  it('a plain name that is not a domain', () => {
    expect(errorOf('domains:\n  - example.org\n  - "not a domain"\n')).toMatch(/^vigie\.yaml:3:5 domains\[1\]: /);
  });

  it('an interval too short for a public registry, at the entry\'s interval', () => {
    expect(errorOf('domains:\n  - name: example.org\n    interval: 30s\n')).toMatch(/^vigie\.yaml:3:5 domains\[0\]\.interval: must be at least 5m for domain checks/);
  });

  it('a generated id already used in monitors[], naming both', () => {
    const text = 'monitors:\n  - id: domain-example-org\n    tcp: { host: 127.0.0.1, port: 43 }\ndomains:\n  - example.org\n';
    expect(errorOf(text)).toBe(
      'vigie.yaml:5:5 domains[0]: creates the monitor id "domain-example-org", already used by monitors[0]; rename that monitor or remove one of them',
    );
  });

  it('the same domain twice', () => {
    expect(errorOf('domains:\n  - example.org\n  - name: EXAMPLE.org\n')).toContain('vigie.yaml:3:5 domains[1]: creates the monitor id "domain-example-org", already used by domains[0]');
  });
});
