/** @module The registration facts of a domain, the same whether read from RDAP or WHOIS. */

/** What the registry says about a domain; kept as the check's details and given to `diff`. */
export interface DomainFacts {
  /** The domain, A-label, lower case. */
  name: string;
  source: 'rdap' | 'whois';
  /** The RDAP base URL or `whois host:port` that answered. */
  server: string;
  /** Registry statuses in canonical EPP form (`clientHold`, `ok`…), sorted. */
  status: string[];
  /** ISO dates; `null` when the registry does not publish them. */
  expiry: string | null;
  registered: string | null;
  lastChanged: string | null;
  lastTransferred: string | null;
  registrar: string | null;
  registrarIanaId: string | null;
  /** Name servers, lower case without trailing dot, sorted. */
  nameservers: string[];
  /** `secureDNS.delegationSigned` (RDAP) or the DNSSEC line (WHOIS); `null` when unknown. */
  delegationSigned: boolean | null;
}

/** Lower case, no trailing dot, de-duplicated and sorted. */
export function normalizeHostnames(names: readonly string[]): string[] {
  return [...new Set(names.map((n) => n.trim().toLowerCase().replace(/\.$/, '')).filter((n) => n !== ''))].sort();
}

const STRINGS = ['name', 'source', 'server'] as const;
const NULLABLE_STRINGS = ['expiry', 'registered', 'lastChanged', 'lastTransferred', 'registrar', 'registrarIanaId'] as const;

/** The facts kept in a result's details, or `undefined` when the details are not domain facts. */
export function factsFrom(details: Record<string, unknown> | undefined): DomainFacts | undefined {
  if (!details) return undefined;
  if (!STRINGS.every((k) => typeof details[k] === 'string')) return undefined;
  if (!NULLABLE_STRINGS.every((k) => details[k] === null || typeof details[k] === 'string')) return undefined;
  const lists = [details.status, details.nameservers];
  if (!lists.every((l) => Array.isArray(l) && l.every((v) => typeof v === 'string'))) return undefined;
  if (details.delegationSigned !== null && typeof details.delegationSigned !== 'boolean') return undefined;
  return details as unknown as DomainFacts;
}
