import { describe, expect, it } from 'vitest';
import { sipPort, sipSchema } from './sip.schema.js';

describe('sip schema', () => {
  it('applies defaults: udp, accepted [200], User-Agent Vigie', () => {
    const config = sipSchema.parse({ host: 'sbc.example.test' });
    expect(config).toMatchObject({ transport: 'udp', accepted_codes: [200], user_agent: 'Vigie', verify_tls: true });
    expect(sipPort(config)).toBe(5060);
    expect(sipPort(sipSchema.parse({ host: '192.0.2.1', transport: 'tls' }))).toBe(5061);
    expect(sipPort(sipSchema.parse({ host: '192.0.2.1', transport: 'tls', port: 5071 }))).toBe(5071);
  });

  it('accepts the codes operators declare alive', () => {
    expect(sipSchema.parse({ host: 'x.test', accepted_codes: [200, 404, 405, 483] }).accepted_codes).toEqual([200, 404, 405, 483]);
  });

  it.each([
    [{ host: 'http://x.test' }, 'host', 'must be a host name or an IP address'],
    [{ host: 'x.test', transport: 'sctp' }, 'transport', ''],
    [{ host: 'x.test', accepted_codes: [100] }, 'accepted_codes.0', 'not a provisional 1xx'],
    [{ host: 'x.test', accepted_codes: [700] }, 'accepted_codes.0', 'must be a SIP final code'],
    [{ host: 'x.test', accepted_codes: [] }, 'accepted_codes', ''],
    [{ host: 'x.test', uri: 'http://x.test' }, 'uri', 'must be a SIP URI'],
    [{ host: 'x.test', user_agent: 'a\r\nX-Injected: 1' }, 'user_agent', 'one line'],
    [{ host: 'x.test', ca: '-----BEGIN CERTIFICATE-----\nAA\n-----END CERTIFICATE-----' }, 'ca', 'only used with transport: tls'],
    [{ host: 'x.test', method: 'INVITE' }, '', 'Unrecognized key'],
  ])('rejects %j at %s', (input, path, message) => {
    const result = sipSchema.safeParse(input);
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0]!;
    expect(issue.path.join('.')).toBe(path);
    expect(issue.message).toContain(message);
  });
});
