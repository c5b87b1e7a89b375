/**
 * @module Which URLs a webhook subscriber may give. Anyone can subscribe a webhook, so Vigie must
 * not become a way to reach what only it can reach (SSRF): a URL must be absolute http(s) without
 * credentials, at most 2,000 characters, and its host must pass `api.monitor_targets` — the same
 * deny/allow rules as monitors created through the API (deny `[loopback, link_local, private]`
 * keeps subscribers off the internal network). The rules are applied when subscribing and again
 * before each send (a name may resolve elsewhere later); redirects are never followed.
 */
import type { Localized } from '../incidents/incident.types.js';
import type { TargetPolicy } from '../api/services/target-policy.js';

/** Why a webhook URL may not be called now, or undefined. */
export type WebhookGuard = (url: string) => Promise<Localized | undefined>;

export const MAX_WEBHOOK_URL = 2000;

/** The URL normalised, or why it is not a webhook URL (its form only). */
export function parseWebhookUrl(text: string): { url: string } | { error: Localized } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { error: { en: 'is not an absolute URL such as https://hooks.example.org/vigie', fr: 'n’est pas une URL absolue comme https://hooks.example.org/vigie' } };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { error: { en: `uses ${url.protocol.replace(/:$/, '')}; only http and https webhooks are called`, fr: `utilise ${url.protocol.replace(/:$/, '')} ; seuls les webhooks http et https sont appelés` } };
  if (url.username !== '' || url.password !== '') return { error: { en: 'carries a user name or password; put the receiver’s credential in the path or query instead', fr: 'contient un identifiant ou un mot de passe ; mettez le secret du récepteur dans le chemin ou la requête' } };
  if (url.hash !== '') url.hash = '';
  if (url.href.length > MAX_WEBHOOK_URL) return { error: { en: `is longer than ${MAX_WEBHOOK_URL} characters`, fr: `dépasse ${MAX_WEBHOOK_URL} caractères` } };
  return { url: url.href };
}

/** The guard of the policy `policy()` returns (the one in force, so reloads apply). */
export function webhookGuard(policy: () => TargetPolicy): WebhookGuard {
  return async (text) => {
    const parsed = parseWebhookUrl(text);
    if ('error' in parsed) return parsed.error;
    const refused = await policy().runRefusal('http', { url: parsed.url });
    if (!refused) return undefined;
    const host = new URL(parsed.url).hostname;
    return {
      en: `the webhook's host ${host} is an address this Vigie does not call (api.monitor_targets)`,
      fr: `l’hôte du webhook, ${host}, est une adresse que ce Vigie n’appelle pas (api.monitor_targets)`,
    };
  };
}
