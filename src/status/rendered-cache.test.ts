import { describe, expect, it } from 'vitest';
import { RenderedCache } from './rendered-cache.js';
import { statusPageSchema } from './status.schema.js';
import type { PageSnapshot } from './status.types.js';

const page = statusPageSchema.parse({ id: 'public', title: 'Status', components: [{ service: 'web' }] });
const T = Date.parse('2026-06-01T10:00:00.500Z');

function snapshot(updatedAt: number, builtAt = updatedAt): PageSnapshot {
  return { page, builtAt, updatedAt, stale: null, indicator: 'none', state: 'operational', groups: [], components: [], incidents: [], history: [], maintenances: [] };
}

describe('RenderedCache', () => {
  it('renders a variant once per snapshot, with a strong ETag of the bytes', () => {
    const cache = new RenderedCache();
    const s = snapshot(T);
    let renders = 0;
    const render = () => (renders++, 'hello');
    const a = cache.get(s, 'html|en', 'text/html', render);
    const b = cache.get(s, 'html|en', 'text/html', render);
    expect(renders).toBe(1);
    expect(b).toBe(a);
    expect(a.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(a.body.toString()).toBe('hello');
    expect(a.lastModified).toBe(Date.parse('2026-06-01T10:00:00Z'));
    cache.get(s, 'html|fr', 'text/html', () => 'bonjour');
    expect(cache.get(s, 'html|fr', 'text/html', () => 'x').body.toString()).toBe('bonjour');
  });

  it('renders again for a new snapshot, keeping Last-Modified when the bytes are the same', () => {
    const cache = new RenderedCache();
    const first = cache.get(snapshot(T), 'v', 't', () => 'same');
    const again = cache.get(snapshot(T + 60_000, T + 60_000), 'v', 't', () => 'same');
    expect(again.etag).toBe(first.etag);
    expect(again.lastModified).toBe(first.lastModified);
  });

  it('moves Last-Modified forward when the bytes change, even when the data time does not', () => {
    const cache = new RenderedCache();
    const first = cache.get(snapshot(T), 'v', 't', () => 'one');
    const newer = cache.get(snapshot(T + 5 * 60_000), 'v', 't', () => 'two');
    expect(newer.lastModified).toBe(Date.parse('2026-06-01T10:05:00Z'));
    const sameTime = cache.get(snapshot(T + 5 * 60_000, T + 9 * 60_000), 'v', 't', () => 'three');
    expect(sameTime.etag).not.toBe(newer.etag);
    expect(sameTime.lastModified).toBe(Date.parse('2026-06-01T10:09:00Z'));
    expect(first.lastModified).toBeLessThan(newer.lastModified);
  });

  it('clear() makes the next request render again', () => {
    const cache = new RenderedCache();
    const s = snapshot(T);
    let renders = 0;
    cache.get(s, 'v', 't', () => (renders++, 'x'));
    cache.clear();
    cache.get(s, 'v', 't', () => (renders++, 'x'));
    expect(renders).toBe(2);
  });
});
