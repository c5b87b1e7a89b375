import { InvalidCredentialsError, NoSuchObjectError, UnwillingToPerformError } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { diagnostic, resultCode, resultCodeTexts } from './ldap-errors.js';

describe('LDAP result codes', () => {
  it('names codes in English and French', () => {
    expect(resultCodeTexts(new InvalidCredentialsError())).toEqual({ en: 'invalid credentials (49)', fr: 'identifiants invalides (49)' });
    expect(resultCodeTexts(new NoSuchObjectError())).toEqual({ en: 'no such object (32)', fr: 'objet inexistant (32)' });
    expect(resultCodeTexts(new UnwillingToPerformError())?.en).toBe('unwilling to perform (53)');
  });

  it('keeps the server diagnostic (an Active Directory sub-code, for example)', () => {
    const error = new InvalidCredentialsError('80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 52e, v4563');
    expect(resultCode(error)).toBe(49);
    expect(diagnostic(error)).toContain('data 52e');
  });

  it('has nothing to say about errors without a result code', () => {
    expect(resultCodeTexts(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBeUndefined();
    expect(diagnostic(new Error('x'))).toBeUndefined();
  });
});
