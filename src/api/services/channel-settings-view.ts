/**
 * @module A channel's settings as the API shows them: secret-looking keys and URL credentials
 * hidden as everywhere ({@link redactSecrets}), and also the settings its notifier declares
 * secret whatever their name — a Slack, Discord or Mattermost webhook URL is itself the
 * credential (its token is in the path).
 */
import { getNotifier } from '../../notifiers/registry.js';
import { REDACTED, redactSecrets } from './redact.js';

/** `settings` of a channel of `kind`, safe to show. */
export function channelSettingsView(kind: string, settings: Record<string, unknown>): Record<string, unknown> {
  const shown = redactSecrets(settings);
  for (const key of getNotifier(kind)?.secretSettings ?? []) {
    if (typeof shown[key] === 'string') shown[key] = REDACTED;
  }
  return shown;
}
