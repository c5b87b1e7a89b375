/**
 * @module The textual form of DNS answers, shared by `expected` values and `details.answers`.
 *
 * One record is one line of text, compared after normalisation (names lower-cased without the
 * trailing dot, IPv6 in its shortest form, numbers without leading zeros):
 *
 * | type  | form                                                   | example                              |
 * |-------|--------------------------------------------------------|--------------------------------------|
 * | A     | dotted quad                                            | `192.0.2.1`                          |
 * | AAAA  | IPv6, shortest form                                    | `2001:db8::1`                        |
 * | CNAME | target name                                            | `www.example.org`                    |
 * | NS    | name server name                                       | `ns1.example.org`                    |
 * | MX    | `preference exchange`                                  | `10 mail.example.org`                |
 * | TXT   | the record's strings joined, case kept                 | `v=spf1 -all`                        |
 * | SRV   | `priority weight port target`                          | `10 5 5060 sip.example.org`          |
 * | SOA   | `mname rname serial refresh retry expire minimum`      | `ns1.example.org hostmaster.example.org 2024010101 7200 3600 1209600 300` |
 * | CAA   | `flags tag "value"` (quotes optional in `expected`)    | `0 issue "letsencrypt.org"`          |
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { Answer } from 'dns-packet';

/** The record types the dns check can query. */
export const DNS_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'NS', 'TXT', 'SRV', 'SOA', 'CAA'] as const;
export type DnsRecordType = (typeof DNS_RECORD_TYPES)[number];

/** One example of the textual form per record type, for error messages and docs. */
export const RECORD_FORM_EXAMPLES: Record<DnsRecordType, string> = {
  A: '192.0.2.1',
  AAAA: '2001:db8::1',
  CNAME: 'www.example.org',
  NS: 'ns1.example.org',
  MX: '10 mail.example.org',
  TXT: 'v=spf1 -all',
  SRV: '10 5 5060 sip.example.org',
  SOA: 'ns1.example.org hostmaster.example.org 2024010101 7200 3600 1209600 300',
  CAA: '0 issue "letsencrypt.org"',
};

const LABEL = /^(?:\*|[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)$/;

/** Lower-cases a domain name and drops the trailing dot; `undefined` when it is not a name. */
export function normaliseName(input: string): string | undefined {
  const name = input.trim().toLowerCase();
  if (name === '.' || name === '') return name === '.' ? '.' : undefined;
  const bare = name.endsWith('.') ? name.slice(0, -1) : name;
  if (bare.length > 253) return undefined;
  return bare.split('.').every((label) => LABEL.test(label)) ? bare : undefined;
}

/** The shortest lower-case form of an IPv6 address. */
export function canonicalIPv6(address: string): string {
  return new URL(`http://[${address}]/`).hostname.slice(1, -1);
}

function uint(text: string | undefined, max: number): number | undefined {
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n <= max ? n : undefined;
}

const U16 = 65_535;
const U32 = 4_294_967_295;

/** Normalises whitespace-separated fields of the given kinds (numbers and names), in order. */
function fields(value: string, kinds: ReadonlyArray<'u16' | 'u32' | 'name'>): string | undefined {
  const parts = value.trim().split(/\s+/);
  if (parts.length !== kinds.length) return undefined;
  const out: string[] = [];
  for (const [i, kind] of kinds.entries()) {
    const part = parts[i];
    const parsed = kind === 'name' ? normaliseName(part ?? '') : uint(part, kind === 'u16' ? U16 : U32);
    if (parsed === undefined) return undefined;
    out.push(String(parsed));
  }
  return out.join(' ');
}

function normaliseCaa(value: string): string | undefined {
  const match = /^\s*(\d+)\s+([A-Za-z0-9]+)\s+(.*?)\s*$/s.exec(value);
  const flags = uint(match?.[1], 255);
  if (!match || flags === undefined) return undefined;
  const raw = match[3]!;
  const unquoted = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  return `${flags} ${match[2]!.toLowerCase()} "${unquoted}"`;
}

/**
 * Normalises one `expected` value for a record type; `undefined` when it does not have the
 * record type's textual form (see the module table).
 */
export function normaliseExpected(type: DnsRecordType, value: string): string | undefined {
  const text = value.trim();
  switch (type) {
    case 'A':
      return isIPv4(text) ? text : undefined;
    case 'AAAA':
      return isIPv6(text) ? canonicalIPv6(text) : undefined;
    case 'CNAME':
    case 'NS':
      return normaliseName(text);
    case 'MX':
      return fields(text, ['u16', 'name']);
    case 'TXT':
      return value;
    case 'SRV':
      return fields(text, ['u16', 'u16', 'u16', 'name']);
    case 'SOA':
      return fields(text, ['name', 'name', 'u32', 'u32', 'u32', 'u32', 'u32']);
    case 'CAA':
      return normaliseCaa(text);
  }
}

function txtText(data: unknown): string {
  const parts = Array.isArray(data) ? data : [data];
  return parts.map((p) => (Buffer.isBuffer(p) ? p.toString('utf8') : String(p))).join('');
}

/** The normalised textual form of a decoded answer, or `undefined` for other record types. */
export function formatAnswer(answer: Answer): string | undefined {
  switch (answer.type) {
    case 'A':
      return answer.data;
    case 'AAAA':
      return canonicalIPv6(answer.data);
    case 'CNAME':
    case 'NS':
      return normaliseName(answer.data) ?? answer.data.toLowerCase();
    case 'MX':
      return `${answer.data.preference ?? 0} ${normaliseName(answer.data.exchange) ?? answer.data.exchange}`;
    case 'TXT':
      return txtText(answer.data);
    case 'SRV': {
      const d = answer.data;
      return `${d.priority ?? 0} ${d.weight ?? 0} ${d.port} ${normaliseName(d.target) ?? d.target}`;
    }
    case 'SOA': {
      const d = answer.data;
      const names = [d.mname, d.rname].map((n) => normaliseName(n) ?? n);
      return [...names, d.serial, d.refresh, d.retry, d.expire, d.minimum].map((v) => String(v ?? 0)).join(' ');
    }
    case 'CAA':
      return `${answer.data.flags ?? 0} ${answer.data.tag.toLowerCase()} "${answer.data.value}"`;
    default:
      return undefined;
  }
}
