/**
 * @module The JSON Schema of the config file, for editor completion and validation.
 *
 * Point the YAML language server at it with a first line such as
 * `# yaml-language-server: $schema=./vigie.schema.json` (write the file with `vigie schema`
 * or serve it from the API).
 */
import { z } from 'zod';
import { configSchema } from './config.schema.js';

/** The JSON Schema (draft 2020-12) of what may be written in a config file, with descriptions and defaults. */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, title: 'Vigie configuration' };
}
