import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../api/services/redact.js';
import { matrixNotifier } from './matrix/index.js';
import { opsgenieNotifier } from './opsgenie/index.js';
import { pagerdutyNotifier } from './pagerduty/index.js';
import { smsNotifier } from './sms/index.js';
import { telegramNotifier } from './telegram/index.js';
import type { Notifier } from './types.js';

/** Settings as an operator writes them, each credential a recognisable value. */
const CASES: Array<[Notifier, Record<string, unknown>, string[]]> = [
  [pagerdutyNotifier as unknown as Notifier, { routing_secret: 'R0ut1ngK3yOfTheServ1ceIntegrat10' }, ['R0ut1ngK3yOfTheServ1ceIntegrat10']],
  [opsgenieNotifier as unknown as Notifier, { api_key: 'genie-key-0123456789' }, ['genie-key-0123456789']],
  [telegramNotifier as unknown as Notifier, { bot_token: '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw', chat_id: '-100123' }, ['AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw']],
  [matrixNotifier as unknown as Notifier, { homeserver: 'https://matrix.example.org', access_token: 'syt_secret_token', room_id: '!abc:example.org' }, ['syt_secret_token']],
  [
    smsNotifier as unknown as Notifier,
    {
      url: 'https://sms.example.org/send?api_key=query-key-123',
      body: 'to={{to}}&text={{text}}&pass={{secret}}',
      headers: { 'api-key': 'header-key-123', 'X-Auth-Token': 'header-bearer-123' },
      basic_auth: { username: 'AC123', password: 'basic-password-123' },
      secret: 'template-secret-123',
    },
    ['query-key-123', 'header-key-123', 'header-bearer-123', 'basic-password-123', 'template-secret-123'],
  ],
];

describe('channel settings in API views', () => {
  it.each(CASES.map(([n, s, secrets]) => [n.kind, n, s, secrets] as const))('%s: every credential is hidden by its key name', (_kind, notifier, settings, secrets) => {
    const parsed = notifier.schema.parse(settings);
    const shown = JSON.stringify(redactSecrets(parsed));
    for (const secret of secrets) expect(shown).not.toContain(secret);
    expect(shown).toContain('[redacted]');
  });
});
