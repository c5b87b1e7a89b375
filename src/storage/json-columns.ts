/**
 * @module The zod schemas of the JSON columns, applied where they are read, and a parser that
 * says which column of which row is corrupt.
 */
import { z } from 'zod';

export const jsonObjectSchema = z.record(z.string(), z.unknown());
export const tagsSchema = z.array(z.string());
export const recentChangesSchema = z.array(z.number());
export const timingsSchema = z.object({ total: z.number() }).catchall(z.number());

/** Parses a JSON column; throws a readable error naming the table, row and column. */
export function parseJsonColumn<T>(schema: z.ZodType<T>, text: string, where: { table: string; column: string; key: string | number }): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`The ${where.column} column of ${where.table} row ${where.key} is not valid JSON; the database may have been edited by hand.`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`The ${where.column} column of ${where.table} row ${where.key} does not have the expected shape (${issue?.path.join('.') || 'value'}: ${issue?.message}).`);
  }
  return parsed.data;
}

/** Like {@link parseJsonColumn} for a nullable column. */
export function parseNullableJsonColumn<T>(schema: z.ZodType<T>, text: string | null, where: { table: string; column: string; key: string | number }): T | null {
  return text === null ? null : parseJsonColumn(schema, text, where);
}
