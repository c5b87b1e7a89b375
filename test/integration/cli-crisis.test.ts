/**
 * `vigie crisis` as a user runs it (child processes), on SQLite and PostgreSQL, with the server's
 * configuration: a cell activated by hand, listed and shown (roles, deadlines, drafts) in English
 * and French; a draft approved only `--as` the communication lead (exit 1 naming the role and its
 * holder otherwise, exit 2 for an unknown person); the crisis deactivated with a summary. Bad input
 * exits 2 naming the option.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appDatabase } from '../helpers/app-database.js';
import { DIALECTS, dialectAvailable } from '../helpers/databases.js';
import { runVigie } from '../helpers/vigie-process.js';

const CONFIG = `server: { host: 127.0.0.1, port: 0 }
channels:
  - { id: hook, webhook: { url: 'http://127.0.0.1:9/hook' } }
people:
  - { id: alice, name: Alice Martin, contacts: [{ channel: hook }] }
  - { id: bob, name: Bob Durand, language: fr, contacts: [{ channel: hook }] }
crisis:
  cells:
    - id: telecom
      name: { en: Telecom crisis cell, fr: Cellule de crise télécom }
      roles:
        crisis_lead: [alice]
        communication_lead: [bob]
      checklists:
        default:
          - { en: Open the bridge, fr: Ouvrir le pont }
  obligations:
    - { id: internal-notice, within: 15m }
`;

for (const dialect of DIALECTS) {
  describe(`vigie crisis (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'crisis CLI tests');
    if (!available) {
      it.skip('PostgreSQL not reachable', () => {});
      return;
    }
    const db = appDatabase(dialect);
    const configPath = join(db.dir, 'vigie.yaml');
    const flags = ['--config', configPath, ...(dialect === 'sqlite' ? ['--sqlite', db.sqlitePath] : [])];
    const vigie = (args: string[]) => runVigie([...args, ...flags], { ...db.env, VIGIE_CONFIG: '' }, 60_000, { cwd: db.dir });

    beforeAll(() => writeFileSync(configPath, CONFIG));
    afterAll(() => db.cleanup());

    it('activates a cell, lists and shows it, approves a draft only as the communication lead, deactivates it', async () => {
      expect((await vigie(['crisis', 'list'])).stdout).toBe('no crisis\n');

      const activated = await vigie(['crisis', 'activate', '--cell', 'telecom', '--title', 'SIP core down', '--title-fr', 'Cœur SIP en panne', '--reason', 'both sites', '--by', 'Alice Martin', '--json']);
      expect(activated.stderr).not.toContain('vigie crisis:');
      expect(activated.code).toBe(0);
      const crisis = JSON.parse(activated.stdout) as { id: number; primaryIncident: number; activatedBy: string; drafts: Array<{ id: number; status: string }>; deadlines: Array<{ state: string }> };
      expect(crisis).toMatchObject({ activatedBy: 'Alice Martin', deadlines: [{ state: 'open' }], drafts: [{ status: 'draft' }] });

      const list = await vigie(['crisis', 'list', '--status', 'active']);
      expect(list.code).toBe(0);
      expect(list.stdout).toMatch(/^ID +STATUS +CELL +ACTIVATED +INCIDENT +TITLE$/m);
      expect(list.stdout).toMatch(new RegExp(`^${crisis.id} +active +telecom +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC +#${crisis.primaryIncident} +Telecom crisis cell: SIP core down$`, 'm'));

      const show = await vigie(['crisis', 'show', String(crisis.id)]);
      expect(show.code).toBe(0);
      expect(show.stdout).toContain(`Crisis #${crisis.id} — active — Telecom crisis cell: SIP core down`);
      expect(show.stdout).toMatch(/^ {2}communication lead +Bob Durand \(bob\)$/m);
      expect(show.stdout).toContain('[0] [ ] Open the bridge');
      expect(show.stdout).toMatch(/^ {2}\d+ +open +.* UTC +in \d+ min +communication lead: Bob Durand +Internal notice$/m);
      const french = await vigie(['crisis', 'show', String(crisis.id), '--lang', 'fr']);
      expect(french.stdout).toContain(`Crise #${crisis.id} — active — Cellule de crise télécom : Cœur SIP en panne`);
      expect(french.stdout).toMatch(/^ {2}responsable communication +Bob Durand \(bob\)$/m);

      const draft = String(crisis.drafts[0]!.id);
      const alice = await vigie(['crisis', 'approve', String(crisis.id), draft, '--as', 'alice']);
      expect(alice.code).toBe(1);
      expect(alice.stderr).toContain(`vigie crisis: approving a draft needs the communication lead role of crisis #${crisis.id}, held by Bob Durand; Alice Martin does not hold it`);
      const unknown = await vigie(['crisis', 'approve', String(crisis.id), draft, '--as', 'zed']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('--as: unknown person "zed"; people: alice, bob');
      const bob = await vigie(['crisis', 'approve', String(crisis.id), draft, '--as', 'bob']);
      expect(bob.stderr).toBe('');
      expect(bob.code).toBe(0);
      expect(bob.stdout).toContain(`Draft #${draft} (crisis #${crisis.id}) — approved — internal`);
      expect(bob.stdout).toContain('Approved: Bob Durand (bob)');
      const stored = JSON.parse((await vigie(['crisis', 'show', String(crisis.id), '--json'])).stdout) as { drafts: Array<{ status: string; approvedBy: { id: string } }> };
      expect(stored.drafts[0]).toMatchObject({ status: 'approved', approvedBy: { id: 'bob' } });

      const done = await vigie(['crisis', 'deactivate', String(crisis.id), '--summary', 'Restored at 11:20', '--summary-fr', 'Rétabli à 11 h 20']);
      expect(done.code).toBe(0);
      expect(done.stdout).toContain(`Crisis #${crisis.id} — deactivated`);
      expect(done.stdout).toContain('Summary: Restored at 11:20');
      const again = await vigie(['crisis', 'deactivate', String(crisis.id), '--summary', 'again']);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain(`vigie crisis: crisis ${crisis.id} is not active`);
    }, 300_000); // a dozen CLI processes, each starting Node and TypeScript: slow on a busy 2-core machine

    it('exits 2 on bad input, naming the option, and 1 for a crisis that does not exist', async () => {
      const noCell = await vigie(['crisis', 'activate']);
      expect(noCell.code).toBe(2);
      expect(noCell.stderr).toContain("required option '--cell <id>' not specified");
      const unknownCell = await vigie(['crisis', 'activate', '--cell', 'telecon']);
      expect(unknownCell.code).toBe(2);
      expect(unknownCell.stderr).toContain('vigie crisis: unknown crisis cell "telecon"; configured: telecom');
      const badId = await vigie(['crisis', 'show', 'first']);
      expect(badId.code).toBe(2);
      expect(badId.stderr).toContain('vigie crisis: <id>: "first" is not a whole number such as 3');
      const empty = await vigie(['crisis', 'deactivate', '1', '--summary', ' ']);
      expect(empty.code).toBe(2);
      expect(empty.stderr).toContain('vigie crisis: --summary: must not be empty');
      const missing = await vigie(['crisis', 'show', '999']);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('vigie crisis: crisis 999 not found');
    }, 300_000); // a dozen CLI processes, each starting Node and TypeScript: slow on a busy 2-core machine
  });
}

describe('vigie crisis without a configuration', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigie-cli-crisis-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 2 saying it needs the server configuration', async () => {
    const res = await runVigie(['crisis', 'list', '--sqlite', join(dir, 'vigie.db')], { VIGIE_CONFIG: '', VIGIE_DATABASE_URL: '' }, 60_000, { cwd: dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("vigie crisis: needs the server's configuration");
  });
});
