/** @module The SQLite side of {@link DialectSql}. */
import { statSync } from 'node:fs';
import { sql } from 'kysely';
import { likeAnywhere, type DialectSql } from '../dialect-sql.js';

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** SQLite SQL for a database at `path` (`:memory:` allowed). */
export function sqliteSql(path: string): DialectSql {
  return {
    dialect: 'sqlite',
    identityType: 'integer',
    // `integer primary key autoincrement`: a rowid alias whose values are never reused.
    identity: (column) => column.primaryKey().autoIncrement(),
    bytesType: 'blob',
    contains: (haystack, needle) => sql<boolean>`instr(${haystack}, ${needle}) > 0`,
    containsIgnoringCase: (haystack, needle) => sql<boolean>`${haystack} like ${likeAnywhere(needle)} escape '\\'`,
    lockTransitions: async () => {},
    migrationSchema: async () => undefined,
    async sizeBytes(db) {
      if (path !== ':memory:') return fileSize(path) + fileSize(`${path}-wal`);
      const { rows } = await sql<{ size: number }>`select page_count * page_size as size from pragma_page_count(), pragma_page_size()`.execute(db);
      return rows[0]?.size ?? 0;
    },
  };
}
