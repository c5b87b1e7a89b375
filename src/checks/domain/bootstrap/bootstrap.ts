/**
 * @module RDAP bootstrap (RFC 9224): which RDAP server serves a domain name.
 *
 * Starts from the shipped IANA copy and refreshes it from the official address at most once a
 * day, only when a lookup needs it. A failed refresh is silent: the copy in hand stays in use.
 * Refreshing is off under tests (`VITEST`, `NODE_ENV=test`) unless `VIGIE_RDAP_BOOTSTRAP_URL`
 * names a source explicitly; `VIGIE_RDAP_BOOTSTRAP_URL=off` turns it off everywhere.
 */
import { request } from 'undici';
import { z } from 'zod';
import { shippedBootstrap } from './iana-dns.js';

/** The shape of an RDAP bootstrap file for domain names. */
export interface BootstrapFile {
  publication: string;
  services: Array<[string[], string[]]>;
}

/** The official address of the bootstrap file. */
export const IANA_BOOTSTRAP_URL = 'https://data.iana.org/rdap/dns.json';

const DAY_MS = 86_400_000;
const MAX_FILE_BYTES = 2 * 1024 * 1024;

const fileSchema = z.object({
  publication: z.string(),
  services: z.array(z.tuple([z.array(z.string()), z.array(z.string()).min(1)])).min(1),
});

/** How a bootstrap refreshes itself. */
export interface BootstrapOptions {
  /** Where to refresh from; `null` never refreshes. */
  refreshUrl: string | null;
  /** Minimum time between two refresh attempts (a day by default). */
  maxAgeMs?: number;
  /** Longest a refresh may take (5 s by default). */
  fetchTimeoutMs?: number;
  now?: () => number;
}

function indexServices(file: BootstrapFile): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const [labels, urls] of file.services) {
    for (const label of labels) index.set(label.toLowerCase().replace(/\.$/, ''), urls);
  }
  return index;
}

/** The bootstrap registry in memory, refreshed at most every `maxAgeMs`. */
export class RdapBootstrap {
  #file: BootstrapFile;
  #index: Map<string, string[]>;
  #lastAttempt = Number.NEGATIVE_INFINITY;
  #refreshing: Promise<void> | undefined;
  readonly #options: Required<Omit<BootstrapOptions, 'refreshUrl'>> & { refreshUrl: string | null };

  constructor(file: BootstrapFile, options: BootstrapOptions) {
    this.#file = file;
    this.#index = indexServices(file);
    this.#options = { maxAgeMs: DAY_MS, fetchTimeoutMs: 5_000, now: Date.now, ...options };
  }

  /** The publication date of the file in use. */
  get publication(): string {
    return this.#file.publication;
  }

  /** The base URL serving `name` (an A-label name), https preferred; the longest suffix wins. */
  serverFor(name: string): string | undefined {
    const labels = name.toLowerCase().replace(/\.$/, '').split('.');
    for (let i = 0; i < labels.length; i++) {
      const urls = this.#index.get(labels.slice(i).join('.'));
      if (urls) return urls.find((u) => u.startsWith('https:')) ?? urls[0];
    }
    return undefined;
  }

  /** Refreshes from the official address when the last attempt is older than `maxAgeMs`. Never throws. */
  refreshIfDue(signal?: AbortSignal): Promise<void> {
    const { refreshUrl, maxAgeMs, now } = this.#options;
    if (refreshUrl === null || now() - this.#lastAttempt < maxAgeMs) return this.#refreshing ?? Promise.resolve();
    this.#lastAttempt = now();
    this.#refreshing = this.#refresh(refreshUrl, signal).finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  async #refresh(url: string, signal: AbortSignal | undefined): Promise<void> {
    const timeout = AbortSignal.timeout(this.#options.fetchTimeoutMs);
    try {
      const response = await request(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
      if (response.statusCode !== 200) {
        await response.body.dump();
        return;
      }
      const text = await response.body.text();
      if (text.length > MAX_FILE_BYTES) return;
      const parsed = fileSchema.safeParse(JSON.parse(text));
      if (!parsed.success) return;
      this.#file = parsed.data;
      this.#index = indexServices(parsed.data);
    } catch {
      // unreachable or unreadable: keep the copy in hand
    }
  }
}

/** Where the shared bootstrap refreshes from, given the environment. */
export function refreshUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string | null {
  const configured = env.VIGIE_RDAP_BOOTSTRAP_URL;
  if (configured !== undefined) return configured === '' || configured === 'off' ? null : configured;
  return env.VITEST || env.NODE_ENV === 'test' ? null : IANA_BOOTSTRAP_URL;
}

let shared: RdapBootstrap | undefined;

/** The process-wide bootstrap: the shipped copy, refreshed per {@link refreshUrlFromEnv}. */
export function sharedBootstrap(): RdapBootstrap {
  shared ??= new RdapBootstrap(shippedBootstrap(), { refreshUrl: refreshUrlFromEnv() });
  return shared;
}
