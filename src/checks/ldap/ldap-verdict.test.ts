import { InvalidCredentialsError } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { ldapVerdict } from './ldap-verdict.js';
import { ldapSchema } from './ldap.schema.js';

const config = ldapSchema.parse({ url: 'ldap://dc1.corp.example', starttls: true, bind_dn: 'svc@corp.example', password: 'p', search: { base: 'DC=corp,DC=example', min_entries: 1 } });
const timings = { total: 20, connect: 1 };

describe('ldap verdict', () => {
  it('is up with one entry, in the singular', () => {
    const result = ldapVerdict(config, { kind: 'done', entries: 1, atLeast: false, timings }, false, 5000);
    expect(result.messages).toEqual({ en: 'search returned 1 entry in 20 ms', fr: 'la recherche a renvoyé 1 entrée en 20 ms' });
  });

  it('is down with no entries, naming both numbers', () => {
    const result = ldapVerdict(config, { kind: 'done', entries: 0, atLeast: false, timings }, false, 5000);
    expect(result.messages).toEqual({
      en: 'search of "DC=corp,DC=example" with (objectClass=*) returned 0 entries, expected at least 1',
      fr: 'la recherche dans « DC=corp,DC=example » avec (objectClass=*) a renvoyé 0 entrée, au moins 1 entrée attendue',
    });
  });

  it('keeps the server diagnostic of a failed bind', () => {
    const error = new InvalidCredentialsError('80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 52e');
    const result = ldapVerdict(config, { kind: 'failed', step: 'bind', error, timings }, false, 5000);
    expect(result.message).toBe('bind failed: invalid credentials (49)');
    expect(result.details).toMatchObject({ step: 'bind', diagnostic: expect.stringContaining('data 52e') });
  });

  it('says StartTLS failed with the TLS reason', () => {
    const error = Object.assign(new Error('unable to verify the first certificate'), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    const result = ldapVerdict(config, { kind: 'failed', step: 'tls', error, timings }, false, 5000);
    expect(result.message).toMatch(/^StartTLS failed: TLS error with dc1\.corp\.example:389: the certificate is signed by an unknown authority/);
    expect(result.messages?.fr).toMatch(/^échec de StartTLS : certificat TLS de dc1\.corp\.example:389 signé par une autorité inconnue/);
  });

  it('says the connection was lost during an operation', () => {
    const error = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(ldapVerdict(config, { kind: 'failed', step: 'search', error, timings }, false, 5000).message).toBe('the connection was lost during the search (ECONNRESET)');
  });

  it('is down on timeout and unknown when cancelled', () => {
    const aborted = { kind: 'aborted' as const, step: 'search' as const, timings };
    expect(ldapVerdict(config, aborted, true, 5000).message).toBe('no answer from ldap://dc1.corp.example within 5000 ms during the search');
    expect(ldapVerdict(config, aborted, false, 5000).status).toBe('unknown');
  });
});
