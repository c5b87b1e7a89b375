/** @module Silences through the API: stored, listed while in force or upcoming, expired by hand. */
import type { z } from 'zod';
import { silenceMatchers } from '../../notifications/silence-match.js';
import type { Silence } from '../../storage/escalations.repository.js';
import type { Store } from '../../storage/store.js';
import type { Principal } from '../auth.js';
import { conflict, invalidRequest, notFound } from '../errors.js';
import { iso } from '../schemas/common.schemas.js';
import type { silenceBody, silenceList, silenceView } from '../schemas/notification.schemas.js';

type View = z.output<typeof silenceView>;

/** Creates, lists and expires silences. */
export class SilenceService {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  async create(body: z.output<typeof silenceBody>, author: string): Promise<View> {
    const now = this.now();
    const startsAt = body.starts_at ?? now;
    const endsAt = body.ends_at ?? startsAt + body.duration!;
    if (endsAt <= startsAt) throw invalidRequest('invalid request body: ends_at: must be after starts_at', [{ path: 'ends_at', message: 'must be after starts_at' }]);
    if (endsAt <= now) throw invalidRequest('invalid request body: ends_at: must be in the future (this silence would already be over)', [{ path: 'ends_at', message: 'must be in the future' }]);
    const matchers = Object.fromEntries(Object.entries(body.matchers).filter(([, v]) => v !== undefined)) as Record<string, string[]>;
    const created = await this.store.escalations.createSilence({ matchers, startsAt, endsAt, author, comment: body.comment, createdAt: now });
    return this.view(created);
  }

  async list(): Promise<z.output<typeof silenceList>> {
    return { items: (await this.store.escalations.silences(this.now())).map((s) => this.view(s)) };
  }

  async get(id: number): Promise<View> {
    const silence = await this.store.escalations.getSilence(id);
    if (!silence) throw notFound('silence', String(id));
    return this.view(silence);
  }

  /** Ends a silence now; 404 when unknown, 409 when already over. */
  async expire(id: number): Promise<void> {
    if (!(await this.store.escalations.expireSilence(id, this.now()))) {
      const known = await this.store.escalations.getSilence(id);
      if (!known) throw notFound('silence', String(id));
      throw conflict('already_ended', `silence ${id} already ended at ${iso(known.endsAt)}`);
    }
  }

  private view(s: Silence): View {
    const now = this.now();
    return { id: s.id, matchers: silenceMatchers(s), startsAt: iso(s.startsAt), endsAt: iso(s.endsAt), active: s.startsAt <= now && now < s.endsAt, author: s.author, comment: s.comment, createdAt: iso(s.createdAt) };
  }
}

/** The author recorded for a silence created by `principal` (its token name). */
export function silenceAuthor(principal: Principal | null): string {
  return principal ? principal.name : 'api';
}
