import { describe, expect, it } from 'vitest';
import { buildOptions, defaultFromUri, defaultRequestUri, newTransactionIds } from './sip-message.js';

describe('OPTIONS request', () => {
  it('is well formed, CRLF-terminated, with an empty body', () => {
    const ids = { branch: 'z9hG4bKabc', tag: 'tag1', callId: 'cid@192.0.2.9' };
    const text = buildOptions({ transport: 'tcp', requestUri: 'sip:192.0.2.1:5060', fromUri: 'sip:vigie@192.0.2.9', localAddress: '192.0.2.9', localPort: 40000, ids, userAgent: 'Vigie' });
    expect(text.split('\r\n')).toEqual([
      'OPTIONS sip:192.0.2.1:5060 SIP/2.0',
      'Via: SIP/2.0/TCP 192.0.2.9:40000;branch=z9hG4bKabc;rport',
      'Max-Forwards: 70',
      'From: <sip:vigie@192.0.2.9>;tag=tag1',
      'To: <sip:192.0.2.1:5060>',
      'Call-ID: cid@192.0.2.9',
      'CSeq: 1 OPTIONS',
      'Contact: <sip:vigie@192.0.2.9:40000;transport=tcp>',
      'User-Agent: Vigie',
      'Accept: application/sdp',
      'Content-Length: 0',
      '',
      '',
    ]);
  });

  it('brackets IPv6 addresses in Via, URIs and Call-ID', () => {
    const ids = newTransactionIds('2001:db8::9');
    expect(ids.callId).toMatch(/^[0-9a-f]{24}@\[2001:db8::9\]$/);
    expect(defaultRequestUri('2001:db8::1', 5060)).toBe('sip:[2001:db8::1]:5060');
    expect(defaultFromUri('2001:db8::9')).toBe('sip:vigie@[2001:db8::9]');
    const text = buildOptions({ transport: 'udp', requestUri: 'sip:[2001:db8::1]:5060', fromUri: 'sip:vigie@[2001:db8::9]', localAddress: '2001:db8::9', localPort: 5062, ids, userAgent: 'V' });
    expect(text).toContain(`Via: SIP/2.0/UDP [2001:db8::9]:5062;branch=${ids.branch};rport\r\n`);
  });

  it('draws a fresh RFC 3261 branch, tag and Call-ID each time', () => {
    const a = newTransactionIds('127.0.0.1');
    const b = newTransactionIds('127.0.0.1');
    expect(a.branch).toMatch(/^z9hG4bK[0-9a-f]{20}$/);
    expect(a.branch).not.toBe(b.branch);
    expect(a.callId).not.toBe(b.callId);
    expect(a.tag).not.toBe(b.tag);
  });
});
