/**
 * @module Authentication (bearer tokens, or the console's session cookie with its CSRF token on
 * writes) and role checks.
 *
 * Secrets are looked up by their SHA-256 (never compared as text, so response time does not
 * depend on how much of a guessed secret is right). `last_used_at` is written at most once a
 * minute per token.
 */
import type { FastifyRequest } from 'fastify';
import type { AccountService, SignedIn } from '../accounts/account-service.js';
import { accountErrors } from '../accounts/account-errors.js';
import { csrfMatches, CSRF_HEADER, sessionIdFromCookie } from '../accounts/sessions.js';
import { ROLES, type Role, type Store } from '../storage/store.js';
import { ApiError } from './errors.js';
import { TOKEN_PATTERN, hashToken } from './tokens.js';

/** Who is calling: an API token, or a user signed in to the console. */
export interface Principal {
  /** Set for an API token. */
  tokenId?: string;
  /** The token's name, or the user's user name. */
  name: string;
  role: Role;
  /** Set for a console session. */
  session?: SignedIn;
}

const RANK = Object.fromEntries(ROLES.map((role, i) => [role, i])) as Record<Role, number>;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const TOUCH_EVERY_MS = 60_000;
const CHALLENGE = 'Bearer realm="vigie"';

/** Resolves tokens to principals and checks roles. */
export class Authenticator {
  private readonly touchedAt = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    private readonly onTouchError: (error: unknown) => void,
    private readonly accounts?: AccountService,
  ) {}

  /**
   * The caller of a request: its bearer token when it sends one (also `?access_token=` where the
   * route allows it), else its session cookie, which needs the `X-CSRF-Token` header on writes.
   * Throws 401 without either, 403 `csrf_failed` for a cookie write without the right header.
   */
  async authenticateRequest(request: FastifyRequest, secret: string | undefined): Promise<Principal> {
    if (secret !== undefined || !this.accounts) return this.authenticate(secret);
    const sessionId = sessionIdFromCookie(request.headers.cookie);
    if (sessionId === undefined) return this.authenticate(undefined);
    const signedIn = await this.accounts.resolve(sessionId);
    if (!signedIn) throw accountErrors.notSignedIn();
    if (!SAFE_METHODS.has(request.method) && !csrfMatches(sessionId, request.headers[CSRF_HEADER])) throw accountErrors.csrfFailed();
    return { name: signedIn.user.username, role: signedIn.user.role, session: signedIn };
  }

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
      const who = principal.session ? `user "${principal.name}"` : `token "${principal.name}"`;
      throw new ApiError(403, 'forbidden', `this action needs the "${needed}" role; ${who} has the "${principal.role}" role`);
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
