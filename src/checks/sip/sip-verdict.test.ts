import { describe, expect, it } from 'vitest';
import { retransmitDelay, T1_MS, T2_MS } from './sip-udp.js';
import { parseResponse } from './sip-response.js';
import { sipVerdict } from './sip-verdict.js';

const response = (status: string) => parseResponse(`SIP/2.0 ${status}\r\nUser-Agent: FreeSWITCH\r\n\r\n`)!;
const timings = { total: 12.4, response: 12 };

describe('sip verdict', () => {
  it('is up for an accepted code, with the time and the server', () => {
    const result = sipVerdict({ kind: 'response', response: response('200 OK'), transmissions: 1, timings }, [200]);
    expect(result).toMatchObject({ status: 'up', message: 'SIP 200 OK in 12 ms', messages: { en: 'SIP 200 OK in 12 ms', fr: 'SIP 200 OK en 12 ms' }, latencyMs: 12.4 });
    expect(result.details).toEqual({ code: 200, reason: 'OK', transmissions: 1, server: 'FreeSWITCH' });
  });

  it('is down with the code and reason phrase for 5xx and 6xx', () => {
    expect(sipVerdict({ kind: 'response', response: response('503 Service Unavailable'), transmissions: 1, timings }, [200]).message).toBe('SIP 503 Service Unavailable');
    expect(sipVerdict({ kind: 'response', response: response('603 Decline'), transmissions: 2, timings }, [200]).status).toBe('down');
  });

  it('names the accepted codes when another code comes back', () => {
    const result = sipVerdict({ kind: 'response', response: response('404 Not Found'), transmissions: 1, timings }, [200, 405]);
    expect(result.messages).toEqual({ en: 'SIP 404 Not Found (accepted: 200, 405)', fr: 'SIP 404 Not Found (codes acceptés : 200, 405)' });
  });

  it('counts transmissions when nothing answers', () => {
    const result = sipVerdict({ kind: 'no-answer', transmissions: 4, timings: { total: 3000 }, provisional: undefined }, [200]);
    expect(result.messages).toEqual({ en: 'no answer to OPTIONS after 4 transmissions (3000 ms)', fr: 'pas de réponse à OPTIONS après 4 envois (3000 ms)' });
    expect(sipVerdict({ kind: 'no-answer', transmissions: 1, timings: { total: 400 }, provisional: 180 }, [200]).message).toBe('no answer to OPTIONS after 1 transmission (400 ms, only a provisional 180)');
  });

  it('is unknown when cancelled', () => {
    expect(sipVerdict({ kind: 'cancelled', timings: { total: 1 } }, [200]).status).toBe('unknown');
  });
});

describe('UDP retransmission timer (RFC 3261 timer E)', () => {
  it('starts at T1, doubles, and stays at T2', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => retransmitDelay(n, false))).toEqual([T1_MS, 1000, 2000, T2_MS, T2_MS, T2_MS]);
  });

  it('uses T2 once a provisional response arrived', () => {
    expect(retransmitDelay(1, true)).toBe(T2_MS);
  });
});
