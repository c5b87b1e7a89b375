/**
 * The done-when of issue 14 end to end, on SQLite and PostgreSQL, with real pushes, real SIP
 * servers and the guard asked the way a pipeline asks it:
 * - four heartbeat-pushing domain controllers in a redundancy group; a rollout of KB5009557 in
 *   rings dc-1 | dc-2 | dc-3, dc-4; dc-1 is patched (change recorded) and starts a reboot loop →
 *   dc-1 down, an incident whose likely cause is KB5009557 (API and timeline); the guard says
 *   no-go for ring 1 naming dc-1's reboot loop; the change is rolled back, dc-1 boots stably, the
 *   guard says no-go while ring 0 soaks, then go; the rollout's timeline holds it all;
 * - the same with six SIP servers (SIPp UAS on loopback) and a "procedure" change: sip-1's
 *   server stops after the procedure, and comes back after the rollback.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { generateToken, hashToken } from '../../src/api/tokens.js';
import type { Transition } from '../../src/engine/monitor-state.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';
import { DIALECTS, dialectAvailable } from '../helpers/databases.js';
import { boundOnLoopback, sippBinary, startSippUas, type SippUas } from '../helpers/sipp.js';
import { runVigie } from '../helpers/vigie-process.js';

/** What the guard answered: the exit code a pipeline sees (0 go, 1 no-go, 2 error), the words, the reason codes. */
interface GuardAnswer {
  exit: number;
  text: string;
  codes: string[];
}

interface RolloutEventView {
  kind: string;
  ring: number | null;
  verdict: 'go' | 'no-go' | null;
  text: { en: string; fr: string };
  details: Record<string, unknown> | null;
}

/** A running Vigie, an editor token, and the API and guard as a pipeline uses them. */
interface Lab {
  app: App;
  token: string;
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  guard(rollout: string, ring: number): Promise<GuardAnswer>;
}

const ringSoak = '20s'; // long enough that the first guard check after a recovery is surely within it, even on a loaded machine

