/**
 * The "A second Vigie watching the first" configs of docs/notifications.md are copy-paste
 * ready: each parses as a whole Vigie config, and the first one's watchdog URL is the second
 * one's push endpoint for the heartbeat monitor's token.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfigFiles } from '../src/config/load-config.js';

const doc = readFileSync(new URL('../docs/notifications.md', import.meta.url), 'utf8');
const section = doc.slice(doc.indexOf('### A second Vigie watching the first'));
const blocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).slice(0, 2);
const env = { WATCHDOG_TOKEN: 'a-long-random-watchdog-token-0123456789', TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef', TWILIO_AUTH_TOKEN: 'auth-token' };

describe('docs: a second Vigie watching the first', () => {
  it('gives two configs that parse, the first one watching the second through its push endpoint', () => {
    expect(blocks).toHaveLength(2);
    const watcher = parseConfigFiles([{ file: 'vigie-2.yaml', text: blocks[0]! }], env);
    const watched = parseConfigFiles([{ file: 'vigie-1.yaml', text: blocks[1]! }], env);
    const monitor = watcher.monitors.find((m) => m.id === 'vigie-1-pipeline') as unknown as { heartbeat: { token: string } };
    expect(monitor.heartbeat.token).toBe(env.WATCHDOG_TOKEN);
    expect(watched.notifications.watchdog).toMatchObject({ url: `https://vigie-2.example.org/api/v1/push/${env.WATCHDOG_TOKEN}`, every: 30_000, max_scheduler_lag: 30_000, max_outbox_lag: 60_000, max_delivery_lag: 60_000 });
  });
});
