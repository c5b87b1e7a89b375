/**
 * End to end, on SQLite and PostgreSQL: a Vigie whose config watches a domain with the
 * `domains:` shortcut, against a local RDAP registry and local DNS servers (a parent zone, the
 * zone's two name servers, two resolvers). The registry puts the domain on client hold → the
 * domain monitor goes down at its next run, the transition's reason naming the status; lifting
 * the hold brings it up. The parent zone dropping the delegation takes the delegation monitor down.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Answer } from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import type { Transition } from '../../src/engine/monitor-state.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';
import { DIALECTS, dialectAvailable } from '../helpers/databases.js';
import { startDnsServer, type DnsTestServer } from '../helpers/dns-server.js';
import { startRdapServer, type RdapServer } from '../helpers/rdap-server.js';

const DOMAIN = 'example.test';
const NS = [`ns1.${DOMAIN}`, `ns2.${DOMAIN}`];
const DOMAIN_ID = 'domain-example-test';
const DELEGATION_ID = 'delegation-example-test';
const HEALTHY = { kind: 'record', record: { name: DOMAIN, nameservers: NS } } as const;

/** The DNS side: a parent zone delegating the domain, its two name servers, two resolvers. */
interface DnsLab {
  parent: DnsTestServer;
  zone: DnsTestServer[];
  resolvers: DnsTestServer[];
  delegate(on: boolean): void;
  close(): Promise<void>;
}

async function startDnsLab(): Promise<DnsLab> {
  const servers = await Promise.all(Array.from({ length: 5 }, () => startDnsServer()));
  const [parent, ...rest] = servers as [DnsTestServer, ...DnsTestServer[]];
  const zone = rest.slice(0, 2);
  const resolvers = rest.slice(2);
  parent.flags = { authoritative: false, recursionAvailable: false };
  for (const z of zone) z.add(...NS.map((data) => ({ name: DOMAIN, type: 'NS', ttl: 3600, data }) as Answer));
  for (const r of resolvers) {
    r.flags = { authoritative: false, recursionAvailable: true };
    r.add({ name: DOMAIN, type: 'A', ttl: 300, data: '192.0.2.10' }, { name: DOMAIN, type: 'MX', ttl: 3600, data: { preference: 10, exchange: `mail.${DOMAIN}` } });
  }
  const referral = (q: { name: string }) =>
    q.name.toLowerCase() === DOMAIN ? { type: 'response' as const, authorities: NS.map((data) => ({ name: DOMAIN, type: 'NS', ttl: 86_400, data }) as Answer) } : undefined;
  return {
    parent,
    zone,
    resolvers,
    delegate: (on) => void (parent.handler = on ? referral : undefined),
    close: async () => void (await Promise.all(servers.map((s) => s.close()))),
  };
}

function configText(rdap: RdapServer, dns: DnsLab): string {
  return `server: { host: 127.0.0.1, port: 0 }
scheduler: { batch: { size: 50, interval: 200ms } }
domains:
  - name: ${DOMAIN}
    rdap_url: "${rdap.url}"
    expected_nameservers: [${NS.join(', ')}]
    parent_servers: ["${dns.parent.hostPort}"]
    resolvers: [${dns.resolvers.map((r) => `"${r.hostPort}"`).join(', ')}]
    nameserver_addresses: { ${NS.map((n, i) => `${n}: "${dns.zone[i]!.hostPort}"`).join(', ')} }
    interval: 1s
    tags: [e2e]
`;
}

