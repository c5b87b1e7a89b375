/**
 * @module Which addresses monitors created through the API may probe (`api.monitor_targets`).
 *
 * An endpoint is refused when its host name, or any address it resolves to, matches a `deny`
 * rule, unless the host name or that address matches an `allow` rule. Host names are resolved
 * only when an address rule exists, and every address counts (a name with one public and one
 * private address is refused by `deny: [private]`). The check runs when a monitor is created or
 * changed, and again before each run of an API monitor (so a stricter setting, or a name that
 * now resolves to a denied address, stops it); a name that answers differently between that
 * check and the check's own connection (DNS rebinding with a zero TTL) is not caught
 * (docs/decisions.md).
 */
import { lookup as systemLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { NAMED_RANGES, parseTargetRule, type MonitorTargetsConfig, type TargetRule } from '../../config/api-config.schema.js';
import type { CheckTypeName } from '../../checks/registry.js';
import { reachOf, reachOfCheck, type Endpoint } from '../../monitors/monitor-reach.js';
import { invalidRequest } from '../errors.js';

/** Resolves a host name to all its addresses. */
export type Lookup = (host: string) => Promise<string[]>;

const defaultLookup: Lookup = async (host) => (await systemLookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** One compiled rule list. */
class Rules {
  private readonly addresses: Array<{ text: string; list: BlockList }> = [];
  private readonly hosts: Array<{ text: string; pattern: string }> = [];

  constructor(texts: readonly string[]) {
    for (const rule of texts.map(parseTargetRule).filter((r): r is TargetRule => r !== undefined)) {
      if (rule.kind === 'host') {
        this.hosts.push({ text: rule.text, pattern: rule.pattern });
        continue;
      }
      const list = new BlockList();
      const cidrs = rule.kind === 'range' ? NAMED_RANGES[rule.name] : [`${rule.address}/${rule.prefix}`];
      for (const cidr of cidrs) {
        const [network, prefix] = cidr.split('/') as [string, string];
        list.addSubnet(network, Number(prefix), isIP(network) === 4 ? 'ipv4' : 'ipv6');
      }
      this.addresses.push({ text: rule.text, list });
    }
  }

  get isEmpty(): boolean {
    return this.addresses.length === 0 && this.hosts.length === 0;
  }

  get needsAddresses(): boolean {
    return this.addresses.length > 0;
  }

  /** The first rule matching the host name, if any. */
  matchHost(host: string): string | undefined {
    return this.hosts.find(({ pattern }) => (pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : host === pattern))?.text;
  }

  /** The first rule matching the address, if any. */
  matchAddress(address: string): string | undefined {
    const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    return this.addresses.find(({ list }) => list.check(address, family))?.text;
  }
}

/** A refused endpoint: the field, and a sentence naming the address and the rule. */
export interface Refusal {
  path: string;
  message: string;
}

/** Why an endpoint is refused: a denied host or address (with the rule), or a name that did not resolve. */
type Denial = { path: string; host: string; address: string; rule: string } | { path: string; host: string; unresolved: string };

/** The policy of one `api.monitor_targets` setting. */
export class TargetPolicy {
  private readonly deny: Rules;
  private readonly allow: Rules;

  constructor(config: MonitorTargetsConfig, private readonly lookup: Lookup = defaultLookup) {
    this.deny = new Rules(config.deny);
    this.allow = new Rules(config.allow);
  }

  /** The endpoints of the monitor written as `input` that the policy refuses (none when it has no `deny` rule). */
  async refusals(input: unknown): Promise<Refusal[]> {
    const denials = await this.denials(reachOf(input)?.endpoints ?? []);
    return denials.map((d) => ({ path: d.path, message: 'rule' in d ? refusedText(d).en : unresolvedText(d) }));
  }

  /**
   * Why a run of this API monitor must not start, in English and French, or `undefined`: the
   * rule is checked again at run time, so a name that now resolves to a denied address, or a
   * stricter setting, stops monitors already stored. A name that does not resolve runs (its
   * check reports the failure).
   */
  async runRefusal(type: CheckTypeName, check: unknown): Promise<{ en: string; fr: string } | undefined> {
    if (this.deny.isEmpty) return undefined;
    const denied = (await this.denials(reachOfCheck(type, check).endpoints)).find((d) => 'rule' in d);
    if (!denied || !('rule' in denied)) return undefined;
    const text = refusedText(denied);
    return { en: `not run: ${text.en}`, fr: `non exécuté : ${text.fr}` };
  }

  private async denials(endpoints: readonly Endpoint[]): Promise<Denial[]> {
    if (this.deny.isEmpty) return [];
    const denials = await Promise.all(endpoints.map((endpoint) => this.denial(endpoint)));
    return denials.filter((d): d is Denial => d !== undefined);
  }

  private async denial({ path, host }: Endpoint): Promise<Denial | undefined> {
    const denied = this.deny.matchHost(host);
    if (denied !== undefined && this.allow.matchHost(host) === undefined) return { path, host, address: host, rule: denied };
    if (!this.deny.needsAddresses || this.allow.matchHost(host) !== undefined) return undefined;
    let addresses: string[];
    try {
      addresses = isIP(host) ? [host] : await this.lookup(host);
    } catch (error) {
      return { path, host, unresolved: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
    }
    for (const address of addresses) {
      const rule = this.deny.matchAddress(address);
      if (rule !== undefined && this.allow.matchAddress(address) === undefined) return { path, host, address, rule };
    }
    return undefined;
  }
}

function refusedText({ host, address, rule }: { host: string; address: string; rule: string }): { en: string; fr: string } {
  const where = host === address ? address : `${host} (${address})`;
  return {
    en: `targets ${where}, which api.monitor_targets.deny refuses for monitors created through the API (rule ${JSON.stringify(rule)}); ask an administrator to allow it, or define the monitor in the configuration file`,
    fr: `vise ${where}, que api.monitor_targets.deny refuse aux moniteurs créés par l’API (règle « ${rule} ») ; demandez à un administrateur de l’autoriser, ou définissez le moniteur dans le fichier de configuration`,
  };
}

function unresolvedText({ host, unresolved }: { host: string; unresolved: string }): string {
  return `host ${JSON.stringify(host)} could not be resolved (${unresolved}) to check it against api.monitor_targets; use a name that resolves, or an allowed address`;
}

/** Throws a 400 naming every refused field of the monitor written as `input`. */
export async function assertAllowedTargets(policy: TargetPolicy, input: unknown): Promise<void> {
  const refusals = await policy.refusals(input);
  if (refusals.length === 0) return;
  throw invalidRequest(
    `the monitor targets addresses that monitors created through the API may not probe: ${refusals.map((r) => r.path).join(', ')}`,
    refusals,
  );
}

/**
 * The policy of the setting `current()` returns, rebuilt only when the setting changes (a
 * config reload replaces the object); every target allowed without a setting.
 */
export function targetPolicyOf(current: (() => MonitorTargetsConfig) | undefined): () => TargetPolicy {
  let seen: MonitorTargetsConfig | undefined;
  let policy = new TargetPolicy({ deny: [], allow: [] });
  return () => {
    const config = current?.();
    if (config !== undefined && config !== seen) {
      seen = config;
      policy = new TargetPolicy(config);
    }
    return policy;
  };
}

/**
 * The engine's guard for runs of API monitors under the setting `current()` returns: why a run
 * must not start (English and French), or `undefined` to run it.
 */
export function runGuardOf(current: () => MonitorTargetsConfig): (type: CheckTypeName, check: unknown) => Promise<{ en: string; fr: string } | undefined> {
  const policy = targetPolicyOf(current);
  return (type, check) => policy().runRefusal(type, check);
}
