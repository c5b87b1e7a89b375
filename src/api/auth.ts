/**
 * @module Bearer-token authentication and role checks.
 *
 * Secrets are looked up by their SHA-256 (never compared as text, so response time does not
 * depend on how much of a guessed secret is right). `last_used_at` is written at most once a
 * minute per token.
 */
import type { Role, Store } from '../storage/store.js';
import { ApiError } from './errors.js';
import { TOKEN_PATTERN, hashToken } from './tokens.js';

/** Who is calling. */
export interface Principal {
  tokenId: string;
  name: string;
  role: Role;
}

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };
const TOUCH_EVERY_MS = 60_000;
const CHALLENGE = 'Bearer realm="vigie"';

/** Resolves tokens to principals and checks roles. */
export class Authenticator {
  private readonly touchedAt = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    private readonly onTouchError: (error: unknown) => void,
  ) {}

  /** The principal for a secret taken from the request; throws 401 when absent or not valid. */
  async authenticate(secret: string | undefined): Promise<Principal> {
    if (secret === undefined || secret === '') {
      throw unauthorized('missing bearer token: send the header "Authorization: Bearer <token>"', CHALLENGE);
    }
    const token = TOKEN_PATTERN.test(secret) ? await this.store.tokens.findByHash(hashToken(secret)) : undefined;
    if (!token) {
      throw unauthorized('the bearer token is not valid or was revoked', `${CHALLENGE}, error="invalid_token"`);
    }
    await this.touch(token.id, token.lastUsedAt);
    return { tokenId: token.id, name: token.name, role: token.role };
  }

  /** Throws 403 unless the principal has at least `needed`. */
  authorize(principal: Principal, needed: Role): void {
    if (RANK[principal.role] < RANK[needed]) {
      throw new ApiError(403, 'forbidden', `this action needs the "${needed}" role; token "${principal.name}" has the "${principal.role}" role`);
    }
  }

  private async touch(id: string, storedLastUse: number | null): Promise<void> {
    const now = this.now();
    const last = Math.max(this.touchedAt.get(id) ?? -Infinity, storedLastUse ?? -Infinity);
    if (now - last < TOUCH_EVERY_MS) return;
    this.touchedAt.set(id, now);
    try {
      await this.store.tokens.touch(id, now);
    } catch (error) {
      this.onTouchError(error);
    }
  }
}

/** The secret from an `Authorization: Bearer …` header, or `undefined`. */
export function bearerFrom(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : '';
}

function unauthorized(message: string, challenge: string): ApiError {
  return new ApiError(401, 'unauthorized', message, {}, { 'www-authenticate': challenge });
}