for (const dialect of DIALECTS) {
  describe(`domain watching end to end (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'domain end-to-end tests');
    let rdap: RdapServer;
    let dns: DnsLab;
    let db: AppDatabase;
    let app: App;
    const transitions: Transition[] = [];
    const find = (id: string, to: string, after = 0) => transitions.slice(after).find((t) => t.monitorId === id && t.toState === to);

    beforeAll(async () => {
      if (!available) return;
      rdap = await startRdapServer({ [DOMAIN]: HEALTHY });
      dns = await startDnsLab();
      dns.delegate(true);
      db = appDatabase(dialect);
      const configPath = join(db.dir, 'vigie.yaml');
      writeFileSync(configPath, configText(rdap, dns));
      app = await startApp({
        ...db.appOptions(configPath),
      });
      app.bus.on('transition', (t) => transitions.push(t));
    });

    afterAll(async () => {
      if (!available) return;
      await app?.close();
      await Promise.all([rdap?.close(), dns?.close()]);
      await db?.cleanup();
    });

    it.skipIf(!available)('creates both monitors from the shortcut and brings them up', async () => {
      expect(app.config().domains).toHaveLength(1);
      // The first runs may finish before startApp returns (and the listener above is attached): read the stored transitions.
      const storedUp = async (id: string) => (await app.store.transitions.list({ monitorId: id }, { limit: 10 })).items.some((t) => t.kind === 'state' && t.toState === 'up');
      await waitFor('both domain monitors up', async () => (await Promise.all([DOMAIN_ID, DELEGATION_ID].map(storedUp))).every(Boolean));
      const results = await waitFor('a stored delegation result', async () => (await app.store.results.list(DELEGATION_ID, { limit: 1 })).items[0]);
      expect(results.status).toBe('up');
    });

    it.skipIf(!available)('goes down at the next run when the registry puts the domain on client hold, naming the status; recovers when lifted', async () => {
      const mark = transitions.length;
      const requestsBefore = rdap.requests(DOMAIN);
      rdap.set(DOMAIN, { kind: 'record', record: { name: DOMAIN, nameservers: NS, status: ['client hold', 'client transfer prohibited'] } });
      const down = await waitFor('domain monitor down', () => find(DOMAIN_ID, 'down', mark), 30_000);
      expect(down.fromState).toBe('up');
      expect(down.reason).toMatch(/^down: example\.test is on hold at the registry \(clientHold\)/);
      expect(down.reason).not.toContain('confirmed by'); // one result confirms a registry hold: within one interval
      expect(rdap.requests(DOMAIN)).toBeGreaterThan(requestsBefore);
      const stored = await app.store.transitions.list({ monitorId: DOMAIN_ID }, { limit: 10 });
      const states = stored.items.filter((t) => t.kind === 'state').map((t) => t.toState);
      expect(states).toEqual(['down', 'up']); // newest first
      expect(stored.items.find((t) => t.eventType === 'domain.status_changed')?.reason).toContain('clientHold');
      // What the check saw change is recorded as a change of its own (issue 14): the suspect of the domain's incident.
      const recorded = await waitFor('the registry change recorded', async () => (await app.store.changes.list({ monitorId: DOMAIN_ID, kind: 'registry' }, 10)).find((c) => c.summary.includes('clientHold')));
      // Targets: the monitor, and the host names under the domain (its site and mail are suspects' reach too); French words kept.
      expect(recorded).toMatchObject({ origin: 'check', targets: { monitors: [DOMAIN_ID], hosts: [DOMAIN, `**.${DOMAIN}`] }, author: 'vigie' });
      expect((recorded.details['messages'] as { fr: string }).fr).toContain('statut de example.test au registre modifié');
      expect(recorded.transitionId).toBe(stored.items.find((t) => t.eventType === 'domain.status_changed')?.id);

      rdap.set(DOMAIN, HEALTHY);
      const up = await waitFor('domain monitor up again', () => find(DOMAIN_ID, 'up', mark), 30_000);
      expect(up.fromState).toBe('down');
      expect(up.reason).toMatch(/^recovered: /);
    });

    it.skipIf(!available)('takes the delegation monitor down when the parent zone drops the delegation, and back up', async () => {
      const mark = transitions.length;
      dns.delegate(false);
      const down = await waitFor('delegation monitor down', () => find(DELEGATION_ID, 'down', mark), 30_000);
      expect(down.reason).toContain(`${DOMAIN} is not delegated by its parent zone (NXDOMAIN from ${dns.parent.hostPort})`);
      expect(down.reason).toContain('resolution will fail as caches expire (up to 3600 s)');
      dns.delegate(true);
      await waitFor('delegation monitor up again', () => find(DELEGATION_ID, 'up', mark), 30_000);
      expect(app.engine.stateOf(DOMAIN_ID)?.state).toBe('up');
    });
  });
}
