/** @module API token management (admin). */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { ApiToken, Store } from '../../storage/store.js';
import { notFound } from '../errors.js';
import { iso, isoOrNull } from '../schemas/common.schemas.js';
import type { tokenCreateBody, tokenCreated, tokenView } from '../schemas/token.schemas.js';
import { generateToken, hashToken } from '../tokens.js';

function toTokenView(t: ApiToken): z.output<typeof tokenView> {
  return { id: t.id, name: t.name, role: t.role, createdAt: iso(t.createdAt), lastUsedAt: isoOrNull(t.lastUsedAt), revokedAt: isoOrNull(t.revokedAt) };
}

/** Lists, creates and revokes tokens. Secrets are returned only by `create`. */
export class TokenService {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  async list(): Promise<{ items: Array<z.output<typeof tokenView>> }> {
    return { items: (await this.store.tokens.list()).map(toTokenView) };
  }

  async create(input: z.output<typeof tokenCreateBody>): Promise<z.output<typeof tokenCreated>> {
    const secret = generateToken();
    const token = await this.store.tokens.create({ id: randomUUID(), name: input.name, role: input.role, tokenHash: hashToken(secret) }, this.now());
    return { ...toTokenView(token), secret };
  }

  async revoke(id: string): Promise<void> {
    if (!(await this.store.tokens.revoke(id, this.now()))) throw notFound('token', id);
  }
}
