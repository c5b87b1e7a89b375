/**
 * @module `vigie domain` as a child process (through tsx) against a local RDAP registry and local
 * DNS servers (a parent zone, the zone's two name servers, two resolvers): the readable report,
 * `--json`, and the exit codes 0 (up), 1 (not up) and 2 (bad input).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Answer } from 'dns-packet';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDnsServer, type DnsTestServer } from '../helpers/dns-server.js';
import { startRdapServer, type RdapServer } from '../helpers/rdap-server.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const DOMAIN = 'example.test';
const NS = [`ns1.${DOMAIN}`, `ns2.${DOMAIN}`];

let rdap: RdapServer;
let parent: DnsTestServer;
let zone: DnsTestServer[];
let resolvers: DnsTestServer[];

function serveHealthyDomain(): void {
  parent.reset();
  parent.flags = { authoritative: false, recursionAvailable: false };
  parent.handler = (q) =>
    q.name.toLowerCase() === DOMAIN ? { type: 'response', authorities: NS.map((data) => ({ name: DOMAIN, type: 'NS', ttl: 86_400, data }) as Answer) } : undefined;
  for (const server of zone) server.reset().add(...NS.map((data) => ({ name: DOMAIN, type: 'NS', ttl: 3600, data }) as Answer));
  for (const server of resolvers) {
    server.reset().add({ name: DOMAIN, type: 'A', ttl: 300, data: '192.0.2.10' }, { name: DOMAIN, type: 'MX', ttl: 3600, data: { preference: 10, exchange: `mail.${DOMAIN}` } });
    server.flags = { authoritative: false, recursionAvailable: true };
  }
  rdap.set(DOMAIN, { kind: 'record', record: { name: DOMAIN, nameservers: NS, registrar: 'Registrar Exemple SA', expiresInDays: 200 } });
}

beforeAll(async () => {
  rdap = await startRdapServer();
  const servers = await Promise.all(Array.from({ length: 5 }, () => startDnsServer()));
  parent = servers[0]!;
  zone = servers.slice(1, 3);
  resolvers = servers.slice(3);
});
afterAll(async () => {
  await Promise.all([rdap.close(), parent.close(), ...zone.map((s) => s.close()), ...resolvers.map((s) => s.close())]);
});
beforeEach(serveHealthyDomain);

function args(extra: string[] = []): string[] {
  return [
    'domain',
    DOMAIN,
    '--rdap-url',
    rdap.url,
    '--parent-server',
    parent.hostPort,
    '--resolver',
    ...resolvers.map((r) => r.hostPort),
    '--ns-address',
    `${NS[0]}=${zone[0]!.hostPort}`,
    `${NS[1]}=${zone[1]!.hostPort}`,
    '--expect-ns',
    ...NS,
    '--timeout',
    '5s',
    ...extra,
  ];
}

/** Runs `vigie <argv>` and collects its output; killed after 60 s at most. */
function vigie(argv: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...argv], {
    env: { ...process.env, VIGIE_RDAP_BOOTSTRAP_URL: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) =>
    child.once('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    }),
  );
}

describe('vigie domain', () => {
  it('prints a readable report and exits 0 when the domain is healthy', async () => {
    const { code, stdout, stderr } = await vigie(args());
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Domain ${DOMAIN}: UP\\n`));
    expect(stdout).toContain(`Registry (rdap ${rdap.url})`);
    expect(stdout).toMatch(/status: +ok\n/);
    expect(stdout).toMatch(/registrar: +Registrar Exemple SA\n/);
    expect(stdout).toMatch(/DNSSEC: +signed\n/);
    expect(stdout).toMatch(new RegExp(`parent: +${NS.join(', ')} \\(NS TTL 86400 s\\)\\n`));
    expect(stdout).toMatch(new RegExp(`zone: +${NS.join(', ')}\\n`));
    expect(stdout).toContain(`${resolvers[0]!.hostPort}`);
    expect(stdout).toContain(`A 192.0.2.10 (300 s); AAAA (none); MX 10 mail.${DOMAIN} (3600 s)`);
    expect(stdout).toContain('caches may keep answering up to 86400 s after a registry hold');
    expect(stdout).toMatch(/Verdict: UP\n/);
  }, 120_000);

  it('reports a client hold and a missing delegation as DOWN with their reasons, exit 1, and the same in --json', async () => {
    rdap.set(DOMAIN, { kind: 'record', record: { name: DOMAIN, nameservers: NS, status: ['client hold'] } });
    parent.handler = undefined; // the registry removed the delegation: NXDOMAIN
    const text = await vigie(args());
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(new RegExp(`^Domain ${DOMAIN}: DOWN\\n`));
    expect(text.stdout).toMatch(/status: +clientHold\n/);
    expect(text.stdout).toMatch(/parent: +not delegated\n/);
    expect(text.stdout).toMatch(/ {2}- domain: DOWN — .*on hold at the registry \(clientHold\)/);
    expect(text.stdout).toContain(`  - delegation: DOWN — ${DOMAIN} is not delegated by its parent zone (NXDOMAIN from ${parent.hostPort})`);

    const json = await vigie(args(['--json']));
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as {
      name: string;
      status: string;
      reasons: Array<{ check: string; status: string; message: string; messages?: { fr?: string } }>;
      domain: { status: string; details: { status: string[] } };
      delegation: { status: string; details: { parent: { delegated: boolean }; ttl: { horizon: number } } };
    };
    expect(report).toMatchObject({ name: DOMAIN, status: 'down' });
    expect(report.reasons.map((r) => [r.check, r.status])).toEqual([
      ['domain', 'down'],
      ['delegation', 'down'],
    ]);
    expect(report.reasons[0]!.messages?.fr).toContain('suspendu au registre');
    expect(report.domain.details.status).toEqual(['clientHold']);
    expect(report.delegation.details.parent.delegated).toBe(false);
    expect(report.delegation.details.ttl.horizon).toBe(3600);
  }, 120_000);

  it('exits 2 on bad input, naming the field', async () => {
    const bad = await vigie(['domain', DOMAIN, '--parent-server', 'a.nic.test', '--rdap-url', rdap.url]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('delegation.parent_servers.0: must be an IP address');
    const usage = await vigie(['domain']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("missing required argument 'name'");
  }, 120_000);
});
