/**
 * DNS change detection through the engine and a real store (SQLite and PostgreSQL), with an
 * in-test DNS server: a change of the answer set across runs where the resolver did not answer
 * is still raised, and an answer set that comes back unchanged raises nothing.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bus } from '../../src/engine/bus.js';
import { Engine } from '../../src/engine/engine.js';
import { monitorInputSchema, toDefinition } from '../../src/monitors/monitor.schema.js';
import { DIALECTS, dialectAvailable, withStore } from '../helpers/databases.js';
import { startDnsServer, type DnsTestServer } from '../helpers/dns-server.js';

const NAME = 'www.example.test';

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect, 'dns change through the engine')))(`dns answer changes through the engine (${dialect})`, () => {
    const db = withStore(dialect);
    let server: DnsTestServer;
    let engine: Engine;

    beforeAll(async () => {
      server = await startDnsServer();
      engine = new Engine(db.store, new Bus(), pino({ level: 'silent' }), { batch: { size: 10, intervalMs: 20 }, shutdownGraceMs: 2000, jitter: false });
      const input = monitorInputSchema.parse({ id: 'dns-www', interval: '1h', timeout: '500ms', confirmations: { down: 1 }, dns: { name: NAME, resolvers: [server.hostPort], alert_on_change: true } });
      await engine.start([toDefinition(input)]);
    }, 60_000);
    afterAll(async () => {
      await engine?.stop();
      await server?.close();
    }, 60_000);

    const answer = (ip: string) => server.behave(NAME, undefined).set(NAME, 'A', [{ name: NAME, type: 'A', ttl: 60, data: ip }]);
    const events = async () => (await db.store.transitions.list({ monitorId: 'dns-www', kind: 'event' }, { limit: 50 })).items.filter((t) => t.eventType?.startsWith('dns.'));
    // Transitions and events are committed before runNow returns, so the store can be read at once.
    const run = async () => (await engine.runNow('dns-www'))?.status;

    it('raises A → B across runs that timed out, and not A → A', async () => {
      answer('192.0.2.1');
      expect(await run()).toBe('up');
      server.behave(NAME, { drop: true });
      expect(await run()).toBe('down');
      expect(await run()).toBe('down');
      answer('192.0.2.1');
      expect(await run()).toBe('up');
      expect(await events()).toEqual([]);

      server.behave(NAME, { rcode: 'SERVFAIL' });
      expect(await run()).toBe('down');
      answer('192.0.2.2');
      expect(await run()).toBe('up');
      const raised = await events();
      expect(raised).toHaveLength(1);
      expect(raised[0]).toMatchObject({ eventType: 'dns.answer_changed', details: { before: ['192.0.2.1'], after: ['192.0.2.2'] } });
    });
  });
}
