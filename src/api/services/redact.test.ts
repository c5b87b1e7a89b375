import { describe, expect, it } from 'vitest';
import { REDACTED, isSecretKey, redactSecrets, restoreRedacted } from './redact.js';

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

describe('isSecretKey', () => {
  it('names the fields, headers and parameters that hold secrets, and not the others', () => {
    for (const name of ['password', 'token', 'Authorization', 'Proxy-Authorization', 'Cookie', 'X-Api-Key', 'api_key', 'client_secret', 'private_key', 'passphrase']) {
      expect(isSecretKey(name), name).toBe(true);
    }
    for (const name of ['url', 'bind_dn', 'Accept', 'host', 'name', 'search']) expect(isSecretKey(name), name).toBe(false);
  });
});

describe('secrets inside URLs', () => {
  const stored = {
    http: { url: 'https://alice:pa55@api.example.test:8443/health?api_key=K1&x=1&token=T1', headers: { Referer: 'https://x.test/?sig=S1' } },
    ldap: { url: 'ldap://dc1.example.test' },
    sip: { uri: 'sip:ping:sippass@pbx.example.test' },
  };

  it('hides the password and credential query values of every URL-valued field, and keeps the rest', () => {
    const out = redactSecrets(stored);
    expect(out.http.url).toBe(`https://alice:${REDACTED}@api.example.test:8443/health?api_key=${REDACTED}&x=1&token=${REDACTED}`);
    expect(out.http.headers.Referer).toBe(`https://x.test/?sig=${REDACTED}`);
    expect(out.ldap.url).toBe('ldap://dc1.example.test');
    expect(out.sip.uri).toBe(`sip:ping:${REDACTED}@pbx.example.test`);
    expect(JSON.stringify(out)).not.toMatch(/pa55|K1|T1|S1|sippass/);
  });

  it('puts the stored URL secrets back when the URL comes back redacted, also percent-encoded by a URL parser', () => {
    const sent = redactSecrets(stored);
    sent.http.url = new URL(sent.http.url.replace('/health', '/ready')).href; // [redacted] → %5Bredacted%5D in the password
    const { value, unmatched, restored, retargeted } = restoreRedacted(sent, stored) as { value: typeof stored } & Omit<ReturnType<typeof restoreRedacted>, 'value'>;
    expect(value.http.url).toBe('https://alice:pa55@api.example.test:8443/ready?api_key=K1&x=1&token=T1');
    expect(value.http.headers.Referer).toBe('https://x.test/?sig=S1');
    expect(value.sip.uri).toBe('sip:ping:sippass@pbx.example.test');
    expect({ unmatched, retargeted }).toEqual({ unmatched: [], retargeted: [] });
    expect(restored).toEqual(['http.url', 'http.headers.Referer', 'sip.uri']);
  });

  it('gives nothing back to a URL whose scheme, host or port changed, and lists placeholders with nothing stored', () => {
    for (const url of [`https://alice:${REDACTED}@evil.test:8443/`, `http://alice:${REDACTED}@api.example.test:8443/`, `https://api.example.test:9443/?api_key=${REDACTED}`]) {
      const { value, retargeted } = restoreRedacted({ http: { url } }, stored) as { value: typeof stored; retargeted: string[] };
      expect(retargeted, url).toEqual(['http.url']);
      expect(JSON.stringify(value), url).not.toMatch(/pa55|K1/);
    }
    const { unmatched } = restoreRedacted({ http: { url: `https://api.example.test:8443/?secret=${REDACTED}` }, ldap: { url: `ldap://u:${REDACTED}@dc1.example.test` } }, stored);
    expect(unmatched).toEqual(['http.url', 'ldap.url']);
  });
});

describe('deep and hostile bodies', () => {
  const deep = (levels: number, leaf: unknown) => {
    let value: unknown = leaf;
    for (let i = 0; i < levels; i++) value = i % 2 === 0 ? { a: value } : [value];
    return value;
  };

  it('walks 100,000 levels without overflowing the stack', () => {
    const body = deep(100_000, { password: 'p' });
    let redacted: unknown;
    expect(() => (redacted = redactSecrets(body))).not.toThrow();
    let leaf = redacted as Record<string, unknown> | unknown[];
    for (let i = 0; i < 100_000; i++) leaf = (Array.isArray(leaf) ? leaf[0] : leaf.a) as typeof leaf;
    expect(leaf).toEqual({ password: REDACTED });
    const sentBack = deep(100_000, { password: REDACTED });
    let restored: ReturnType<typeof restoreRedacted> | undefined;
    expect(() => (restored = restoreRedacted(sentBack, body))).not.toThrow();
    expect(restored!.restored).toHaveLength(1);
    expect(restored!.restored[0]!.startsWith('…')).toBe(true);
    expect(restoreRedacted(sentBack, {}).unmatched).toHaveLength(1);
  });

  it('keeps the order of keys and a "__proto__" key as plain data', () => {
    const body = JSON.parse('{"b":1,"__proto__":{"polluted":true},"a":{"z":1,"y":2}}') as Record<string, unknown>;
    const out = redactSecrets(body);
    expect(Object.keys(out)).toEqual(['b', '__proto__', 'a']);
    expect(Object.keys(out.a as object)).toEqual(['z', 'y']);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    const restored = restoreRedacted(body, {}).value as Record<string, unknown>;
    expect(Object.keys(restored)).toEqual(['b', '__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
