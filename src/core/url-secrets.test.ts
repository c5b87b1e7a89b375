import { describe, expect, it } from 'vitest';
import { REDACTED, isSecretParam, mayHoldUrlSecrets, redactUrlSecrets, redactUrlSecretsIn, restoreUrlSecrets, urlEndpoint } from './url-secrets.js';

describe('redactUrlSecrets', () => {
  it('hides URL passwords and credential query values in free text, in English and French messages alike', () => {
    const en = 'expected status 200, got 503 at https://bob:hunter2@status.example.test/x?access_token=abc&page=2&sig=zz';
    expect(redactUrlSecrets(en)).toBe(`expected status 200, got 503 at https://bob:${REDACTED}@status.example.test/x?access_token=${REDACTED}&page=2&sig=${REDACTED}`);
    const fr = 'statut attendu 200, reçu 503 à l’adresse http://h.test/?password=p&q=1';
    expect(redactUrlSecrets(fr)).toBe(`statut attendu 200, reçu 503 à l’adresse http://h.test/?password=${REDACTED}&q=1`);
  });

  it('leaves URLs without secrets, ports and user names without password alone', () => {
    for (const text of ['http://h.test:8080/a@b', 'ldap://dc1:389', 'https://user@h.test/?page=1&q=token', 'sip:ping@192.0.2.10:5060', 'no url here, a=b']) {
      expect(redactUrlSecrets(text), text).toBe(text);
    }
  });

  it('knows the usual credential parameter names', () => {
    for (const name of ['api_key', 'apikey', 'token', 'access_token', 'password', 'secret', 'sig', 'X-Amz-Signature', 'key']) expect(isSecretParam(name), name).toBe(true);
    for (const name of ['page', 'q', 'format', 'id']) expect(isSecretParam(name), name).toBe(false);
  });
});

describe('restoreUrlSecrets and urlEndpoint', () => {
  it('matches repeated parameters by occurrence and reports placeholders with nothing stored', () => {
    const stored = 'https://h.test/?token=a&token=b';
    expect(restoreUrlSecrets(`https://h.test/?token=${REDACTED}&token=${REDACTED}&token=${REDACTED}`, stored)).toEqual({
      value: `https://h.test/?token=a&token=b&token=${REDACTED}`,
      missing: ['query parameter "token"'],
      restored: true,
    });
  });

  it('spells an endpoint as scheme, host and port, without credentials or path', () => {
    expect(urlEndpoint('HTTPS://u:p@Api.Test:443/x?y')).toBe('https://api.test');
    expect(urlEndpoint('ldap://u:p@DC1:389/')).toBe('ldap://dc1:389');
    expect(urlEndpoint('sip:ping:pw@pbx.test:5060;transport=tcp')).toBe('sip:pbx.test:5060');
  });
});

describe('mayHoldUrlSecrets', () => {
  it('is true exactly when redactUrlSecretsIn could change something', () => {
    expect(mayHoldUrlSecrets({ status: 200, en: 'HTTP 200 in 3 ms', nested: [{ at: new Date(0) }] })).toBe(false);
    expect(mayHoldUrlSecrets({ finalUrl: 'https://h.test/?token=abc' })).toBe(true);
    expect(mayHoldUrlSecrets({ deep: [[{ url: 'ldap://u:pw@dc1/' }]] })).toBe(true);
    expect(mayHoldUrlSecrets('a=b')).toBe(true);
    expect(mayHoldUrlSecrets(null)).toBe(false);
    const details = { deep: [{ url: 'https://h.test/?api_key=1' }] };
    expect(redactUrlSecretsIn(details)).not.toEqual(details);
  });
});
