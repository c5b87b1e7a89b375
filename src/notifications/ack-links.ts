/**
 * @module One-click acknowledge links: `<public url>/ack/<nonce>.<signature>`. The nonce is
 * derived from the delivery's idempotency key (every retry of one message carries the same link),
 * the signature is an HMAC-SHA256 under a key kept in the database's meta table (created on first
 * use), and the link row holds the incident, the person and the expiry; using it marks it used.
 * Opening the link shows a page with a button (a POST): mail scanners that fetch links do not
 * acknowledge anything.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../storage/store.js';

const KEY_META = 'notifications.ack_link_key';
const TOKEN = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

/** What opening a link finds. */
export type AckLinkCheck = { ok: true; nonce: string } | { ok: false; reason: 'malformed' | 'forged' };

/** Signs and checks acknowledge links. */
export class AckLinks {
  /** One read-or-create of the key per process: two pages signed at once must not each make their own (a link signed with the losing key reads as forged). */
  private key: Promise<Buffer> | undefined;

  constructor(private readonly store: Store) {}

  private signingKey(): Promise<Buffer> {
    this.key ??= this.loadKey().catch((err: unknown) => {
      this.key = undefined; // a failed read is retried by the next link
      throw err;
    });
    return this.key;
  }

  private async loadKey(): Promise<Buffer> {
    let stored = await this.store.meta.get(KEY_META);
    if (!stored) {
      await this.store.meta.set(KEY_META, randomBytes(32).toString('hex'));
      stored = await this.store.meta.get(KEY_META);
    }
    return Buffer.from(stored!, 'hex');
  }

  private async sign(nonce: string): Promise<string> {
    return createHmac('sha256', await this.signingKey()).update(`ack:${nonce}`).digest('base64url');
  }

  /** The token of a link for this delivery, stored so it can be used once until `expiresAt`. */
  async create(idempotencyKey: string, incidentId: number, personId: string | null, expiresAt: number): Promise<string> {
    const nonce = createHash('sha256').update(idempotencyKey).digest('base64url').slice(0, 22);
    const existing = await this.store.escalations.useAckTokenState(nonce);
    if (existing === 'unknown') await this.store.escalations.createAckToken({ nonce, incidentId, personId, expiresAt }).catch(() => undefined);
    return `${nonce}.${await this.sign(nonce)}`;
  }

  /** Checks a token's form and signature (not yet whether it was used or expired). */
  async check(token: string): Promise<AckLinkCheck> {
    const m = TOKEN.exec(token);
    if (!m) return { ok: false, reason: 'malformed' };
    const expected = Buffer.from(await this.sign(m[1]!));
    const given = Buffer.from(m[2]!);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'forged' };
    return { ok: true, nonce: m[1]! };
  }
}
