/**
 * @module Which values of a monitor's config are secrets at rest: exactly those the API hides
 * (`src/core/url-secrets.ts`, shared with `src/api/services/redact.ts`) — the value of a key whose
 * name says it holds a secret, and a URL that carries one (a password in `user:pass@`, a
 * credential query value such as `?api_key=`).
 */
import { isSecretKey, looksLikeUrl, redactUrlSecrets } from '../core/url-secrets.js';

export { isSecretKey };

/** True when a string is a URL holding a secret the API would hide (`https://user:pass@host/`, `?token=…`). */
export function hasUrlSecret(value: string): boolean {
  return looksLikeUrl(value) && redactUrlSecrets(value) !== value;
}
