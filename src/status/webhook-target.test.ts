import { describe, expect, it } from 'vitest';
import { TargetPolicy } from '../api/services/target-policy.js';
import { parseWebhookUrl, webhookGuard } from './webhook-target.js';

describe('webhook URLs', () => {
  it('takes absolute http(s) URLs, without their fragment', () => {
    expect(parseWebhookUrl('https://hooks.example.org/vigie?key=1#x')).toEqual({ url: 'https://hooks.example.org/vigie?key=1' });
    expect(parseWebhookUrl('http://10.1.2.3:8080/in')).toEqual({ url: 'http://10.1.2.3:8080/in' });
  });

  it('refuses other schemes, relative URLs, credentials and very long URLs, saying why', () => {
    expect(parseWebhookUrl('ftp://hooks.example.org/x')).toMatchObject({ error: { en: expect.stringContaining('only http and https') } });
    expect(parseWebhookUrl('file:///etc/passwd')).toMatchObject({ error: { en: expect.stringContaining('uses file') } });
    expect(parseWebhookUrl('/relative')).toMatchObject({ error: { en: expect.stringContaining('absolute URL') } });
    expect(parseWebhookUrl('https://user:pw@hooks.example.org/')).toMatchObject({ error: { en: expect.stringContaining('password') } });
    expect(parseWebhookUrl(`https://hooks.example.org/${'a'.repeat(2000)}`)).toMatchObject({ error: { en: expect.stringContaining('2000') } });
  });

  it('applies api.monitor_targets: loopback and private addresses refused when denied, allowed exceptions kept', async () => {
    const lookup = async (host: string) => (host === 'inside.example.org' ? ['10.0.0.7'] : ['203.0.113.9']);
    const guard = webhookGuard(() => new TargetPolicy({ deny: ['loopback', 'private'], allow: ['10.20.0.0/16'] }, lookup));
    expect(await guard('https://hooks.example.org/in')).toBeUndefined();
    expect(await guard('http://127.0.0.1:9000/in')).toMatchObject({ en: expect.stringContaining('api.monitor_targets') });
    expect(await guard('https://inside.example.org/in')).toMatchObject({ fr: expect.stringContaining('inside.example.org') });
    expect(await guard('http://10.20.1.1/in')).toBeUndefined();
    expect(await guard('gopher://x')).toMatchObject({ en: expect.stringContaining('only http and https') });
    expect(await webhookGuard(() => new TargetPolicy({ deny: [], allow: [] }))('http://127.0.0.1/in')).toBeUndefined();
  });
});
