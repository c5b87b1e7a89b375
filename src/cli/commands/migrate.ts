/** @module `vigie migrate`: applies pending database migrations (also done at every start). */
import { Command } from 'commander';
import { openStore } from '../../storage/open-store.js';
import { withDatabaseOptions } from '../options.js';

export function migrateCommand(): Command {
  return withDatabaseOptions(new Command('migrate').description('Apply pending database migrations (serve does this at start).')).action(
    async (opts: { databaseUrl?: string; sqlite?: string }) => {
      const store = await openStore({ url: opts.databaseUrl ?? process.env.VIGIE_DATABASE_URL, sqlitePath: opts.sqlite, pgSchema: process.env.VIGIE_DATABASE_SCHEMA || undefined });
      try {
        const applied = await store.migrate();
        process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
      } finally {
        await store.close();
      }
    },
  );
}
