/**
 * @module A local RDAP registry for tests: HTTP on 127.0.0.1 answering `GET /domain/<name>`
 * with RFC 9083 domain objects built by {@link rdapDomain}, or with a scripted failure (404,
 * 429 + Retry-After, 500, a late answer, malformed JSON, a wrong content type). Scenarios can
 * be changed while it runs, to flip a domain to client hold and back.
 */
import type { ServerResponse } from 'node:http';
import { startHttpServer, type TestServer } from './http-server.js';

const DAY_MS = 86_400_000;

/** What the registry publishes about one domain. */
export interface DomainRecord {
  name: string;
  status?: string[];
  /** Expiry in days from now (fractional allowed); `null` publishes no expiration event. */
  expiresInDays?: number | null;
  /** A fixed expiry date instead (wins over `expiresInDays`), for answers that must not move. */
  expiresAt?: string;
  lastChanged?: string;
  registrar?: string;
  nameservers?: string[];
  delegationSigned?: boolean;
}

/** An RFC 9083 domain object for `record`. */
export function rdapDomain(record: DomainRecord, now = Date.now()): Record<string, unknown> {
  const events: Array<{ eventAction: string; eventDate: string }> = [{ eventAction: 'registration', eventDate: '2001-05-04T10:00:00Z' }];
  if (record.expiresAt !== undefined) {
    events.push({ eventAction: 'expiration', eventDate: record.expiresAt });
  } else if (record.expiresInDays !== null) {
    events.push({ eventAction: 'expiration', eventDate: new Date(now + (record.expiresInDays ?? 400) * DAY_MS).toISOString() });
  }
  events.push({ eventAction: 'last changed', eventDate: record.lastChanged ?? '2025-11-02T09:15:00Z' });
  events.push({ eventAction: 'last update of RDAP database', eventDate: new Date(now).toISOString() });
  const registrar = record.registrar ?? 'Example Registrar SA';
  return {
    rdapConformance: ['rdap_level_0'],
    objectClassName: 'domain',
    handle: `${record.name.toUpperCase()}-DOM`,
    ldhName: record.name,
    status: record.status ?? ['active'],
    events,
    nameservers: (record.nameservers ?? [`ns1.${record.name}`, `ns2.${record.name}`]).map((ns) => ({ objectClassName: 'nameserver', ldhName: ns })),
    secureDNS: { delegationSigned: record.delegationSigned ?? true },
    entities: [
      {
        objectClassName: 'entity',
        handle: 'REG-1',
        roles: ['registrar'],
        publicIds: [{ type: 'IANA Registrar ID', identifier: '9999' }],
        vcardArray: ['vcard', [['version', {}, 'text', '4.0'], ['fn', {}, 'text', registrar]]],
      },
    ],
  };
}

/** How the registry answers for one name. */
export type Scenario =
  | { kind: 'record'; record: DomainRecord; contentType?: string }
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  | { kind: 'slow'; delayMs: number; record: DomainRecord }
  | { kind: 'raw'; body: string; contentType: string };

/** A running test registry. */
export interface RdapServer {
  /** The base URL to give as `rdap_url` (`http://127.0.0.1:<port>/`). */
  url: string;
  set(name: string, scenario: Scenario): void;
  /** Requests received for a name. */
  requests(name: string): number;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType });
  res.end(body);
}

function answer(scenario: Scenario | undefined, res: ServerResponse): void {
  if (!scenario) return send(res, 404, 'application/rdap+json', JSON.stringify({ errorCode: 404, title: 'Not Found' }));
  switch (scenario.kind) {
    case 'record':
      return send(res, 200, scenario.contentType ?? 'application/rdap+json', JSON.stringify(rdapDomain(scenario.record)));
    case 'status':
      res.writeHead(scenario.status, { 'content-type': 'application/rdap+json', ...scenario.headers });
      return void res.end(scenario.body ?? JSON.stringify({ errorCode: scenario.status }));
    case 'slow': {
      const timer = setTimeout(() => send(res, 200, 'application/rdap+json', JSON.stringify(rdapDomain(scenario.record))), scenario.delayMs);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    case 'raw':
      return send(res, 200, scenario.contentType, scenario.body);
  }
}

/** Starts a registry on 127.0.0.1 with an ephemeral port. Unknown names get 404. */
export async function startRdapServer(initial: Record<string, Scenario> = {}): Promise<RdapServer> {
  const scenarios = new Map(Object.entries(initial));
  const counts = new Map<string, number>();
  const server: TestServer = await startHttpServer((req, res) => {
    const match = /^\/domain\/([^/?]+)$/.exec(req.url ?? '');
    if (!match || req.method !== 'GET') return send(res, 400, 'application/rdap+json', '{"errorCode":400}');
    const name = decodeURIComponent(match[1]!).toLowerCase();
    counts.set(name, (counts.get(name) ?? 0) + 1);
    answer(scenarios.get(name), res);
  });
  return {
    url: `${server.origin}/`,
    set: (name, scenario) => scenarios.set(name.toLowerCase(), scenario),
    requests: (name) => counts.get(name.toLowerCase()) ?? 0,
    close: () => server.close(),
  };
}
