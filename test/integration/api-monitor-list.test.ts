/**
 * `GET /api/v1/monitors` through a real server: keyset pages (`after`, `next`) walk every monitor
 * once in id order, `view=summary` gives the short form (no definition, no secret) in pages of up
 * to 5,000, `q` searches ids and names, and bad combinations are 400s naming the parameter.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { generateToken, hashToken } from '../../src/api/tokens.js';
import { appDatabase, type AppDatabase } from '../helpers/app-database.js';

const COUNT = 1203;
const id = (i: number) => `site-${String(i).padStart(4, '0')}`;

function config(): string {
  const lines = ['server: { host: 127.0.0.1, port: 0 }', 'monitors:'];
  for (let i = 0; i < COUNT; i++) {
    const name = i === 7 ? 'Émetteur de Genève' : `Branch office ${i}`;
    lines.push(`  - { id: ${id(i)}, name: ${name}, tags: [t${i % 3}], heartbeat: { token: beat-${i}-0123456789abcdef, period: 1h, grace: 1h } }`);
  }
  return `${lines.join('\n')}\n`;
}

interface Page {
  items: Array<Record<string, unknown> & { id: string }>;
  total: number;
  next: string | null;
}

describe('monitor list API (SQLite)', () => {
  let db: AppDatabase;
  let app: App;
  let token: string;
  const get = async (path: string): Promise<{ status: number; body: Page & { issues?: Array<{ path: string; message: string }> } }> => {
    const res = await fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as never };
  };

  beforeAll(async () => {
    db = appDatabase('sqlite');
    const configPath = join(db.dir, 'vigie.yaml');
    writeFileSync(configPath, config());
    app = await startApp({ ...db.appOptions(configPath), watch: false });
    token = generateToken();
    await app.store.tokens.create({ id: randomUUID(), name: 'viewer', role: 'viewer', tokenHash: hashToken(token) }, Date.now());
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.cleanup();
  });

  it('walks every monitor once, in id order, through keyset pages of summaries', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let requests = 0;
    do {
      const { status, body }: { status: number; body: Page } = await get(`/api/v1/monitors?view=summary&limit=500${after ? `&after=${after}` : ''}`);
      expect(status).toBe(200);
      expect(body.total).toBe(COUNT);
      seen.push(...body.items.map((m) => m.id));
      after = body.next;
      requests++;
    } while (after);
    expect(requests).toBe(3);
    expect(seen).toEqual(Array.from({ length: COUNT }, (_, i) => id(i)));
  });

  it('gives summaries without definitions, and full views with them', async () => {
    const summary = await get(`/api/v1/monitors?view=summary&limit=2&after=${id(6)}`);
    expect(summary.body.items.map((m) => Object.keys(m).sort())).toEqual([
      ['id', 'name', 'paused', 'source', 'state', 'tags', 'type'],
      ['id', 'name', 'paused', 'source', 'state', 'tags', 'type'],
    ]);
    expect(summary.body.items[0]).toMatchObject({ id: id(7), name: 'Émetteur de Genève', type: 'heartbeat', source: 'file', tags: ['t1'], paused: false, state: { state: 'pending' } });
    expect(summary.body.next).toBe(id(8));
    const full = await get(`/api/v1/monitors?limit=1&after=${id(6)}`);
    expect(full.body.items[0]).toMatchObject({ id: id(7), input: expect.objectContaining({ heartbeat: expect.objectContaining({ token: '[redacted]' }) }) });
    // One page of 5,000 summaries holds them all.
    const all = await get('/api/v1/monitors?view=summary&limit=5000');
    expect(all.body.items).toHaveLength(COUNT);
    expect(all.body.next).toBeNull();
  });

  it('searches ids and names, case aside, with the filters', async () => {
    const byName = await get('/api/v1/monitors?q=BRANCH%20OFFICE%20120&view=summary');
    expect(byName.body.items.map((m) => m.id)).toEqual([id(120), id(1200), id(1201), id(1202)]);
    expect(byName.body.total).toBe(4);
    const withTag = await get('/api/v1/monitors?q=office%20120&tag=t0&view=summary');
    expect(withTag.body.items.map((m) => m.id)).toEqual([id(120), id(1200)]);
    const accented = await get(`/api/v1/monitors?q=${encodeURIComponent('Émetteur')}`);
    expect(accented.body.items.map((m) => m.id)).toEqual([id(7)]);
    const wildcard = await get('/api/v1/monitors?q=%25');
    expect(wildcard.body).toMatchObject({ items: [], total: 0, next: null });
  });

  it('refuses full pages over 500, and after with offset, naming the parameter', async () => {
    const big = await get('/api/v1/monitors?limit=501');
    expect(big.status).toBe(400);
    expect(big.body.issues).toEqual([expect.objectContaining({ path: 'limit', message: expect.stringContaining('view=summary') })]);
    const both = await get(`/api/v1/monitors?after=${id(3)}&offset=10`);
    expect(both.status).toBe(400);
    expect(both.body.issues).toEqual([expect.objectContaining({ path: 'after' })]);
    const empty = await get('/api/v1/monitors?q=');
    expect(empty.status).toBe(400);
    expect(empty.body.issues).toEqual([expect.objectContaining({ path: 'q' })]);
  });
});
