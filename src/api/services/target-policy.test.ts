import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../config/config.schema.js';
import { startDnsServer, type TestDns } from '../../../test/helpers/http-server.js';
import { TargetPolicy, type Lookup } from './target-policy.js';

describe('TargetPolicy', () => {
  let dns: TestDns;
  let lookup: Lookup;
  beforeAll(async () => {
    // A loopback DNS server: the names resolve to these addresses, which are never contacted.
    dns = await startDnsServer({ 'metadata.test': '169.254.169.254', 'public.test': '203.0.113.7', 'db.corp.test': '10.0.0.5', 'app.test': '10.20.1.1' });
    lookup = async (host) => (await dns.resolve(host)).map((a) => a.address);
  });
  afterAll(async () => dns?.close());

  const refusals = (config: { deny?: string[]; allow?: string[] }, input: unknown, resolve?: Lookup) =>
    new TargetPolicy({ deny: config.deny ?? [], allow: config.allow ?? [] }, resolve ?? lookup).refusals(input);
  const http = (host: string) => ({ id: 'm', http: { url: `http://${host}:8080/x` } });
  const internal = { deny: ['loopback', 'link_local', 'private'] };

  it('allows everything and resolves nothing without deny rules', async () => {
    const never: Lookup = () => Promise.reject(new Error('resolved'));
    expect(await refusals({}, http('metadata.test'), never)).toEqual([]);
    expect(await refusals({ allow: ['10.0.0.0/8'] }, http('127.0.0.1'), never)).toEqual([]);
  });

  it('refuses addresses in denied ranges, naming the field, the address and the rule', async () => {
    expect(await refusals(internal, http('127.0.0.1'))).toEqual([{ path: 'http.url', message: expect.stringContaining('targets 127.0.0.1, which api.monitor_targets.deny refuses') }]);
    expect((await refusals(internal, http('metadata.test')))[0]?.message).toContain('metadata.test (169.254.169.254)');
    expect((await refusals(internal, http('metadata.test')))[0]?.message).toContain('(rule "link_local")');
    expect(await refusals(internal, http('public.test'))).toEqual([]);
    expect(await refusals(internal, { tcp: { host: '::ffff:10.1.2.3', port: 22 } })).toEqual([{ path: 'tcp.host', message: expect.stringContaining('"private"') }]);
    expect(await refusals(internal, { tcp: { host: '::1', port: 22 } })).toHaveLength(1);
    expect((await refusals(internal, { dns: { name: 'x.test', resolvers: ['203.0.113.53', '10.0.0.53:5353'] } })).map((r) => r.path)).toEqual(['dns.resolvers[1]']);
    expect((await refusals(internal, { ldap: { url: 'ldaps://[fe80::1]' } })).map((r) => r.path)).toEqual(['ldap.url']);
  });

  it('lets allow rules make exceptions by address or host name, and deny: [all] keep only them', async () => {
    const corp = { deny: ['private'], allow: ['10.20.0.0/16', '*.corp.test'] };
    expect(await refusals(corp, http('db.corp.test'))).toEqual([]);
    expect(await refusals(corp, http('app.test'))).toEqual([]);
    expect(await refusals(corp, http('10.30.0.1'))).toHaveLength(1);
    const only = { deny: ['all'], allow: ['203.0.113.0/24', 'db.corp.test'] };
    expect(await refusals(only, http('public.test'))).toEqual([]);
    expect(await refusals(only, http('db.corp.test'))).toEqual([]);
    expect(await refusals(only, http('app.test'))).toHaveLength(1);
  });

  it('refuses denied host names without resolving them, and names it cannot resolve', async () => {
    const never: Lookup = () => Promise.reject(new Error('resolved'));
    expect(await refusals({ deny: ['*.internal.test'] }, http('db.internal.test'), never)).toEqual([{ path: 'http.url', message: expect.stringContaining('(rule "*.internal.test")') }]);
    expect(await refusals({ deny: ['*.internal.test'] }, http('public.test'), never)).toEqual([]);
    expect((await refusals(internal, http('nowhere.test')))[0]?.message).toMatch(/could not be resolved .* to check it against api.monitor_targets/);
  });
});

describe('api.monitor_targets in the config file', () => {
  it('defaults to allowing every target', () => {
    expect(configSchema.parse({}).api).toEqual({ monitor_targets: { deny: [], allow: [] } });
  });

  it('accepts named ranges, CIDRs, addresses and host names, and names a bad rule', () => {
    const ok = configSchema.safeParse({ api: { monitor_targets: { deny: ['loopback', 'link_local', 'private', 'shared', '198.51.100.0/24', '2001:db8::/32'], allow: ['10.1.2.3', '*.corp.example', 'db.example.org.'] } } });
    expect(ok.success).toBe(true);
    const bad = configSchema.safeParse({ api: { monitor_targets: { deny: ['loopback', '10.0.0.0/33', 'intranet!'] } } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['api.monitor_targets.deny.1', 'api.monitor_targets.deny.2']);
    expect(bad.error?.issues[0]?.message).toContain('a named range (loopback, link_local, private, shared, multicast, unspecified, all)');
  });
});