async function openLab(app: App): Promise<Lab> {
  const token = generateToken();
  await app.store.tokens.create({ id: 'tok-pipeline', name: 'pipeline', role: 'editor', tokenHash: hashToken(token) }, Date.now());
  const api = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const res = await fetch(`${app.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  // `vigie guard check` as a pipeline runs it: a child process talking to the server over HTTP.
  const guard = async (rollout: string, ring: number): Promise<GuardAnswer> => {
    const run = await runVigie(['guard', 'check', '--rollout', rollout, '--ring', String(ring), '--url', app.url, '--token', token], { VIGIE_URL: '', VIGIE_TOKEN: '' }, 120_000);
    const verdict = run.code === 0 ? 'go' : 'no-go';
    if (run.code === 0 || run.code === 1) expect(run.stdout.split('\n')[0], run.stderr).toBe(`${verdict}: ring ${ring} of rollout ${rollout}`);
    const codes = [...run.stdout.matchAll(/^ {2}([a-z_]+): /gm)].map((m) => m[1]!).filter((code) => code !== 'ok');
    return { exit: run.code ?? -1, text: `${run.stdout}${run.stderr}`, codes };
  };
  return { app, token, api, guard };
}

/** The newest stored transition of `monitorId` to `state` after transition id `after` (the outbox is the source of truth). */
async function storedTransition(app: App, monitorId: string, state: string, after = 0): Promise<Transition | undefined> {
  const page = await app.store.transitions.list({ monitorId }, { limit: 50 });
  return page.items.find((t) => t.kind === 'state' && t.toState === state && t.id > after);
}

/** The newest stored transition id of a monitor (0 when none). */
async function lastTransitionId(app: App, monitorId: string): Promise<number> {
  return (await app.store.transitions.list({ monitorId }, { limit: 1 })).items[0]?.id ?? 0;
}

/** The active incident covering `monitorId`. */
async function incidentOn(app: App, monitorId: string) {
  return (await app.store.incidents.active()).find((i) => i.status !== 'resolved' && i.affected.includes(`monitor:${monitorId}`));
}

/** Runs the rollout from ring 0's change to the go for ring 1, with `breakRing0`/`repairRing0` doing what went wrong and the fix. */
interface RolloutCase {
  rollout: { id: string; kind: string; external_ref: string; title: string; rings: Array<{ name?: string; monitors: string[]; soak: string }> };
  change: { summary: string; source: string };
  /** The ring-0 monitor that fails. */
  victim: string;
  /** The monitors that stay up throughout. */
  others: string[];
  /** What the failure is called in the victim's down transition and in the guard's no-go. */
  failure: RegExp;
  /** The guard reason expected for the victim while it fails. */
  failureCode: 'reboot_loop' | 'ring_unhealthy';
  breakRing0(): Promise<void>;
  repairRing0(): Promise<void>;
}

/** Registers the tests of one case, in order; `lab()` gives the running lab. */
function rolloutTests(lab: () => Lab, c: RolloutCase, skip: boolean): void {
  const state: { changeId?: number; incidentId?: number; downId?: number } = {};
  const ref = c.rollout.external_ref;

  it.skipIf(skip)('creates the rollout in rings; the guard refuses ring 1 before ring 0 is deployed', async () => {
    const { api, guard } = lab();
    const created = await api('POST', '/api/v1/rollouts', c.rollout);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.rings.map((r: { reaches: string[] }) => r.reaches)).toEqual(c.rollout.rings.map((r) => [...r.monitors].sort()));
    const early = await guard(c.rollout.id, 1);
    expect(early.exit, early.text).toBe(1);
    expect(early.codes).toEqual(['ring_not_deployed']);
  }, 120_000);

  it.skipIf(skip)(`records ring 0's change; ${c.victim} fails; the incident names ${ref} as the likely cause`, async () => {
    const { app, api } = lab();
    const before = await lastTransitionId(app, c.victim);
    const recorded = await api('POST', '/api/v1/changes', { ...c.change, rollout: c.rollout.id, ring: 0, links: [{ href: 'https://change.example.test/' + ref, text: ref }] });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    expect(recorded.body).toMatchObject({ kind: c.rollout.kind, external_ref: ref, rollout: c.rollout.id, ring: 0, reaches: [c.victim], author: 'pipeline', rolled_back_at: null });
    state.changeId = recorded.body.id as number;

    await c.breakRing0();
    const down = await waitFor(`${c.victim} down`, () => storedTransition(app, c.victim, 'down', before), 60_000, 250);
    expect(down.reason).toMatch(c.failure);
    state.downId = down.id;
    for (const other of c.others) expect(app.engine.stateOf(other)?.state, other).toBe('up');

    const incident = await waitFor(`an incident on ${c.victim}`, () => incidentOn(app, c.victim), 30_000, 250);
    state.incidentId = incident.id;
    const suspects = await api('GET', `/api/v1/incidents/${incident.id}/suspects`);
    expect(suspects.status).toBe(200);
    expect(suspects.body.likely_cause?.change).toBe(state.changeId);
    expect(suspects.body.likely_cause.text.en).toMatch(new RegExp(`^likely cause: ${ref} \\(${c.rollout.kind}\\) on ${c.victim}, `));
    expect(suspects.body.likely_cause.text.fr).toMatch(new RegExp(`^cause probable : ${ref} \\(`));
    expect(suspects.body.items[0]).toMatchObject({ rank: 1, link: 'same_monitor', change: { id: state.changeId, external_ref: ref } });

    // The recorder runs in the notification loop: the timeline gets its 'change' entry at a later pass.
    const entry = await waitFor('the suspects on the incident timeline', async () => {
      const detail = await api('GET', `/api/v1/incidents/${incident.id}`);
      return (detail.body?.timeline as Array<{ kind: string; text: { en: string; fr: string }; details: any }> | undefined)?.find((e) => e.kind === 'change');
    }, 30_000, 250);
    expect(entry.text.en).toMatch(new RegExp(`^Likely cause: ${ref} \\(${c.rollout.kind}\\) on ${c.victim}, .*Suspect changes: ${ref} `));
    expect(entry.text.fr).toMatch(new RegExp(`^Cause probable : ${ref} \\(.*Changements suspects : ${ref} `));
    expect(entry.details.likelyCause.change).toBe(state.changeId);
  }, 180_000);

  it.skipIf(skip)(`says no-go for ring 1 while ${c.victim} fails, naming it`, async () => {
    const { guard } = lab();
    const answer = await guard(c.rollout.id, 1);
    expect(answer.exit, answer.text).toBe(1);
    expect(answer.codes).toContain(c.failureCode);
    expect(answer.codes).not.toContain('ring_soaking');
    expect(answer.text).toMatch(new RegExp(`${c.victim} \\(ring 0\\) ${c.failureCode === 'reboot_loop' ? 'is in a reboot loop' : 'is down'}`));
    expect(answer.text).toMatch(c.failure);
  }, 120_000);

  it.skipIf(skip)(`after the rollback and ${c.victim}'s recovery: no-go while ring 0 soaks, then go`, async () => {
    const { app, api, guard } = lab();
    const rolledBack = await api('POST', `/api/v1/changes/${state.changeId}/rollback`, { note: `${ref} undone` });
    expect(rolledBack.status, JSON.stringify(rolledBack.body)).toBe(200);
    expect(rolledBack.body.rolled_back_by).toBe('pipeline');
    await c.repairRing0();
    await waitFor(`${c.victim} up again`, () => storedTransition(app, c.victim, 'up', state.downId), 150_000, 250);

    const soaking = await guard(c.rollout.id, 1);
    expect(soaking.exit, soaking.text).toBe(1);
    expect(soaking.codes).toContain('ring_soaking');
    expect(soaking.codes).not.toContain(c.failureCode);
    expect(soaking.text).toMatch(new RegExp(`ring 0 \\(${c.victim}\\) healthy for .* of its 20 ?s soak`));

    const go = await waitFor('go for ring 1', async () => {
      const answer = await guard(c.rollout.id, 1);
      return answer.exit === 0 ? answer : undefined;
    }, 120_000, 1000);
    expect(go.codes).toEqual([]);
    expect(go.text).toMatch(new RegExp(`ring 0 \\(${c.victim}\\) healthy for .*its change #${state.changeId} was rolled back`));
    expect((await app.store.incidents.get(state.incidentId!))?.status).toBe('resolved');
  }, 300_000);

  it.skipIf(skip)("keeps the change, the decisions and the rollback on the rollout's timeline", async () => {
    const { api } = lab();
    const detail = await api('GET', `/api/v1/rollouts/${c.rollout.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.rings[0]).toMatchObject({ change: state.changeId, reaches: [c.victim] });
    const timeline = detail.body.timeline as RolloutEventView[];
    const index = (what: string, test: (e: RolloutEventView) => boolean) => {
      const i = timeline.findIndex(test);
      expect(i, `${what} in ${JSON.stringify(timeline.map((e) => e.text.en))}`).toBeGreaterThanOrEqual(0);
      return i;
    };
    const reasons = (e: RolloutEventView) => (e.details?.reasons as string[] | undefined) ?? [];
    const created = index('created', (e) => e.kind === 'created');
    const change = index('the ring-0 change', (e) => e.kind === 'change' && e.ring === 0 && (e.details?.change as number) === state.changeId);
    const failing = index('the no-go on the failure', (e) => e.kind === 'decision' && e.ring === 1 && e.verdict === 'no-go' && reasons(e).includes(c.failureCode));
    const rollback = index('the rollback', (e) => e.kind === 'rolled_back' && (e.details?.change as number) === state.changeId);
    const soaking = index('the no-go while soaking', (e) => e.kind === 'decision' && e.ring === 1 && e.verdict === 'no-go' && reasons(e).includes('ring_soaking'));
    const go = index('the go', (e) => e.kind === 'decision' && e.ring === 1 && e.verdict === 'go');
    expect([created, change, failing, rollback, soaking, go]).toEqual([...[created, change, failing, rollback, soaking, go]].sort((a, b) => a - b));
    expect(timeline[change]!.text.en).toContain(`ring 0 (${c.victim}) deployed`);
    expect(timeline[failing]!.text.en).toContain(`guard for ring 1: no-go — ${c.victim} (ring 0)`);
    expect(timeline[rollback]!.text.en).toBe(`change #${state.changeId} rolled back by pipeline (${ref} undone)`);
    expect(timeline[go]!.text.en).toMatch(/^guard for ring 1: go — /);
  }, 60_000);
}

