/** @module `vigie migrate`: applies pending database migrations (also done at every start). */
import { Command } from 'commander';
import { withStoreOptions } from '../options.js';
import { openCommandStore, type StoreCommandFlags } from '../store-options.js';

export function migrateCommand(): Command {
  return withStoreOptions(new Command('migrate').description('Apply pending database migrations (serve does this at start).')).action(
    async (opts: StoreCommandFlags) => {
      const store = await openCommandStore(opts);
      try {
        const applied = await store.migrate();
        process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
      } finally {
        await store.close();
      }
    },
  );
}
