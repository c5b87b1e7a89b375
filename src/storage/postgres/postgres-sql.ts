/** @module The PostgreSQL side of {@link DialectSql}. */
import { sql } from 'kysely';
import { likeAnywhere, type DialectSql } from '../dialect-sql.js';

/** PostgreSQL SQL. */
export const postgresSql: DialectSql = {
  dialect: 'postgres',
  identityType: 'bigint',
  identity: (column) => column.primaryKey().generatedAlwaysAsIdentity(),
  bytesType: 'bytea',
  contains: (haystack, needle) => sql<boolean>`strpos(${haystack}, ${needle}) > 0`,
  containsIgnoringCase: (haystack, needle) => sql<boolean>`${haystack} ilike ${likeAnywhere(needle)} escape '\\'`,
  async lockTransitions(trx) {
    // EXCLUSIVE blocks other writers but not plain readers; released at commit.
    await sql`lock table transitions in exclusive mode`.execute(trx);
  },
  async migrationSchema(db) {
    const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
    const schema = rows[0]?.schema;
    if (!schema) throw new Error('PostgreSQL has no current schema to migrate: check the search_path of the database user.');
    return schema;
  },
  async sizeBytes(db) {
    const { rows } = await sql<{ size: number }>`select pg_database_size(current_database()) as size`.execute(db);
    return Number(rows[0]?.size ?? 0);
  },
};
