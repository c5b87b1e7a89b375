/**
 * `vigie validate` warnings, `vigie oncall`, `vigie notify test` and `vigie silence` as a user
 * runs them (child processes): warnings placed at file:line:col without failing, who is on call
 * across the Europe/Paris spring-forward night from the configuration alone, a test message to
 * a capture server accepted then refused (503), and silences added, listed and expired in the
 * server's database (SQLite and PostgreSQL).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appDatabase } from '../helpers/app-database.js';
import { startCaptureServer, type CaptureServer } from '../helpers/capture-server.js';
import { DIALECTS, dialectAvailable } from '../helpers/databases.js';
import { runVigie } from '../helpers/vigie-process.js';

const config = (hookUrl: string) => `people:
  - { id: alice, name: Alice Martin, contacts: [{ channel: hook }] }
  - id: bob
    name: Bob Durand
schedules:
  - id: primary
    name: Primary on-call
    time_zone: Europe/Paris
    layers:
      - { name: daily, rotation: daily, start: '2026-03-27T09:00', members: [alice, bob] }
  - id: nights
    time_zone: Europe/Paris
    layers:
      - { name: night, rotation: weekly, start: '2026-03-02T00:00', members: [alice], active: [{ from: '22:00', to: '06:00' }] }
channels:
  - { id: hook, webhook: { url: '${hookUrl}' } }
`;

describe('vigie CLI: on-call, warnings, channel tests', () => {
  let dir: string;
  let capture: CaptureServer;
  let configPath: string;
  const env = { VIGIE_DATABASE_URL: '', VIGIE_CONFIG: '' };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigie-cli-notif-'));
    capture = await startCaptureServer();
    configPath = join(dir, 'vigie.yaml');
    writeFileSync(configPath, config(`${capture.origin}/hook`));
  });

  afterAll(async () => {
    await capture.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('validate: prints warnings with their position and still exits 0', async () => {
    const res = await runVigie(['validate', configPath], env, 60_000, { cwd: dir });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('valid — 0 monitor(s) in 1 file(s)');
    expect(res.stderr).toContain(`warning: ${configPath}:3:5 people[1].contacts: Bob Durand has no contact method: paging them reaches nobody`);
    expect(res.stderr).toMatch(new RegExp(`warning: ${configPath.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:11:5 schedules\\[1\\]: schedule "nights" has \\d+ gap\\(s\\) in the next 28 days`));
    expect(res.stderr).not.toContain('schedules[0]');
  });

  it('oncall: who is on call across the DST night, in text and JSON, from the configuration alone', async () => {
    const text = await runVigie(['oncall', '--config', configPath, '--at', '2026-03-29T06:30:00Z'], env, 60_000, { cwd: dir });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('primary "Primary on-call": Bob Durand (bob), layer "daily", 2026-03-28 09:00 → 2026-03-29 09:00 Europe/Paris');
    expect(text.stdout).toContain('nights: nobody on call at 2026-03-29 08:30 Europe/Paris (a gap in the schedule)');
    const json = await runVigie(['oncall', '--config', configPath, '--at', '2026-03-29T06:30:00Z', '--schedule', 'primary', '--json'], env, 60_000, { cwd: dir });
    expect(json.code).toBe(0);
    const answer = JSON.parse(json.stdout) as { items: Array<{ onCall: { person: { id: string }; sinceLocal: string; untilLocal: string } }> };
    expect(answer.items).toHaveLength(1);
    expect(answer.items[0]!.onCall).toMatchObject({ person: { id: 'bob' }, sinceLocal: '2026-03-28T09:00:00+01:00', untilLocal: '2026-03-29T09:00:00+02:00' });
    const unknown = await runVigie(['oncall', '--config', configPath, '--schedule', 'primay'], env, 60_000, { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--schedule: schedule "primay" not found; schedules: primary, nights');
  });

  it("notify test: prints the provider's answer, exit 0 when accepted and 1 when refused", async () => {
    capture.requests.length = 0;
    const ok = await runVigie(['notify', 'test', 'hook', '--config', configPath, '--language', 'fr'], env, 60_000, { cwd: dir });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('channel "hook" (webhook): sent — 200: {"ok":true}');
    expect(capture.requests).toHaveLength(1);
    expect(capture.requests[0]!.body).toContain('Message de test de Vigie');
    capture.answers.push({ status: 503, body: 'maintenance' });
    const refused = await runVigie(['notify', 'test', 'hook', '--config', configPath], env, 60_000, { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('channel "hook" (webhook): failed — HTTP 503: maintenance (temporary: worth trying again)');
    const unknown = await runVigie(['notify', 'test', 'nope', '--config', configPath], env, 60_000, { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown channel "nope"; channels: hook');
  });
});

for (const dialect of DIALECTS) {
  describe(`vigie silence (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'silence CLI tests');
    if (!available) {
      it.skip('PostgreSQL not reachable', () => {});
      return;
    }
    const db = appDatabase(dialect);
    const configPath = join(db.dir, 'vigie.yaml');
    const flags = ['--config', configPath, ...(dialect === 'sqlite' ? ['--sqlite', db.sqlitePath] : [])];
    const vigie = (args: string[]) => runVigie([...args, ...flags], { ...db.env, VIGIE_CONFIG: '' }, 60_000, { cwd: db.dir });

    beforeAll(() => writeFileSync(configPath, 'server: { host: 127.0.0.1, port: 0 }\n'));
    afterAll(() => db.cleanup());

    it('adds, lists and expires a silence; bad input names the flag', async () => {
      const added = await vigie(['silence', 'add', '--service', 'sip-core', '--severity', 'sev1', '--duration', '2h', '--comment', 'carrier work', '--json']);
      expect(added.stderr).not.toContain('vigie silence:');
      expect(added.code).toBe(0);
      const silence = JSON.parse(added.stdout) as { id: number; matchers: unknown; active: boolean; author: string };
      expect(silence).toMatchObject({ matchers: { services: ['sip-core'], severities: ['SEV1'] }, active: true, author: expect.stringContaining('(cli)') });
      const list = await vigie(['silence', 'list']);
      expect(list.stdout).toMatch(new RegExp(`^${silence.id}  active  .* → .*  services=sip-core severities=SEV1  by .*: carrier work$`, 'm'));
      const bad = await vigie(['silence', 'add', '--duration', 'soon']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--service, --tag, --severity or --incident: needs at least one of services, tags, severities, incidents');
      expect(bad.stderr).toContain('--duration: must be a duration such as 500ms, 30s, 5m, 1h or 1d');
      expect(bad.stderr).toContain('--comment: must not be empty');
      const expired = await vigie(['silence', 'expire', String(silence.id)]);
      expect(expired.code).toBe(0);
      expect((await vigie(['silence', 'list'])).stdout).toBe('no active or upcoming silence\n');
      const again = await vigie(['silence', 'expire', String(silence.id)]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain(`silence ${silence.id} already ended`);
    });
  });
}
