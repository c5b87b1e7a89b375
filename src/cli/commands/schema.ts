/** @module `vigie schema`: prints the JSON Schema of the config file for editor completion. */
import { Command } from 'commander';
import { configJsonSchema } from '../../config/json-schema.js';

export function schemaCommand(): Command {
  return new Command('schema')
    .description('Print the JSON Schema of vigie.yaml (for editors: "# yaml-language-server: $schema=./vigie.schema.json").')
    .action(() => {
      process.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
    });
}
