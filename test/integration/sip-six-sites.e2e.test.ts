/**
 * @module The call-server case end to end: a running Vigie watches six call servers (one SIPp UAS
 * per site, on loopback ports, UDP and TCP) with `sip` monitors; all six are up, then all six are
 * stopped together — a common-mode failure — and all six monitors go down. On SQLite and PostgreSQL.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { appDatabase, waitFor, type AppDatabase } from '../helpers/app-database.js';
import { DIALECTS, dialectAvailable } from '../helpers/databases.js';
import { sippBinary, startSippUas, type SippUas } from '../helpers/sipp.js';

const sipp = sippBinary('sip six-sites end-to-end tests');
const SITES = ['paris', 'lyon', 'marseille', 'rennes', 'lille', 'nouméa'].map((name, index) => ({
  id: `call-server-${index + 1}`,
  name: `Call server ${name}`,
  transport: index < 3 ? ('udp' as const) : ('tcp' as const),
}));

function configText(servers: readonly SippUas[]): string {
  const monitors = SITES.map(
    (site, index) => `  - id: ${site.id}
    name: ${site.name}
    tags: [call-servers]
    interval: 2s
    timeout: 1500ms
    sip: { host: 127.0.0.1, port: ${servers[index]!.port}, transport: ${site.transport} }
`,
  );
  return `server: { host: 127.0.0.1, port: 0 }\nscheduler: { batch: { size: 50, interval: 200ms } }\nmonitors:\n${monitors.join('')}`;
}

for (const dialect of DIALECTS) {
  describe.skipIf(!sipp)(`six call servers end to end (${dialect})`, async () => {
    const available = await dialectAvailable(dialect, 'sip six-sites end-to-end tests');
    const servers: SippUas[] = [];
    let db: AppDatabase;
    let app: App | undefined;

    beforeAll(async () => {
      if (!available) return;
      for (const site of SITES) servers.push(await startSippUas(sipp!, { answer: 200, transport: site.transport, maxCalls: 1000 }));
      db = appDatabase(dialect);
      const configPath = join(db.dir, 'vigie.yaml');
      writeFileSync(configPath, configText(servers));
      app = await startApp({ ...db.appOptions(configPath) });
    });

    afterAll(async () => {
      if (!available) return;
      await app?.close();
      await Promise.all(servers.map((server) => server.stop()));
      await db?.cleanup();
    });

    it.skipIf(!available)('sees all six call servers up', async () => {
      await waitFor('six monitors up', () => SITES.every((site) => app!.engine.stateOf(site.id)?.state === 'up'), 30_000);
      // Results are written in batches: wait until each site's latest result is stored.
      const results = await waitFor('six stored results', async () => {
        const pages = await Promise.all(SITES.map((site) => app!.store.results.list(site.id, { limit: 1 })));
        return pages.every((page) => page.items.length > 0) ? pages : null;
      }, 30_000);
      for (const page of results) {
        expect(page.items[0]?.status).toBe('up');
        expect(page.items[0]?.message).toMatch(/^SIP 200 OK in /);
      }
    });

    it.skipIf(!available)('sees all six go down when all six are stopped together', async () => {
      await Promise.all(servers.map((server) => server.stop()));
      // Poll the stored transitions (the outbox), the source of truth for what was detected.
      const downs = await waitFor(
        'six stored down transitions',
        async () => {
          const pages = await Promise.all(SITES.map((site) => app!.store.transitions.list({ monitorId: site.id }, { limit: 10 })));
          const found = pages.map((page) => page.items.find((t) => t.toState === 'down'));
          return found.every(Boolean) ? found : null;
        },
        45_000,
      );
      SITES.forEach((site, index) => {
        const down = downs[index]!;
        expect(down.fromState).toBe('up');
        expect(down.reason).toContain('confirmed by 2 consecutive results');
        expect(down.reason).toMatch(site.transport === 'udp' ? /no answer to OPTIONS after \d+ transmissions?/ : /connection refused by 127\.0\.0\.1:\d+/);
        expect(app!.engine.stateOf(site.id)?.state).toBe('down');
      });
      const history = await app!.store.transitions.list({ monitorId: SITES[0]!.id }, { limit: 10 });
      expect(history.items.map((t) => `${t.fromState}→${t.toState}`).sort()).toEqual(['pending→up', 'up→down']);
    });
  });
}
