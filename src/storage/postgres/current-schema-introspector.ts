/**
 * @module What Kysely's migrator learns about the PostgreSQL database: Vigie's own schema only.
 *
 * Kysely's PostgreSQL introspector reads the tables of every schema in the database and calls
 * functions per relation (`pg_get_serial_sequence`, `has_schema_privilege`), so a schema that
 * another session drops while the query runs fails it with `schema "…" does not exist`. On a
 * PostgreSQL server shared with other applications (or test runs), `vigie migrate` and the
 * start-up migration then failed at random. The migrator only asks whether its schema and its
 * two tables exist, which this answers from the catalog of the current schema alone.
 */
import { PostgresDialect, sql, type DatabaseIntrospector, type DatabaseMetadata, type Kysely, type SchemaMetadata, type TableMetadata } from 'kysely';

/** Lists schemas by name, and the tables and views of the current schema (without columns). */
export class CurrentSchemaIntrospector implements DatabaseIntrospector {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  constructor(private readonly db: Kysely<any>) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<SchemaMetadata>`select nspname as name from pg_catalog.pg_namespace`.execute(this.db);
    return rows;
  }

  async getTables(): Promise<TableMetadata[]> {
    const { rows } = await sql<{ name: string; schema: string; is_view: boolean }>`
      select c.relname as name, n.nspname as schema, c.relkind = 'v' as is_view
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'v', 'p')
      order by c.relname`.execute(this.db);
    return rows.map((r) => ({ name: r.name, schema: r.schema, isView: r.is_view, columns: [] }));
  }

  async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() };
  }
}

/** Kysely's PostgreSQL dialect with {@link CurrentSchemaIntrospector}. */
export class SchemaScopedPostgresDialect extends PostgresDialect {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db);
  }
}
