import { describe, expect, it } from 'vitest';
import { answersTransaction, header, MAX_STREAM_MESSAGE, parseResponse, SipStreamFramer, topViaBranch } from './sip-response.js';

const ids = { branch: 'z9hG4bKmine', tag: 't', callId: 'call-1@127.0.0.1' };
const OK = 'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKmine;rport=5062\r\nCall-ID: call-1@127.0.0.1\r\nCSeq: 1 OPTIONS\r\nServer: Kamailio\r\nContent-Length: 0\r\n\r\n';

describe('SIP response parsing', () => {
  it('reads the status line and headers', () => {
    const response = parseResponse(OK)!;
    expect(response).toMatchObject({ code: 200, reason: 'OK' });
    expect(header(response, 'Server')).toBe('Kamailio');
    expect(answersTransaction(response, ids)).toBe(true);
  });

  it('understands compact header names, folding and several Vias on one line', () => {
    const text = 'SIP/2.0 503 Service Unavailable\r\nv: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKmine, SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKproxy\r\ni: call-1@127.0.0.1\r\nCSeq: 1\r\n  OPTIONS\r\nl: 0\r\n\r\n';
    const response = parseResponse(text)!;
    expect(response).toMatchObject({ code: 503, reason: 'Service Unavailable' });
    expect(topViaBranch(response)).toBe('z9hG4bKmine');
    expect(header(response, 'cseq')).toBe('1 OPTIONS');
    expect(answersTransaction(response, ids)).toBe(true);
  });

  it('does not match another branch, Call-ID or method', () => {
    expect(answersTransaction(parseResponse(OK.replace('z9hG4bKmine', 'z9hG4bKother'))!, ids)).toBe(false);
    expect(answersTransaction(parseResponse(OK.replace('call-1@', 'call-2@'))!, ids)).toBe(false);
    expect(answersTransaction(parseResponse(OK.replace('1 OPTIONS', '1 INVITE'))!, ids)).toBe(false);
  });

  it('rejects requests and garbage', () => {
    expect(parseResponse('OPTIONS sip:x SIP/2.0\r\n\r\n')).toBeUndefined();
    expect(parseResponse('SIP/2.0 99 Too Low\r\n\r\n')).toBeUndefined();
    expect(parseResponse('\u0000\u0001')).toBeUndefined();
  });
});

describe('stream framing by Content-Length', () => {
  it('joins split messages, skips keep-alive CRLFs and honours bodies', () => {
    const framer = new SipStreamFramer();
    const withBody = 'SIP/2.0 200 OK\r\nContent-Length: 5\r\n\r\nv=0\r\n';
    const stream = Buffer.from(`\r\n\r\n${withBody}${OK}`);
    expect(framer.push(stream.subarray(0, 10))).toEqual([]);
    expect(framer.push(stream.subarray(10, 45))).toEqual([]);
    expect(framer.push(stream.subarray(45))).toEqual([withBody, OK]);
  });

  it('treats a missing Content-Length as an empty body and reads compact `l:`', () => {
    const framer = new SipStreamFramer();
    expect(framer.push(Buffer.from('SIP/2.0 100 Trying\r\n\r\nSIP/2.0 200 OK\r\nl: 2\r\n\r\nab'))).toEqual(['SIP/2.0 100 Trying\r\n\r\n', 'SIP/2.0 200 OK\r\nl: 2\r\n\r\nab']);
  });

  it('gives up on oversized messages', () => {
    expect(() => new SipStreamFramer().push(Buffer.from(`SIP/2.0 200 OK\r\nContent-Length: ${MAX_STREAM_MESSAGE}\r\n\r\n`))).toThrow(/larger than/);
    expect(() => new SipStreamFramer().push(Buffer.alloc(MAX_STREAM_MESSAGE + 1, 'a'))).toThrow(/no complete SIP message/);
  });
});
