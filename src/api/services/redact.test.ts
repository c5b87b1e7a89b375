import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets, restoreRedacted } from './redact.js';

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

describe('restoreRedacted', () => {
  const stored = {
    id: 'dc1',
    ldap: { url: 'ldap://127.0.0.1', password: 's3cret' },
    http: { url: 'http://x', headers: { Authorization: 'Bearer x', Accept: 'text/plain' } },
    locations: [{ name: 'a', token: 't-a' }, { name: 'b', token: 't-b' }],
  };

  it('puts back every stored secret a client sends as [redacted], at any depth and in arrays', () => {
    const sent = { ...redactSecrets(stored), name: 'Edited' };
    const { value, unmatched } = restoreRedacted(sent, stored);
    expect(value).toEqual({ ...stored, name: 'Edited' });
    expect(unmatched).toEqual([]);
  });

  it('keeps a new value the client sends instead of the placeholder', () => {
    const sent = redactSecrets(stored);
    sent.http.headers.Authorization = 'Bearer new';
    const { value } = restoreRedacted(sent, stored) as { value: typeof stored };
    expect(value.http.headers.Authorization).toBe('Bearer new');
    expect(value.ldap.password).toBe('s3cret');
  });

  it('lists placeholders with no stored secret behind them, and leaves [redacted] alone under ordinary keys', () => {
    const sent = { http: { url: 'http://x', headers: { 'X-Api-Key': REDACTED, Accept: REDACTED } }, locations: [{}, {}, { token: REDACTED }] };
    const { value, unmatched } = restoreRedacted(sent, stored) as { value: { http: { headers: Record<string, string> } }; unmatched: string[] };
    expect(unmatched).toEqual(['http.headers.X-Api-Key', 'locations[2].token']);
    expect(value.http.headers).toEqual({ Accept: REDACTED });
    expect(restoreRedacted(sent, undefined).unmatched).toHaveLength(2);
  });
});
