/**
 * @module The audit log: who (a user, a token, or Vigie itself) did what to which target, from
 * which address. Entries never hold secrets: callers pass ids, names and changed field names, not
 * bodies. Writing an entry must not fail the action it records: errors are logged.
 */
import type { Logger } from 'pino';
import type { ActorKind, AuditDraft } from './accounts.types.js';
import type { Store } from '../storage/store.js';

/** Who acted. */
export interface AuditActor {
  name: string;
  kind: ActorKind;
}

export const SYSTEM_ACTOR: AuditActor = { name: 'vigie', kind: 'system' };

/** Appends entries to `store.accounts`. */
export class AuditLog {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    private readonly log?: Pick<Logger, 'error'>,
  ) {}

  async record(actor: AuditActor, action: string, target: string | null, details: Record<string, unknown> = {}, ip: string | null = null): Promise<void> {
    const entry: AuditDraft = { at: this.now(), actor: actor.name, actorKind: actor.kind, action, target, details, ip };
    try {
      await this.store.accounts.appendAudit(entry);
    } catch (error) {
      this.log?.error({ err: error, action, target }, 'could not write an audit log entry');
    }
  }
}
