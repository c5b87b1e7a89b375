/**
 * `vigie incident ack` and `resolve` as a user runs them (child processes) on the server's
 * database, SQLite and PostgreSQL: the incident changes with the author on its timeline, and a
 * step already taken exits 1 saying so.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/storage/open-store.js';
import { appDatabase } from '../helpers/app-database.js';
import { DIALECTS, dialectAvailable } from '../helpers/databases.js';
import { runVigie } from '../helpers/vigie-process.js';

for (const dialect of DIALECTS) {
  describe(`vigie incident ack and resolve (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'incident CLI tests');
    if (!available) {
      it.skip('PostgreSQL not reachable', () => {});
      return;
    }
    const db = appDatabase(dialect);
    const configPath = join(db.dir, 'vigie.yaml');
    writeFileSync(configPath, `storage: { sqlite_path: ${db.sqlitePath} }\n`);
    const vigie = (args: string[]) => runVigie([...args, '--config', configPath], { ...db.env, VIGIE_CONFIG: '' }, 60_000, { cwd: db.dir });
    afterAll(() => db.cleanup());

    it('acknowledges then resolves with the author on the timeline; a step already taken exits 1', async () => {
      const store = await openStore({ url: db.databaseUrl || undefined, sqlitePath: db.sqlitePath, pgSchema: db.pgSchema, secretKeyFile: join(db.dir, 'secret.key') });
      await store.migrate();
      const now = Date.now();
      const { id } = await store.incidents.create({ source: 'manual', status: 'open', severity: 'SEV2', title: { en: 'Mail down', fr: 'Messagerie en panne' }, summary: null, serviceId: null, rootCause: null, affected: [], commonMode: false, firstFailureAt: null, openedAt: now, lastFailureAt: now }, now);
      const ack = await vigie(['incident', 'ack', String(id), '--by', 'Alice Martin']);
      expect(ack.stderr).toBe('');
      expect(ack.code).toBe(0);
      expect(ack.stdout).toBe(`incident ${id} acknowledged by Alice Martin\n`);
      expect((await store.incidents.get(id))!.status).toBe('acknowledged');
      expect((await store.incidents.timeline(id)).find((e) => e.kind === 'acknowledged')?.author).toBe('Alice Martin');
      const again = await vigie(['incident', 'ack', String(id)]);
      expect(again.code).toBe(1);
      expect(again.stderr).toBe(`incident ${id} is already acknowledged\n`);
      const resolved = await vigie(['incident', 'resolve', String(id)]);
      expect(resolved.code).toBe(0);
      expect((await store.incidents.get(id))!.status).toBe('resolved');
      const unknown = await vigie(['incident', 'ack', '99999']);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toBe('incident 99999 not found\n');
      await store.close();
    });
  });
}