// ---- four domain controllers and KB5009557 ---------------------------------------------------

const DCS = ['dc-1', 'dc-2', 'dc-3', 'dc-4'] as const;
const PUSH_EVERY_MS = 2000; // the push rate limit regains one request every 2 s per token

/**
 * Domain controllers pushing heartbeats every 2 s with their boot id and uptime. A controller in
 * a reboot loop boots again before each push (a new boot id, an uptime of a second).
 */
class DomainControllers {
  readonly tokens = Object.fromEntries(DCS.map((id) => [id, randomBytes(16).toString('hex')])) as Record<(typeof DCS)[number], string>;
  readonly refused: string[] = [];
  private readonly boots = new Map<string, { bootId: string; bootedAt: number; looping: boolean; count: number }>();
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor() {
    // Stable for a day already: their first boot is outside any reboot-loop window.
    for (const id of DCS) this.boots.set(id, { bootId: `${id}-boot-0`, bootedAt: Date.now() - 86_400_000, looping: false, count: 0 });
  }

  start(url: string): void {
    this.running = (async () => {
      while (!this.stopped) {
        await Promise.all(DCS.map((id) => this.push(url, id)));
        await new Promise((resolve) => setTimeout(resolve, PUSH_EVERY_MS));
      }
    })();
  }

