import { describe, expect, it } from 'vitest';
import { getNotifier } from '../../notifiers/registry.js';
import { channelSettingsView } from './channel-settings-view.js';

/** Webhook URLs whose path is the credential, as each provider hands them out. */
const CASES: Array<[string, Record<string, unknown>, string]> = [
  ['slack', { url: 'https://hooks.slack.com/services/T0001/B0001/XXXXXXXXXXXXXXXXXXXXXXXX' }, 'XXXXXXXXXXXXXXXXXXXXXXXX'],
  ['discord', { url: 'https://discord.com/api/webhooks/1180000000000000000/Tok3n-Of-The-W3bhook' }, 'Tok3n-Of-The-W3bhook'],
  ['mattermost', { url: 'https://chat.example.org/hooks/xxx-generatedkey-xxx', channel: 'ops-alerts' }, 'xxx-generatedkey-xxx'],
  ['teams', { url: 'https://prod-01.westeurope.logic.azure.com/workflows/0a1b/triggers/manual/paths/invoke?api-version=2016-06-01&sig=S1gnatur3' }, '0a1b'],
];

describe('channelSettingsView', () => {
  it.each(CASES)('%s: hides the webhook URL, which is the credential', (kind, settings, secret) => {
    const notifier = getNotifier(kind)!;
    const shown = JSON.stringify(channelSettingsView(kind, notifier.schema.parse(settings) as Record<string, unknown>));
    expect(shown).not.toContain(secret);
    expect(shown).toContain('"url":"[redacted]"');
  });

  it('keeps what is not a credential, and still hides secret-looking keys', () => {
    expect(channelSettingsView('mattermost', { url: 'https://chat.example.org/hooks/k', channel: 'ops-alerts' })).toEqual({ url: '[redacted]', channel: 'ops-alerts' });
    expect(channelSettingsView('ntfy', { server: 'https://ntfy.sh', topic: 'alerts', token: 'tk_x' })).toEqual({ server: 'https://ntfy.sh', topic: 'alerts', token: '[redacted]' });
  });
});
