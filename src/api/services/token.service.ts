/** @module API token management (admin). */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { TokenNameTakenError, type ApiToken, type Store } from '../../storage/store.js';
import { conflict, notFound } from '../errors.js';
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

  /** Creates a token; 409 when a live token already has the name. */
  async create(input: z.output<typeof tokenCreateBody>): Promise<z.output<typeof tokenCreated>> {
    await this.refuseTakenName(input.name);
    const secret = generateToken();
    try {
      const token = await this.store.tokens.create({ id: randomUUID(), name: input.name, role: input.role, tokenHash: hashToken(secret) }, this.now());
      return { ...toTokenView(token), secret };
    } catch (error) {
      // Another request took the name between the check above and this insert.
      if (!(error instanceof TokenNameTakenError)) throw error;
      await this.refuseTakenName(input.name);
      throw conflict('name_taken', `a token named ${JSON.stringify(input.name)} was created at the same moment; choose another name`);
    }
  }

  /** Throws 409 `name_taken`, naming the holder, when a live token has this name. */
  private async refuseTakenName(name: string): Promise<void> {
    const holder = await this.store.tokens.findLiveByName(name);
    if (holder) {
      throw conflict('name_taken', `a token named ${JSON.stringify(name)} already exists (id ${holder.id}, ${holder.role}, created ${iso(holder.createdAt)}); revoke it first or choose another name`);
    }
  }

  async revoke(id: string): Promise<void> {
    if (!(await this.store.tokens.revoke(id, this.now()))) throw notFound('token', id);
  }

  /** Revokes the live token with this id, or else with this name (for the CLI); returns it. */
  async revokeByIdOrName(idOrName: string): Promise<z.output<typeof tokenView>> {
    const live = (await this.store.tokens.list()).find((t) => t.revokedAt === null && t.id === idOrName) ?? (await this.store.tokens.findLiveByName(idOrName));
    if (!live) throw notFound('live token with id or name', idOrName);
    await this.revoke(live.id);
    return toTokenView(live);
  }
}
