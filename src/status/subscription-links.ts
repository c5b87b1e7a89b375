/**
 * @module The signed links of status page subscriptions: `<base>/confirm/<token>` (expires) and
 * `<base>/unsubscribe/<token>` (does not: it must work from any mail ever sent). A token is
 * `<c|u><subscriber id>.<expiry, base 36 ms, 0 for none>.<HMAC-SHA256>`; the MAC covers the
 * purpose, the page, the subscriber, the expiry and the subscriber's nonce, under a key kept in
 * the database's meta table (created on first use). A new nonce (a new request) voids every older
 * link; nothing but the key can make a valid one. Links are written again at each send, so
 * nothing secret about them is stored.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../storage/store.js';

const KEY_META = 'status.subscription_link_key';
const TOKEN = /^([cu])([1-9][0-9]{0,14})\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$/;

export type LinkPurpose = 'confirm' | 'unsubscribe';

/** A token read without the database: its purpose, subscriber and expiry (0: none). */
export interface ParsedToken {
  purpose: LinkPurpose;
  subscriberId: number;
  expiresAt: number;
  mac: string;
}

/** Reads a token's form; undefined when it is not one. */
export function parseToken(token: string): ParsedToken | undefined {
  const m = TOKEN.exec(token);
  if (!m) return undefined;
  const expiresAt = parseInt(m[3]!, 36);
  if (!Number.isSafeInteger(expiresAt)) return undefined;
  return { purpose: m[1] === 'c' ? 'confirm' : 'unsubscribe', subscriberId: Number(m[2]), expiresAt, mac: m[4]! };
}

/** A fresh nonce for a subscriber's links. */
export function newNonce(): string {
  return randomBytes(16).toString('base64url');
}

/** What a link is signed for. */
export interface LinkSubject {
  pageId: string;
  id: number;
  tokenNonce: string;
}

/** Signs and checks subscription links. */
export class SubscriptionLinks {
  private key: Buffer | undefined;

  constructor(private readonly store: Pick<Store, 'meta'>) {}

  private async signingKey(): Promise<Buffer> {
    if (this.key) return this.key;
    let stored = await this.store.meta.get(KEY_META);
    if (!stored) {
      await this.store.meta.set(KEY_META, randomBytes(32).toString('hex'));
      stored = await this.store.meta.get(KEY_META);
    }
    this.key = Buffer.from(stored!, 'hex');
    return this.key;
  }

  private async mac(purpose: LinkPurpose, s: LinkSubject, expiresAt: number): Promise<string> {
    return createHmac('sha256', await this.signingKey()).update(`status-subscription:${purpose}:${s.pageId}:${s.id}:${expiresAt}:${s.tokenNonce}`).digest('base64url');
  }

  /** The token of a link; `expiresAt` 0 for a link that does not expire. */
  async token(purpose: LinkPurpose, subject: LinkSubject, expiresAt: number): Promise<string> {
    return `${purpose === 'confirm' ? 'c' : 'u'}${subject.id}.${expiresAt.toString(36)}.${await this.mac(purpose, subject, expiresAt)}`;
  }

  /** True when `parsed` was signed for this subscriber as it is now (its page and nonce). */
  async verify(parsed: ParsedToken, subject: LinkSubject): Promise<boolean> {
    if (parsed.subscriberId !== subject.id) return false;
    const expected = Buffer.from(await this.mac(parsed.purpose, subject, parsed.expiresAt));
    const given = Buffer.from(parsed.mac);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
