/**
 * @module One registration lookup: decide where to ask, answer from the short cache, respect a
 * registry's request to wait, otherwise query it (RDAP or WHOIS) and remember the answer.
 * Used by the check and by the `vigie domain` command.
 */
import type { CheckContext } from '../types.js';
import { sharedBootstrap, type RdapBootstrap } from './bootstrap/bootstrap.js';
import { cacheTtlMs, sharedCourtesy, type CachedAnswer, type RegistryCourtesy } from './courtesy.js';
import { normalizeDomain, type DomainConfig } from './domain.schema.js';
import type { DomainFacts } from './facts.js';
import { formatMoment, type Bilingual } from './messages.js';
import type { QueryOutcome } from './outcome.js';
import { planIsLocal, planLabel, planLookup, planTarget, type LookupPlan } from './plan.js';
import { askRdap } from './rdap/rdap-lookup.js';
import { askWhois } from './whois/whois-lookup.js';

/** What a lookup found: the registration facts, or why there are none. */
export type DomainLookup =
  | { ok: true; facts: DomainFacts; plan: LookupPlan; latencyMs: number | null; cached: boolean }
  | { ok: false; status: 'down' | 'unknown'; text: Bilingual; plan: LookupPlan; latencyMs: number | null };

/** Shared state a lookup uses; the process-wide instances by default. */
export interface LookupDeps {
  bootstrap?: RdapBootstrap;
  courtesy?: RegistryCourtesy;
}

function waitText(until: number, reason: string, target: string, now: number): Bilingual {
  const when = formatMoment(until, now, true);
  return {
    en: `the registry asked us to wait until ${when} (${reason}); not querying ${target} before then`,
    fr: `le registre nous a demandé d'attendre jusqu'à ${when} (${reason}) ; pas de nouvelle requête à ${target} d'ici là`,
  };
}

function fromAnswer(answer: CachedAnswer, name: string, plan: LookupPlan, latencyMs: number | null, cached: boolean): DomainLookup {
  if (answer.kind === 'found') return { ok: true, facts: answer.facts, plan, latencyMs, cached };
  const where = planLabel(plan);
  return {
    ok: false,
    status: 'down',
    plan,
    latencyMs,
    text: { en: `domain not found at the registry: ${name} (${where})`, fr: `domaine introuvable au registre : ${name} (${where})` },
  };
}

async function resolvePlan(config: DomainConfig, bootstrap: RdapBootstrap, signal: AbortSignal): Promise<LookupPlan> {
  const plan = planLookup(config, bootstrap);
  const dependsOnBootstrap = plan.kind === 'none' || plan.via === 'bootstrap' || plan.via === 'built-in' || plan.via === 'whois_servers';
  if (!dependsOnBootstrap) return plan;
  await bootstrap.refreshIfDue(signal);
  return planLookup(config, bootstrap);
}

function ask(plan: Exclude<LookupPlan, { kind: 'none' }>, name: string, ctx: CheckContext): Promise<QueryOutcome> {
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(ctx.timeoutMs)]);
  return plan.kind === 'rdap'
    ? askRdap(plan.baseUrl, name, signal, ctx.timeoutMs)
    : askWhois(plan.server, name, planLabel(plan), signal, ctx.timeoutMs);
}

/** Looks the domain up once, politely. Never throws for a registry problem. */
export async function lookupDomain(config: DomainConfig, ctx: CheckContext, deps: LookupDeps = {}): Promise<DomainLookup> {
  const bootstrap = deps.bootstrap ?? sharedBootstrap();
  const courtesy = deps.courtesy ?? sharedCourtesy;
  const name = normalizeDomain(config.name);
  const plan = await resolvePlan(config, bootstrap, ctx.signal);
  if (plan.kind === 'none') {
    const text = {
      en: `no RDAP server is known for .${plan.tld}: set rdap_url, rdap_overrides or whois`,
      fr: `aucun serveur RDAP n'est connu pour .${plan.tld} : renseignez rdap_url, rdap_overrides ou whois`,
    };
    return { ok: false, status: 'unknown', text, plan, latencyMs: null };
  }
  const key = `${planLabel(plan)} ${name}`;
  const target = planTarget(plan)!;
  const cached = courtesy.cached(key, Date.now());
  if (cached) return fromAnswer(cached, name, plan, null, true);
  const backoff = courtesy.backoff(target, Date.now());
  if (backoff) return { ok: false, status: 'unknown', plan, latencyMs: null, text: waitText(backoff.until, backoff.reason, target, Date.now()) };

  const started = performance.now();
  const outcome = await ask(plan, name, ctx);
  const latencyMs = Math.round(performance.now() - started);
  const now = Date.now();
  switch (outcome.kind) {
    case 'answer':
      courtesy.answered(target);
      courtesy.remember(key, outcome.answer, cacheTtlMs(planIsLocal(plan)), now);
      return fromAnswer(outcome.answer, name, plan, latencyMs, false);
    case 'refused': {
      const refusal = courtesy.refused(target, outcome.retryAfterMs, outcome.reason, now);
      return { ok: false, status: 'unknown', plan, latencyMs, text: waitText(refusal.until, refusal.reason, target, now) };
    }
    case 'failed':
      return { ok: false, status: 'unknown', plan, latencyMs, text: outcome.text };
  }
}
