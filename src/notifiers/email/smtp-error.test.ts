import { describe, expect, it } from 'vitest';
import { TransportError } from '../types.js';
import { smtpTransportError } from './smtp-error.js';

/** An error as nodemailer throws it. */
function smtpError(message: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(message), fields);
}

describe('smtpTransportError', () => {
  it('reads a 5xx reply (refused address, bad credentials) as permanent, with the code and the server words', () => {
    const refused = smtpTransportError(smtpError("Can't send mail - all recipients were rejected: 550 5.1.1 <bob@example.org>: user unknown", { code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 <bob@example.org>: user unknown' }));
    expect(refused).toBeInstanceOf(TransportError);
    expect(refused).toMatchObject({ permanent: true, status: 550, message: 'SMTP 550: 550 5.1.1 <bob@example.org>: user unknown' });
    expect(smtpTransportError(smtpError('Invalid login', { code: 'EAUTH', responseCode: 535, response: '535 5.7.8 Authentication failed', command: 'AUTH PLAIN' }))).toMatchObject({ permanent: true, status: 535, message: 'SMTP 535 to AUTH PLAIN: 535 5.7.8 Authentication failed' });
  });

  it('reads a 4xx reply (greylisting, busy) as retryable', () => {
    expect(smtpTransportError(smtpError('greylisted', { code: 'EENVELOPE', responseCode: 451, response: '451 4.7.1 Greylisted, try again later' }))).toMatchObject({ permanent: false, status: 451 });
  });

  it('reads connection failures as retryable and client-side refusals without a reply as permanent', () => {
    expect(smtpTransportError(smtpError('connect ECONNREFUSED 127.0.0.1:2525', { code: 'ESOCKET' }))).toMatchObject({ permanent: false, message: 'ESOCKET: connect ECONNREFUSED 127.0.0.1:2525' });
    expect(smtpTransportError(smtpError('Connection timeout', { code: 'ETIMEDOUT' }))).toMatchObject({ permanent: false });
    expect(smtpTransportError(smtpError('Missing credentials for "PLAIN"', { code: 'EAUTH' }))).toMatchObject({ permanent: true });
    expect(smtpTransportError(new Error('anything else'))).toMatchObject({ permanent: false, message: 'anything else' });
  });
});
