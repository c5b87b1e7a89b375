/**
 * @module Reads WHOIS answers into {@link DomainFacts}. Two common formats:
 * - ICANN / Verisign (`Domain Status: clientHold https://icann.org/epp#clientHold`,
 *   `Registry Expiry Date:`, `Name Server:`, `DNSSEC:`), used by gTLDs and many ccTLDs;
 * - RIPE-style blocks as AFNIC (`.fr`) writes them (`domain:`, `status: ACTIVE`,
 *   `eppstatus:`, `hold: YES`, `Expiry Date:`, `nserver:`).
 * Also recognises "not found" and rate-limit answers.
 */
import { normalizeHostnames, type DomainFacts } from '../facts.js';
import { canonicalStatuses } from '../statuses.js';
import { parseWhoisDate } from './whois-dates.js';

/** What a WHOIS answer says. */
export type WhoisReading =
  | { kind: 'found'; facts: DomainFacts; format: 'icann' | 'ripe' }
  | { kind: 'not-found' }
  | { kind: 'rate-limited'; line: string }
  | { kind: 'unreadable' };

interface Line {
  key: string;
  value: string;
  block: number;
}

const NOT_FOUND = [/^no match for/im, /^%*\s*no entries found/im, /^%*\s*not found/im, /^no data found/im, /^domain not found/im, /^status:\s*(free|available)\s*$/im];
const RATE_LIMITED = /^.*(limit exceeded|rate limit|too many (queries|requests)|quota exceeded|query limit).*$/im;

/** `key: value` lines, with the index of the blank-line separated block they sit in. */
export function keyValues(text: string): Line[] {
  const lines: Line[] = [];
  let block = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('>>>')) break;
    if (line === '') {
      block++;
      continue;
    }
    if (line.startsWith('%') || line.startsWith('#')) continue;
    const m = /^([a-z][a-z0-9 ./_()-]{0,60}?):\s*(.*)$/i.exec(line);
    if (m) lines.push({ key: m[1]!.trim().toLowerCase(), value: m[2]!.trim(), block });
  }
  return lines;
}

const values = (lines: readonly Line[], ...keys: string[]) => lines.filter((l) => keys.includes(l.key) && l.value !== '').map((l) => l.value);
const first = (lines: readonly Line[], ...keys: string[]) => {
  for (const key of keys) {
    const found = values(lines, key)[0];
    if (found !== undefined) return found;
  }
  return undefined;
};
const firstToken = (value: string) => value.split(/\s+/)[0]!;

function dnssecFlag(value: string | undefined): boolean | null {
  if (!value) return null;
  if (/^(signed|yes|true)/i.test(value)) return true;
  if (/^(unsigned|no|false|inactive)/i.test(value)) return false;
  return null;
}

function icannFacts(lines: readonly Line[], name: string, server: string): DomainFacts {
  return {
    name,
    source: 'whois',
    server,
    status: canonicalStatuses(values(lines, 'domain status').map(firstToken)),
    expiry: parseWhoisDate(first(lines, 'registry expiry date', 'registrar registration expiration date', 'expiration date', 'expiry date')),
    registered: parseWhoisDate(first(lines, 'creation date', 'created')),
    lastChanged: parseWhoisDate(first(lines, 'updated date', 'last updated', 'last-update')),
    lastTransferred: null,
    registrar: first(lines, 'registrar', 'sponsoring registrar') ?? null,
    registrarIanaId: first(lines, 'registrar iana id') ?? null,
    nameservers: normalizeHostnames(values(lines, 'name server', 'nserver').map(firstToken)),
    delegationSigned: dnssecFlag(first(lines, 'dnssec')),
  };
}

/** AFNIC `status:` values and what they mean in EPP terms. */
const RIPE_STATUS: Record<string, string> = {
  active: 'ok',
  registered: 'ok',
  redemption: 'redemptionPeriod',
  blocked: 'serverHold',
  deleted: 'pendingDelete',
};

function ripeFacts(lines: readonly Line[], name: string, server: string): DomainFacts {
  const domainBlock = lines.find((l) => l.key === 'domain')!.block;
  const block = lines.filter((l) => l.block === domainBlock);
  const raw = [
    ...values(block, 'status').map((s) => RIPE_STATUS[s.toLowerCase()] ?? s),
    ...values(block, 'eppstatus').map(firstToken),
    ...(/^yes$/i.test(first(block, 'hold') ?? '') ? ['serverHold'] : []),
  ];
  return {
    name,
    source: 'whois',
    server,
    status: canonicalStatuses(raw),
    expiry: parseWhoisDate(first(block, 'expiry date', 'expires', 'expire', 'paid-till')),
    registered: parseWhoisDate(first(block, 'created', 'registered')),
    lastChanged: parseWhoisDate(first(block, 'last-update', 'changed', 'modified')),
    lastTransferred: null,
    registrar: first(block, 'registrar') ?? null,
    registrarIanaId: null,
    nameservers: normalizeHostnames(values(lines, 'nserver', 'name server').map(firstToken)),
    delegationSigned: dnssecFlag(first(block, 'dnssec')),
  };
}

/** Reads a WHOIS answer for `name` (A-label) given by `server` (`whois host:port`). */
export function readWhois(text: string, name: string, server: string): WhoisReading {
  if (NOT_FOUND.some((re) => re.test(text))) return { kind: 'not-found' };
  const lines = keyValues(text);
  const icann = ['domain status', 'registry expiry date', 'registrar registration expiration date', 'name server'];
  if (lines.some((l) => icann.includes(l.key))) return { kind: 'found', facts: icannFacts(lines, name, server), format: 'icann' };
  if (lines.some((l) => l.key === 'domain') && lines.some((l) => ['status', 'eppstatus', 'nserver'].includes(l.key))) {
    return { kind: 'found', facts: ripeFacts(lines, name, server), format: 'ripe' };
  }
  const limited = RATE_LIMITED.exec(text);
  if (limited) return { kind: 'rate-limited', line: limited[0].trim().slice(0, 200) };
  return { kind: 'unreadable' };
}
