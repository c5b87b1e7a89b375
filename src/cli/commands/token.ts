/** @module `vigie token create|list|revoke`: API tokens, stored hashed. */
import { Command, Option } from 'commander';
import { ApiError } from '../../api/errors.js';
import { tokenCreateBody } from '../../api/schemas/token.schemas.js';
import { TokenService } from '../../api/services/token.service.js';
import { ROLES, type Role, type Store } from '../../storage/store.js';
import { withStoreOptions } from '../options.js';
import { openCommandStore, type StoreCommandFlags } from '../store-options.js';

type DbOpts = StoreCommandFlags;

async function withStore(opts: DbOpts, fn: (store: Store) => Promise<void>): Promise<void> {
  const store = await openCommandStore(opts);
  try {
    await store.migrate();
    await fn(store);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    process.stderr.write(`vigie token: ${err.message}\n`);
    process.exitCode = 1;
  } finally {
    await store.close();
  }
}

export function tokenCommand(): Command {
  const cmd = new Command('token').description('Manage API tokens (Bearer tokens for /api/v1).');
  withStoreOptions(cmd.command('create').description('Create a token; its secret is printed once.'))
    .requiredOption('--name <name>', 'a name to recognise the token by, unique among live tokens')
    .addOption(new Option('--role <role>', 'what the token may do').choices([...ROLES]).default('viewer'))
    .action(async (opts: DbOpts & { name: string; role: Role }) => {
      const input = tokenCreateBody.safeParse({ name: opts.name, role: opts.role });
      if (!input.success) {
        process.stderr.write(`vigie token: --name ${input.error.issues[0]?.message ?? 'is not valid'}\n`);
        process.exitCode = 2;
        return;
      }
      await withStore(opts, async (store) => {
        const created = await new TokenService(store, Date.now).create(input.data);
        process.stdout.write(`${created.secret}\n`);
        process.stderr.write(`token "${created.name}" (${created.role}, id ${created.id}) created; the secret above is shown only once.\n`);
      });
    });
  withStoreOptions(cmd.command('list').description('List tokens (never their secrets).')).action(async (opts: DbOpts) => {
    await withStore(opts, async (store) => {
      for (const t of await store.tokens.list()) {
        const state = t.revokedAt ? 'revoked' : 'active';
        process.stdout.write(`${t.id}  ${t.name}  ${t.role}  ${state}  created ${new Date(t.createdAt).toISOString()}\n`);
      }
    });
  });
  withStoreOptions(cmd.command('revoke').description('Revoke a live token by id or by name.').argument('<id-or-name>')).action(async (idOrName: string, opts: DbOpts) => {
    await withStore(opts, async (store) => {
      const revoked = await new TokenService(store, Date.now).revokeByIdOrName(idOrName);
      process.stderr.write(`token "${revoked.name}" (${revoked.role}, id ${revoked.id}) revoked.\n`);
    });
  });
  return cmd;
}