  loop(id: string, on: boolean): void {
    this.boots.get(id)!.looping = on;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async push(url: string, id: (typeof DCS)[number]): Promise<void> {
    const boot = this.boots.get(id)!;
    if (boot.looping) Object.assign(boot, { bootId: `${id}-boot-${++boot.count}`, bootedAt: Date.now() - 1000 });
    const body = { status: 'up', boot_id: boot.bootId, uptime: Math.round((Date.now() - boot.bootedAt) / 1000) };
    try {
      const res = await fetch(`${url}/api/v1/push/${this.tokens[id]}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (res.status !== 200) this.refused.push(`${id}: ${res.status} ${await res.text()}`);
    } catch (err) {
      if (!this.stopped) this.refused.push(`${id}: ${String(err)}`);
    }
  }
}

function dcConfig(dcs: DomainControllers): string {
  const monitors = DCS.map(
    (id) => `  - id: ${id}
    name: Domain controller ${id.slice(3)}
    tags: [domain-controllers]
    interval: 1s
    confirmations: { down: 1, up: 1 }
    heartbeat: { token: ${dcs.tokens[id]}, period: 3s, grace: 5s, reboot_loop: { boots: 2, within: 1m } }
`,
  );
  return `server: { host: 127.0.0.1, port: 0 }
scheduler: { batch: { size: 50, interval: 200ms } }
monitors:
${monitors.join('')}services:
  - id: domain-controllers
    name: { en: Domain controllers, fr: Contrôleurs de domaine }
    criticality: vital
    redundancy: { members: [${DCS.join(', ')}], min_healthy: 3, member_label: { en: domain controllers, fr: contrôleurs de domaine } }
incidents: { resolve_after: 1s }
`;
}

for (const dialect of DIALECTS) {
  describe(`rollout guard: KB5009557 on four domain controllers (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'rollout guard end-to-end tests');
    const dcs = new DomainControllers();
    let db: AppDatabase;
    let lab: Lab | undefined;

    beforeAll(async () => {
      if (!available) return;
      db = appDatabase(dialect);
      const configPath = join(db.dir, 'vigie.yaml');
      writeFileSync(configPath, dcConfig(dcs));
      const app = await startApp({ ...db.appOptions(configPath), watch: false, incidents: { pollMs: 200 } });
      lab = await openLab(app);
      dcs.start(app.url);
    }, 120_000);

    afterAll(async () => {
      if (!available) return;
      await dcs.stop();
      await lab?.app.close();
      await db?.cleanup();
    }, 60_000);

    it.skipIf(!available)('sees the four domain controllers up from their heartbeats', async () => {
      const app = lab!.app;
      await waitFor('four controllers up', async () => (await Promise.all(DCS.map((id) => storedTransition(app, id, 'up')))).every(Boolean), 60_000, 250);
      expect(dcs.refused).toEqual([]);
    }, 120_000);

    rolloutTests(
      () => lab!,
      {
        rollout: {
          id: 'kb5009557-dc',
          kind: 'patch',
          external_ref: 'KB5009557',
          title: 'January Patch Tuesday on the domain controllers',
          rings: [
            { name: 'first domain controller', monitors: ['dc-1'], soak: ringSoak },
            { monitors: ['dc-2'], soak: '3s' },
            { monitors: ['dc-3', 'dc-4'], soak: '3s' },
          ],
        },
        change: { summary: 'KB5009557 installed on dc-1', source: 'wsus' },
        victim: 'dc-1',
        others: ['dc-2', 'dc-3', 'dc-4'],
        failure: /reboot loop: \d+ boots in /,
        failureCode: 'reboot_loop',
        breakRing0: async () => dcs.loop('dc-1', true),
        // Uninstalled: dc-1 boots once more and stays up (same boot id, rising uptime); the loop ends once its boots leave the 1 min window.
        repairRing0: async () => dcs.loop('dc-1', false),
      },
      !available,
    );

    it.skipIf(!available)('never had a heartbeat refused', () => {
      expect(dcs.refused).toEqual([]);
    });
  });
}

// ---- six SIP servers and a procedure -------------------------------------------------------

const sipp = sippBinary('rollout guard SIP end-to-end tests');
const SIPS = ['sip-1', 'sip-2', 'sip-3', 'sip-4', 'sip-5', 'sip-6'];
const SIPP_FIXTURES = fileURLToPath(new URL('../fixtures/sipp/', import.meta.url));

/**
 * A SIPp UAS answering 200 on a given UDP port: sip-1's server started again on its port after
 * the rollback (the helper picks a new free port at each start).
 */
async function restartSippOn(binary: string, port: number): Promise<() => Promise<void>> {
  const cwd = mkdtempSync(join(tmpdir(), 'vigie-sipp-'));
  const child: ChildProcess = spawn(binary, ['-sf', join(SIPP_FIXTURES, 'options-200.xml'), '-i', '127.0.0.1', '-p', String(port), '-t', 'u1', '-m', '1000', '-timeout', '600s', '-nostdin'], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
  const stop = async () => {
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
    rmSync(cwd, { recursive: true, force: true });
  };
  await waitFor(`sipp bound again on udp 127.0.0.1:${port}`, () => {
    if (child.exitCode !== null) throw new Error(`sipp exited (${child.exitCode}): ${stderr.trim()}`);
    return boundOnLoopback('udp', port);
  }, 10_000, 50).catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  return stop;
}

function sipConfig(servers: readonly SippUas[]): string {
  const monitors = SIPS.map(
    (id, i) => `  - id: ${id}
    name: Call server ${i + 1}
    tags: [call-servers]
    interval: 2s
    timeout: 1500ms
    confirmations: { down: 2, up: 1 }
    sip: { host: 127.0.0.1, port: ${servers[i]!.port}, transport: udp }
`,
  );
  return `server: { host: 127.0.0.1, port: 0 }
scheduler: { batch: { size: 50, interval: 200ms } }
monitors:
${monitors.join('')}services:
  - id: call-servers
    name: { en: Call servers, fr: Serveurs d’appels }
    criticality: vital
    redundancy: { members: [${SIPS.join(', ')}], min_healthy: 4, member_label: { en: call servers, fr: serveurs d’appels } }
incidents: { resolve_after: 1s }
`;
}

for (const dialect of DIALECTS) {
  describe.skipIf(!sipp)(`rollout guard: a procedure on six SIP servers (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'rollout guard SIP end-to-end tests');
    const servers: SippUas[] = [];
    let restarted: (() => Promise<void>) | undefined;
    let db: AppDatabase;
    let lab: Lab | undefined;

    beforeAll(async () => {
      if (!available) return;
      for (let i = 0; i < SIPS.length; i++) servers.push(await startSippUas(sipp!, { answer: 200, transport: 'udp', maxCalls: 1000 }));
      db = appDatabase(dialect);
      const configPath = join(db.dir, 'vigie.yaml');
      writeFileSync(configPath, sipConfig(servers));
      lab = await openLab(await startApp({ ...db.appOptions(configPath), watch: false, incidents: { pollMs: 200 } }));
    }, 120_000);

    afterAll(async () => {
      if (!available) return;
      await lab?.app.close();
      await Promise.all([...servers.map((s) => s.stop()), restarted?.()]);
      await db?.cleanup();
    }, 60_000);

    it.skipIf(!available)('sees the six SIP servers up', async () => {
      const app = lab!.app;
      await waitFor('six SIP servers up', async () => (await Promise.all(SIPS.map((id) => storedTransition(app, id, 'up')))).every(Boolean), 60_000, 250);
    }, 120_000);

    rolloutTests(
      () => lab!,
      {
        rollout: {
          id: 'sip-procedure',
          kind: 'procedure',
          external_ref: 'PROC-SIP-017',
          title: 'Routine procedure on the call servers, one server first',
          rings: [
            { name: 'first call server', monitors: ['sip-1'], soak: ringSoak },
            { monitors: ['sip-2', 'sip-3', 'sip-4', 'sip-5', 'sip-6'], soak: '3s' },
          ],
        },
        change: { summary: 'Routine procedure run on sip-1', source: 'runbook' },
        victim: 'sip-1',
        others: SIPS.slice(1),
        failure: /no answer to OPTIONS after \d+ transmissions?/,
        failureCode: 'ring_unhealthy',
        breakRing0: () => servers[0]!.stop(),
        repairRing0: async () => {
          restarted = await restartSippOn(sipp!, servers[0]!.port);
        },
      },
      !available,
    );
  });
}
