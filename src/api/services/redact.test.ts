import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets } from './redact.js';

describe('redactSecrets', () => {
  it('hides push tokens, passwords and credential headers at any depth, and nothing else', () => {
    const input = {
      id: 'dc1',
      heartbeat: { token: 'abcdefabcdefabcdef', period: '1m' },
      ldap: { url: 'ldap://127.0.0.1', bind_dn: 'cn=admin', password: 's3cret', search: { base: 'dc=x' } },
      http: { url: 'http://x', headers: { Authorization: 'Bearer x', 'X-Api-Key': 'k', Accept: 'text/plain' } },
      tags: ['token'],
    };
    const out = redactSecrets(input);
    expect(out.heartbeat).toEqual({ token: REDACTED, period: '1m' });
    expect(out.ldap).toEqual({ url: 'ldap://127.0.0.1', bind_dn: 'cn=admin', password: REDACTED, search: { base: 'dc=x' } });
    expect(out.http.headers).toEqual({ Authorization: REDACTED, 'X-Api-Key': REDACTED, Accept: 'text/plain' });
    expect(out.tags).toEqual(['token']);
    expect(input.heartbeat.token).toBe('abcdefabcdefabcdef');
  });
});
