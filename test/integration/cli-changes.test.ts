/**
 * `vigie change|rollout|guard` as a pipeline runs them (child processes talking HTTP to a real
 * Vigie on loopback, SQLite): a change recorded with targets and listed; bad input named by its
 * flag (an unknown monitor with a suggestion, a change in the future, overlapping rings, a soak
 * that is not a duration, in flags and in a --file); a rollout in rings; the guard's exit codes —
 * 1 for a ring whose predecessor is not deployed, for a closed rollout and for a soak still
 * running once `wait` times out, 0 for a go, and 2 whenever the guard cannot be asked or its
 * answer read (nothing listening, a bad token, an unknown rollout, a 200 that is not a decision).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { generateToken, hashToken } from '../../src/api/tokens.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';
import { runVigie } from '../helpers/vigie-process.js';

const beats = { 'dc-1': randomBytes(16).toString('hex'), 'dc-2': randomBytes(16).toString('hex'), 'dc-3': randomBytes(16).toString('hex'), 'dc-4': randomBytes(16).toString('hex') };

const CONFIG = `server: { host: 127.0.0.1, port: 0 }
monitors:
${Object.entries(beats)
  .map(([id, token]) => `  - id: ${id}\n    interval: 1h\n    tags: [dc]\n    heartbeat: { token: ${token}, period: 10m }`)
  .join('\n')}
services:
  - id: directory
    name: { en: Directory, fr: Annuaire }
    components: [dc-1, dc-2, dc-3, dc-4]
`;

/** A loopback port where nothing listens: one that was just free. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('vigie change, rollout and guard over HTTP (sqlite)', () => {
  let db: AppDatabase;
  let app: App;
  let editor: string;
  let viewer: string;
  let fake: Server;
  let fakeUrl: string;
  const vigie = (args: string[], env: Record<string, string> = {}) => runVigie(args, { VIGIE_URL: app.url, VIGIE_TOKEN: editor, ...env }, 120_000, { cwd: db.dir });

  beforeAll(async () => {
    db = appDatabase('sqlite');
    const configPath = join(db.dir, 'vigie.yaml');
    writeFileSync(configPath, CONFIG);
    app = await startApp({ ...db.appOptions(configPath), watch: false });
    editor = generateToken();
    viewer = generateToken();
    await app.store.tokens.create({ id: randomUUID(), name: 'pipeline', role: 'editor', tokenHash: hashToken(editor) }, Date.now());
    await app.store.tokens.create({ id: randomUUID(), name: 'reader', role: 'viewer', tokenHash: hashToken(viewer) }, Date.now());
    // Something that answers 200 but is no guard: a captive portal, a misrouted proxy, a broken build.
    fake = createServer((req, res) => {
      if (req.url?.includes('/html/')) res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Welcome</html>');
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ verdict: 'go' }));
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
  }, 120_000);

  afterAll(async () => {
    await new Promise((resolve) => fake?.close(resolve));
    await app?.close();
    await db?.cleanup();
  });

  it('records a change with targets and lists it; names the flag of what Vigie refuses', async () => {
    const recorded = await vigie(['change', 'record', '--summary', 'Patched the DCs', '--kind', 'patch', '--ref', 'KB5009557', '--monitor', 'dc-1', '--tag', 'dc', '--link', 'https://support.example/kb5009557', '--detail', 'ticket=CHG-1', '--source', 'wsus']);
    expect(recorded.stderr).toBe('');
    expect(recorded.code).toBe(0);
    const line = /^change #(\d+) recorded \(patch KB5009557\): reaches dc-1, dc-2, dc-3, dc-4$/m.exec(recorded.stdout);
    expect(line, recorded.stdout).not.toBeNull();
    const id = Number(line![1]);

    const listed = await vigie(['change', 'list', '--monitor', 'dc-1', '--since', '1h', '--json'], { VIGIE_TOKEN: viewer });
    expect(listed.code).toBe(0);
    const items = JSON.parse(listed.stdout) as Array<{ id: number; summary: string; source: string; links: unknown[]; custom_details: unknown; targets: { monitors: string[]; tags: string[] } }>;
    expect(items.map((c) => c.id)).toContain(id);
    expect(items.find((c) => c.id === id)).toMatchObject({ summary: 'Patched the DCs', source: 'wsus', links: [{ href: 'https://support.example/kb5009557' }], custom_details: { ticket: 'CHG-1' }, targets: { monitors: ['dc-1'], tags: ['dc'] } });
    const table = await vigie(['change', 'list', '--kind', 'patch']);
    expect(table.stdout).toMatch(new RegExp(`^${id} +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC +patch +KB5009557 +— +dc-1,dc-2,dc-3,dc-4 +Patched the DCs$`, 'm'));

    const unknown = await vigie(['change', 'record', '--summary', 'x', '--monitor', 'dc1']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('vigie change: --monitor: unknown monitor "dc1" (did you mean "dc-1"?)');
    const future = await vigie(['change', 'record', '--summary', 'x', '--monitor', 'dc-1', '--at', new Date(Date.now() + 86_400_000).toISOString()]);
    expect(future.code).toBe(2);
    expect(future.stderr).toMatch(/^vigie change: --at: is in the future/m);
    const readOnly = await vigie(['change', 'record', '--summary', 'x', '--monitor', 'dc-1'], { VIGIE_TOKEN: viewer });
    expect(readOnly.code).toBe(2);
    expect(readOnly.stderr).toContain('needs the "editor" role');

    const rolledBack = await vigie(['change', 'rollback', String(id), '--note', 'uninstalled']);
    expect(rolledBack.code).toBe(0);
    expect(rolledBack.stdout).toMatch(new RegExp(`^change #${id} rolled back .* by pipeline: uninstalled$`, 'm'));
    const missing = await vigie(['change', 'rollback', '999999']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('change "999999" not found');
  }, 300_000); // CLI child processes, each starting Node and TypeScript: slow on a busy 2-core machine

  it('creates rollouts in rings, refusing overlapping rings and soaks that are not durations by flag or file path', async () => {
    const overlap = await vigie(['rollout', 'create', '--id', 'bad', '--ring', 'dc-1', '--ring', 'dc-2,tag:dc']);
    expect(overlap.code).toBe(2);
    expect(overlap.stderr).toContain('vigie rollout: --ring #2 (ring 1): rings overlap: monitor "dc-1" is already in ring 0');
    const soak = await vigie(['rollout', 'create', '--id', 'bad', '--ring', 'dc-1', '--ring', 'dc-2', '--ring-soak', '1=soon']);
    expect(soak.code).toBe(2);
    expect(soak.stderr).toContain('vigie rollout: --ring-soak 1=…: must be a duration');
    const spec = await vigie(['rollout', 'create', '--id', 'bad', '--ring', 'dc-1,,dc-2']);
    expect(spec.code).toBe(2);
    expect(spec.stderr).toContain('vigie rollout: --ring #1 (ring 0): "dc-1,,dc-2" has an empty item');

    const created = await vigie(['rollout', 'create', '--id', 'kb-dc', '--kind', 'patch', '--ref', 'KB5009557', '--ring', 'dc-1', '--ring', 'dc-2', '--ring', 'dc-3,dc-4', '--soak', '1h']);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Rollout kb-dc — active — KB5009557');
    expect(created.stdout).toMatch(/^ {2}2 +— +dc-3,dc-4 +dc-3,dc-4 +1h +—$/m);
    const again = await vigie(['rollout', 'create', '--id', 'kb-dc', '--ring', 'dc-1']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('a rollout "kb-dc" already exists');

    const file = join(db.dir, 'rollout.yaml');
    writeFileSync(file, 'id: sip-proc\nkind: procedure\nrings:\n  - { monitors: [dc-1], soak: 0s }\n  - { services: [directory], soak: 1h }\n');
    const fromFile = await vigie(['rollout', 'create', '--file', file]);
    expect(fromFile.code).toBe(2);
    expect(fromFile.stderr).toContain('vigie rollout: rollout.yaml: rings[1]: rings overlap: monitor "dc-1" is already in ring 0');
    writeFileSync(file, 'id: sip-proc\nkind: procedure\nrings:\n  - { monitors: [dc-1], soak: 0s }\n  - { monitors: [dc-2, dc-3], soak: 1h }\n');
    const good = await vigie(['rollout', 'create', '--file', file, '--json']);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ id: 'sip-proc', kind: 'procedure', rings: [{ reaches: ['dc-1'], soak_ms: 0 }, { reaches: ['dc-2', 'dc-3'], soak_ms: 3_600_000 }] });

    const list = await vigie(['rollout', 'list'], { VIGIE_TOKEN: viewer });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^kb-dc +active +patch +KB5009557 +dc-1 \| dc-2 \| dc-3,dc-4 +.* UTC +KB5009557$/m);
    expect(list.stdout).toMatch(/^sip-proc +active +procedure/m);
  }, 300_000); // CLI child processes, each starting Node and TypeScript: slow on a busy 2-core machine

  it('guards the rings: 0 go, 1 no-go with the reason, 2 whenever the guard cannot be asked or read', async () => {
    const notDeployed = await vigie(['guard', 'check', '--rollout', 'kb-dc', '--ring', '1'], { VIGIE_TOKEN: viewer });
    expect(notDeployed.code).toBe(1);
    expect(notDeployed.stdout).toContain('no-go: ring 1 of rollout kb-dc');
    expect(notDeployed.stdout).toMatch(/^ {2}ring_not_deployed: ring 0 \(dc-1\) has not been deployed yet: deploy it before ring 1 \(dc-2\)$/m);
    const french = await vigie(['guard', 'check', '--rollout', 'kb-dc', '--ring', '1', '--lang', 'fr']);
    expect(french.code).toBe(1);
    expect(french.stdout).toContain('feu rouge : anneau 1 du déploiement kb-dc');
    expect(french.stdout).toContain('anneau 0 (dc-1) pas encore déployé');
    const first = await vigie(['guard', 'check', '--rollout', 'kb-dc', '--ring', '0']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('go: ring 0 of rollout kb-dc');

    const nobody = await vigie(['guard', 'check', '--rollout', 'kb-dc', '--ring', '0'], { VIGIE_URL: `http://127.0.0.1:${await closedPort()}` });
    expect(nobody.code).toBe(2);
    expect(nobody.stdout).toBe('');
    expect(nobody.stderr).toMatch(/^vigie guard: cannot reach Vigie at http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/m);
    const badToken = await vigie(['guard', 'check', '--rollout', 'kb-dc', '--ring', '0'], { VIGIE_TOKEN: generateToken() });
    expect(badToken.code).toBe(2);
    expect(badToken.stderr).toContain('the bearer token is not valid or was revoked (HTTP 401');
    const noRollout = await vigie(['guard', 'check', '--rollout', 'kb-nope', '--ring', '0']);
    expect(noRollout.code).toBe(2);
    expect(noRollout.stderr).toContain('rollout "kb-nope" not found (HTTP 404');
    const noRing = await vigie(['guard', 'check', '--rollout', 'kb-dc', '--ring', '7']);
    expect(noRing.code).toBe(2);
    expect(noRing.stderr).toContain('vigie guard: --ring: must be between 0 and 2');
    const html = await vigie(['guard', 'check', '--rollout', 'kb-dc', '--ring', '0'], { VIGIE_URL: `${fakeUrl}/html/` });
    expect(html.code).toBe(2);
    expect(html.stderr).toContain('answered HTTP 200 with not JSON (text/html)');
    const half = await vigie(['guard', 'check', '--rollout', 'kb-dc', '--ring', '0'], { VIGIE_URL: fakeUrl });
    expect(half.code).toBe(2);
    expect(half.stderr).toContain('answered HTTP 200 with not the expected answer');
  }, 300_000); // CLI child processes, each starting Node and TypeScript: slow on a busy 2-core machine

  it('waits on a soaking ring until its timeout (exit 1), and stops at once on a no-go that waiting cannot clear', async () => {
    expect((await fetch(`${app.url}/api/v1/push/${beats['dc-1']}`)).status).toBe(200);
    const step = await vigie(['change', 'record', '--rollout', 'kb-dc', '--ring', '0', '--summary', 'KB5009557 installed on dc-1']);
    expect(step.code).toBe(0);
    expect(step.stdout).toMatch(/^change #\d+ recorded \(patch KB5009557\), deployment of ring 0 of rollout kb-dc: reaches dc-1$/m);
    await waitFor('ring 0 soaking', async () => {
      const res = await fetch(`${app.url}/api/v1/rollouts/kb-dc/guard?ring=1&record=false`, { headers: { authorization: `Bearer ${viewer}` } });
      const body = (await res.json()) as { reasons: Array<{ code: string }> };
      return body.reasons.length === 1 && body.reasons[0]!.code === 'ring_soaking';
    });

    const soaking = await vigie(['guard', 'wait', '--rollout', 'kb-dc', '--ring', '1', '--timeout', '2s', '--every', '1s']);
    expect(soaking.code).toBe(1);
    expect(soaking.stdout).toMatch(/^ {2}ring_soaking: ring 0 \(dc-1\) healthy for .* of its 1 h 00 min soak; .* to go$/m);
    expect(soaking.stderr).toContain('vigie guard: still no-go after 2s (--timeout)');

    const notDeployed = await vigie(['guard', 'wait', '--rollout', 'kb-dc', '--ring', '2', '--timeout', '10m', '--every', '1s']);
    expect(notDeployed.code).toBe(1);
    expect(notDeployed.stdout).toContain('ring_not_deployed: ring 1 (dc-2) has not been deployed yet');
    expect(notDeployed.stderr).toContain('vigie guard: no-go that waiting cannot clear (ring_not_deployed)');

    const aborted = await vigie(['rollout', 'abort', 'sip-proc']);
    expect(aborted.code).toBe(0);
    expect(aborted.stdout).toBe('Rollout sip-proc aborted\n');
    const closed = await vigie(['guard', 'wait', '--rollout', 'sip-proc', '--ring', '0', '--timeout', '10m', '--json']);
    expect(closed.code).toBe(1);
    expect(JSON.parse(closed.stdout)).toMatchObject({ rollout: 'sip-proc', ring: 0, verdict: 'no-go', reasons: [{ code: 'rollout_closed' }] });

    const shown = await vigie(['rollout', 'show', 'kb-dc']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^ {2}0 +— +dc-1 +dc-1 +1h +\d{4}-\d\d-\d\d \d\d:\d\d UTC \(change #\d+\)$/m);
    expect(shown.stdout).toContain('ring 0 (dc-1) deployed: KB5009557 installed on dc-1');
    expect(shown.stdout).toMatch(/guard for ring 1: no-go — ring 0 \(dc-1\) healthy for/);
  }, 300_000); // CLI child processes, each starting Node and TypeScript: slow on a busy 2-core machine
});
