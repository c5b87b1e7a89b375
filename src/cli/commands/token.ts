/** @module `vigie token create|list|revoke`: API tokens, stored hashed. */
import { randomUUID } from 'node:crypto';
import { Command, Option } from 'commander';
import { openStore } from '../../storage/open-store.js';
import type { Role, Store } from '../../storage/store.js';
import { generateToken, hashToken } from '../../api/tokens.js';
import { withDatabaseOptions } from '../options.js';

type DbOpts = { databaseUrl?: string; sqlite?: string };

async function withStore<T>(opts: DbOpts, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({ url: opts.databaseUrl ?? process.env.VIGIE_DATABASE_URL, sqlitePath: opts.sqlite, pgSchema: process.env.VIGIE_DATABASE_SCHEMA || undefined });
  try {
    await store.migrate();
    return await fn(store);
  } finally {
    await store.close();
  }
}

export function tokenCommand(): Command {
  const cmd = new Command('token').description('Manage API tokens (Bearer tokens for /api/v1).');
  withDatabaseOptions(cmd.command('create').description('Create a token; its secret is printed once.'))
    .requiredOption('--name <name>', 'a name to recognise the token by')
    .addOption(new Option('--role <role>', 'what the token may do').choices(['admin', 'editor', 'viewer']).default('viewer'))
    .action(async (opts: DbOpts & { name: string; role: Role }) => {
      await withStore(opts, async (store) => {
        const secret = generateToken();
        await store.tokens.create({ id: randomUUID(), name: opts.name, role: opts.role, tokenHash: hashToken(secret) }, Date.now());
        process.stdout.write(`${secret}\n`);
        process.stderr.write(`token "${opts.name}" (${opts.role}) created; the secret above is shown only once.\n`);
      });
    });
  withDatabaseOptions(cmd.command('list').description('List tokens (never their secrets).')).action(async (opts: DbOpts) => {
    await withStore(opts, async (store) => {
      for (const t of await store.tokens.list()) {
        const state = t.revokedAt ? 'revoked' : 'active';
        process.stdout.write(`${t.id}  ${t.name}  ${t.role}  ${state}  created ${new Date(t.createdAt).toISOString()}\n`);
      }
    });
  });
  withDatabaseOptions(cmd.command('revoke').description('Revoke a token by id.').argument('<id>')).action(async (id: string, opts: DbOpts) => {
    await withStore(opts, async (store) => {
      if (!(await store.tokens.revoke(id, Date.now()))) {
        process.stderr.write(`no active token with id ${id}\n`);
        process.exitCode = 1;
      }
    });
  });
  return cmd;
}
