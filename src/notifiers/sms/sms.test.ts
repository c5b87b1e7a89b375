import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCaptureServer, type CaptureServer } from '../../../test/helpers/capture-server.js';
import { sampleMessage } from '../../../test/helpers/notification-message.js';
import { TransportError } from '../types.js';
import { smsNotifier } from './index.js';
import { smsText } from './sms-text.js';

const ctx = () => ({ signal: AbortSignal.timeout(5000), timeoutMs: 5000 });
const ALICE = '+33612345678';

describe('sms channel', () => {
  let sink: CaptureServer;
  beforeEach(async () => {
    sink = await startCaptureServer({ status: 201, headers: { 'content-type': 'application/json' }, body: '{"sid":"SM1234567890abcdef1234567890abcdef","status":"queued"}' });
  });
  afterEach(async () => {
    await sink.close();
  });

  it('sends the Twilio Messages API request of docs/notifications.md: form To/From/Body, basic auth with the account SID', async () => {
    const settings = smsNotifier.schema.parse({
      url: `${sink.origin}/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json`,
      basic_auth: { username: 'AC0123456789abcdef0123456789abcdef', password: 'the-auth-token' },
      from: '+15017122661',
      body: 'To={{to}}&From={{from}}&Body={{text}}',
    });
    const receipt = await smsNotifier.send(settings, sampleMessage('en', { to: ALICE }), ctx());
    expect(receipt.status).toBe(201);
    const [req] = sink.requests;
    expect(req).toMatchObject({ method: 'POST', url: '/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json' });
    expect(req!.headers.authorization).toBe(`Basic ${Buffer.from('AC0123456789abcdef0123456789abcdef:the-auth-token').toString('base64')}`);
    expect(req!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req!.body).toBe('To=%2B33612345678&From=%2B15017122661&Body=SEV1+Emergency+calls%3A+major+outage+-+6%2F6+servers+%3Cdown%3E+%26+%22common+mode%22');
    expect(Object.fromEntries(new URLSearchParams(req!.body))).toEqual({ To: ALICE, From: '+15017122661', Body: 'SEV1 Emergency calls: major outage - 6/6 servers <down> & "common mode"' });
  });

  it('sends the Brevo transactional SMS request of docs/notifications.md: JSON with escaped strings, api-key header, number without +', async () => {
    const settings = smsNotifier.schema.parse({
      url: `${sink.origin}/v3/transactionalSMS/send`,
      content_type: 'json',
      headers: { accept: 'application/json', 'api-key': 'xkeysib-0123456789' },
      from: 'Vigie',
      body: '{"sender":"{{from}}","recipient":"{{to_digits}}","content":"{{text}}","type":"transactional","unicodeEnabled":{{unicode}}}',
    });
    await smsNotifier.send(settings, sampleMessage('fr', { to: ALICE }), ctx());
    const [req] = sink.requests;
    expect(req).toMatchObject({ method: 'POST', url: '/v3/transactionalSMS/send' });
    expect(req!.headers['api-key']).toBe('xkeysib-0123456789');
    expect(req!.headers.accept).toBe('application/json');
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.body).toBe('{"sender":"Vigie","recipient":"33612345678","content":"SEV1 Appels d\'urgence : panne majeure - 6/6 serveurs <en panne> & \\"mode commun\\"","type":"transactional","unicodeEnabled":false}');
    expect(JSON.parse(req!.body).content).toBe('SEV1 Appels d\'urgence : panne majeure - 6/6 serveurs <en panne> & "mode commun"');
  });

  it('percent-encodes placeholders in the URL of a GET gateway and sends no body', async () => {
    const settings = smsNotifier.schema.parse({ method: 'GET', url: `${sink.origin}/send?user=ops&pass={{secret}}&to={{to}}&msg={{text}}`, secret: 'p&ss w=rd' });
    const base = sampleMessage('en', { to: ALICE });
    await smsNotifier.send(settings, { ...base, text: { ...base.text, short: 'a&b=c d/e?f#g' } }, ctx());
    const [req] = sink.requests;
    expect(req).toMatchObject({ method: 'GET', url: '/send?user=ops&pass=p%26ss%20w%3Drd&to=%2B33612345678&msg=a%26b%3Dc%20d%2Fe%3Ff%23g', body: '' });
    expect(req!.headers['content-type']).toBeUndefined();
  });

  it('cuts the text to one SMS: 160 GSM-7 characters (extension characters count twice), 70 when Unicode is needed, or max_length', () => {
    const gsm = smsText('a'.repeat(200));
    expect(gsm).toEqual({ text: `${'a'.repeat(157)}...`, unicode: false });
    expect(smsText('€'.repeat(100)).text).toBe(`${'€'.repeat(78)}...`);
    expect(smsText('a'.repeat(160)).text).toHaveLength(160);
    const ucs = smsText(`Panne forcée ${'ê'.repeat(100)}`);
    expect(ucs.unicode).toBe(true);
    expect(ucs.text).toHaveLength(70);
    expect(ucs.text.endsWith('…')).toBe(true);
    expect(smsText('Appels d’urgence — « panne »…').text).toBe('Appels d\'urgence - « panne »...');
    expect(smsText('x'.repeat(50), 20).text).toBe(`${'x'.repeat(17)}...`);
  });

  it('reads a 401 as permanent, a 503 as retryable, and fails without a number', async () => {
    const settings = smsNotifier.schema.parse({ url: `${sink.origin}/sms`, body: 'to={{to}}&text={{text}}' });
    sink.answers.push({ status: 401, body: '{"code":20003,"message":"Authenticate"}' }, { status: 503, body: '' });
    const first = await smsNotifier.send(settings, sampleMessage('en', { to: ALICE }), ctx()).catch((e: unknown) => e);
    const second = await smsNotifier.send(settings, sampleMessage('en', { to: ALICE }), ctx()).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(TransportError);
    expect(first).toMatchObject({ permanent: true, status: 401 });
    expect(second).toMatchObject({ permanent: false, status: 503 });
    const none = await smsNotifier.send(settings, sampleMessage('en', { to: undefined }), ctx()).catch((e: unknown) => e);
    expect(none).toMatchObject({ permanent: true });
    expect(sink.requests).toHaveLength(2);
  });

  it('refuses unknown placeholders, a JSON body that is not JSON, a GET with a body and a POST without, naming the field', () => {
    const issues = (input: Record<string, unknown>) => smsNotifier.schema.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues({ url: 'https://sms.example.org/send', body: 'to={{phone}}' })).toEqual(['body: unknown placeholder {{phone}}: use {{to}}, {{to_digits}}, {{from}}, {{text}}, {{unicode}}, {{secret}}']);
    expect(issues({ url: 'https://sms.example.org/send', content_type: 'json', body: '{"to": {{to}}' })).toEqual(['body: must be JSON once placeholders are filled (put them inside strings: "{{text}}")']);
    expect(issues({ url: 'https://sms.example.org/send?to={{to}}', method: 'GET', body: 'x' })).toEqual(['body: a GET request has no body: put the placeholders in `url`']);
    expect(issues({ url: 'https://sms.example.org/send' })).toEqual(['body: needs a body template for a POST request']);
    expect(issues({ url: 'https://sms.example.org/send', body: 'x', headers: { Authorization: 'Bearer t' }, basic_auth: { username: 'u', password: 'p' } })).toEqual(['headers: has an Authorization header and `basic_auth`: keep one']);
    expect(issues({ url: 'ftp://sms.example.org/send', body: 'x' })).toEqual(['url: must be an http:// or https:// URL with a fixed host']);
  });
});
