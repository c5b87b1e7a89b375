import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../storage/open-store.js';
import type { Store } from '../storage/store.js';
import { newNonce, parseToken, SubscriptionLinks } from './subscription-links.js';

const stores: Store[] = [];
/** A fresh migrated in-memory SQLite store: its meta table keeps the signing key. */
async function meta(): Promise<Store> {
  const store = await openStore({ sqlitePath: ':memory:' });
  await store.migrate();
  stores.push(store);
  return store;
}
afterAll(async () => {
  for (const store of stores) await store.close();
});

const subject = { pageId: 'public', id: 42, tokenNonce: 'n0nce' };

describe('subscription links', () => {
  it('signs a token that reads back and verifies for its subscriber as it is', async () => {
    const links = new SubscriptionLinks(await meta());
    const token = await links.token('confirm', subject, 1_800_000_000_000);
    expect(token).toMatch(/^c42\.[0-9a-z]+\.[A-Za-z0-9_-]{43}$/);
    const parsed = parseToken(token)!;
    expect(parsed).toMatchObject({ purpose: 'confirm', subscriberId: 42, expiresAt: 1_800_000_000_000 });
    expect(await links.verify(parsed, subject)).toBe(true);
    const unsubscribe = parseToken(await links.token('unsubscribe', subject, 0))!;
    expect(unsubscribe).toMatchObject({ purpose: 'unsubscribe', expiresAt: 0 });
    expect(await links.verify(unsubscribe, subject)).toBe(true);
  });

  it('refuses a token after a new nonce, for another page or subscriber, with a changed expiry or purpose, or under another key', async () => {
    const store = await meta();
    const links = new SubscriptionLinks(store);
    const token = await links.token('confirm', subject, 1_800_000_000_000);
    const parsed = parseToken(token)!;
    expect(await links.verify(parsed, { ...subject, tokenNonce: newNonce() })).toBe(false);
    expect(await links.verify(parsed, { ...subject, pageId: 'other' })).toBe(false);
    expect(await links.verify(parsed, { ...subject, id: 43 })).toBe(false);
    expect(await links.verify({ ...parsed, expiresAt: parsed.expiresAt + 1 }, subject)).toBe(false);
    expect(await links.verify({ ...parsed, purpose: 'unsubscribe' }, subject)).toBe(false);
    const other = new SubscriptionLinks(await meta());
    expect(await other.verify(parsed, subject)).toBe(false);
    // The key is kept in the meta table: another process over the same store verifies it.
    expect(await new SubscriptionLinks(store).verify(parsed, subject)).toBe(true);
  });

  it('reads only well-formed tokens', () => {
    for (const bad of ['', 'abc', 'x42.0.' + 'A'.repeat(43), 'c0.0.' + 'A'.repeat(43), 'c42.0.' + 'A'.repeat(42), 'c42..' + 'A'.repeat(43), 'c42.0.' + 'A'.repeat(43) + '.', `c${'9'.repeat(16)}.0.${'A'.repeat(43)}`]) {
      expect(parseToken(bad), bad).toBeUndefined();
    }
    expect(newNonce()).not.toBe(newNonce());
  });
});
