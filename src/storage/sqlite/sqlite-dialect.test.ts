import Database from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { cacheStatements, VigieSqliteDialect } from './sqlite-dialect.js';

describe('cacheStatements', () => {
  it('prepares each SQL text once, keeps the most recently used, and never hands out a busy statement', () => {
    const db = cacheStatements(new Database(':memory:'), 2);
    db.exec('create table t (x integer); insert into t values (1), (2)');
    const first = db.prepare('select x from t order by x');
    expect(db.prepare('select x from t order by x')).toBe(first);
    const iterating = first.iterate();
    iterating.next();
    const second = db.prepare('select x from t order by x');
    expect(second).not.toBe(first);
    expect(second.all()).toEqual([{ x: 1 }, { x: 2 }]);
    iterating.return?.();
    db.prepare('select 1');
    db.prepare('select 2');
    expect(db.prepare('select x from t order by x')).not.toBe(first);
    db.close();
  });

  it('sees schema changes through a kept statement', async () => {
    const db = new Kysely<Record<string, never>>({ dialect: new VigieSqliteDialect({ database: new Database(':memory:') }) });
    try {
      await sql`create table t (x integer)`.execute(db);
      await sql`insert into t values (1)`.execute(db);
      expect((await sql`select * from t`.execute(db)).rows).toEqual([{ x: 1 }]);
      await sql`alter table t add column y integer default 7`.execute(db);
      expect((await sql`select * from t`.execute(db)).rows).toEqual([{ x: 1, y: 7 }]);
    } finally {
      await db.destroy();
    }
  });
});
