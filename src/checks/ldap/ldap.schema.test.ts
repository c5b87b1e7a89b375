import { describe, expect, it } from 'vitest';
import { ldapSchema, parseLdapUrl } from './ldap.schema.js';

describe('ldap URLs', () => {
  it.each([
    ['ldap://dc1.corp.example', { host: 'dc1.corp.example', port: 389, secure: false }],
    ['ldaps://dc1.corp.example', { host: 'dc1.corp.example', port: 636, secure: true }],
    ['ldap://127.0.0.1:10389/', { host: '127.0.0.1', port: 10389, secure: false }],
    ['ldaps://[2001:db8::1]:3269', { host: '2001:db8::1', port: 3269, secure: true }],
  ])('reads %s', (url, endpoint) => {
    expect(parseLdapUrl(url)).toEqual(endpoint);
  });

  it.each(['http://dc1', 'ldap://', 'ldap://dc1/dc=corp', 'ldap://user@dc1', 'dc1:389'])('refuses %s', (url) => {
    expect(parseLdapUrl(url)).toBeUndefined();
  });
});

describe('ldap schema', () => {
  it('applies defaults to the search', () => {
    const config = ldapSchema.parse({ url: 'ldaps://dc1.corp.example', bind_dn: 'svc@corp.example', password: 'p', search: { base: 'DC=corp,DC=example' } });
    expect(config.search).toEqual({ base: 'DC=corp,DC=example', filter: '(objectClass=*)', scope: 'sub', min_entries: 1 });
    expect(config).toMatchObject({ starttls: false, verify_tls: true });
  });

  it.each([
    [{ url: 'ldaps://dc1', starttls: true }, 'starttls', 'ldaps:// is already TLS'],
    [{ url: 'ldap://dc1', bind_dn: 'cn=x' }, 'password', '${LDAP_PASSWORD}'],
    [{ url: 'ldap://dc1', password: 'p' }, 'password', 'only used with bind_dn'],
    [{ url: 'ldap://dc1', ca: '-----BEGIN CERTIFICATE-----\nAA\n-----END CERTIFICATE-----' }, 'ca', 'only used with ldaps:// or starttls'],
    [{ url: 'ldap://dc1', search: { base: 'dc=x', filter: 'objectClass=*)(' } }, 'search.filter', 'must be an LDAP filter'],
    [{ url: 'ldap://dc1', search: { base: 'dc=x', scope: 'children' } }, 'search.scope', ''],
    [{ url: 'ldap://dc1', search: { base: 'dc=x', min: 3 } }, 'search', 'Unrecognized key'],
    [{ url: 'https://dc1' }, 'url', 'must be an ldap:// or ldaps:// URL'],
  ])('rejects %j at %s', (input, path, message) => {
    const result = ldapSchema.safeParse(input);
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0]!;
    expect(issue.path.join('.')).toBe(path);
    expect(issue.message).toContain(message);
  });
});
