/**
 * @module Pure judgement of what the parent, the zone and the resolvers said: each problem is a
 * reason with a severity and a sentence in English and French.
 */
import { listValues } from '../dns/assess.js';
import type { ParentAnswer } from './parent.js';
import type { ResolverResolution } from './resolution.js';
import type { DelegationTtls } from './ttls.js';
import type { ZoneServerReport } from './zone.js';

/** One problem found, with its severity and its text in both languages. */
export interface Reason {
  status: 'down' | 'degraded' | 'unknown';
  en: string;
  fr: string;
}

/** French for the technical problems written by the probing modules. */
export function problemFr(problem: string): string {
  return problem
    .replace(/^no answer within (\d+) ms$/, 'pas de réponse en $1 ms')
    .replace(/^connection refused \(nothing listens on that port\)$/, 'connexion refusée (rien n’écoute sur ce port)')
    .replace(/^not authoritative for the domain \(lame delegation\)$/, 'ne fait pas autorité pour le domaine (délégation boiteuse)')
    .replace(/^answered without NS records for the domain$/, 'a répondu sans enregistrement NS pour le domaine')
    .replace(/^no address found \(no glue, and it does not resolve\)$/, 'aucune adresse trouvée (pas de glue, et son nom ne se résout pas)');
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

function notDelegatedText(answer: ParentAnswer): string {
  return answer.status === 'nxdomain' ? `NXDOMAIN from ${answer.server}` : `no NS records from ${answer.server}`;
}

function notDelegatedFr(answer: ParentAnswer): string {
  return answer.status === 'nxdomain' ? `NXDOMAIN de ${answer.server}` : `aucun enregistrement NS de ${answer.server}`;
}

/** What the parent servers said: not delegated (down), disagreeing (degraded), unreachable (unknown). */
export function parentReasons(name: string, parents: readonly ParentAnswer[], ttls: DelegationTtls): Reason[] {
  const answered = parents.filter((p) => p.status !== 'failed');
  if (answered.length === 0) {
    const why = parents.map((p) => `${p.server}: ${p.problem}`).join('; ');
    const whyFr = parents.map((p) => `${p.server} : ${problemFr(p.problem ?? '')}`).join(' ; ');
    return [{ status: 'unknown', en: `no server of the parent zone answered (${why})`, fr: `aucun serveur de la zone parente n’a répondu (${whyFr})` }];
  }
  const delegated = answered.filter((p) => p.status === 'delegated');
  const missing = answered.filter((p) => p.status !== 'delegated');
  if (delegated.length === 0) {
    const horizon = ttls.horizon === null ? '' : ` (up to ${ttls.horizon} s)`;
    const horizonFr = ttls.horizon === null ? '' : ` (au plus ${ttls.horizon} s)`;
    return [
      {
        status: 'down',
        en: `${name} is not delegated by its parent zone (${missing.map(notDelegatedText).join(', ')}): the registry no longer publishes it — resolution will fail as caches expire${horizon}`,
        fr: `${name} n’est plus délégué par sa zone parente (${missing.map(notDelegatedFr).join(', ')}) : le registre ne le publie plus — la résolution échouera à l’expiration des caches${horizonFr}`,
      },
    ];
  }
  const sets = new Set(delegated.map((p) => p.nameservers.join(',')));
  if (missing.length === 0 && sets.size === 1) return [];
  const said = answered.map((p) => (p.status === 'delegated' ? `${p.server}: ${listValues(p.nameservers)}` : `${p.server}: ${notDelegatedText(p)}`));
  const saidFr = answered.map((p) => (p.status === 'delegated' ? `${p.server} : ${listValues(p.nameservers, 'fr')}` : `${p.server} : ${notDelegatedFr(p)}`));
  return [{ status: 'degraded', en: `the parent zone's servers disagree about ${name} (${said.join('; ')})`, fr: `les serveurs de la zone parente divergent sur ${name} (${saidFr.join(' ; ')})` }];
}

/** The parent's NS set against the expected one: a different set is down. */
export function expectedReasons(name: string, parentSet: readonly string[] | null, expected: readonly string[] | null): Reason[] {
  if (!parentSet || !expected || sameSet(parentSet, expected)) return [];
  return [
    {
      status: 'down',
      en: `${name} is delegated to ${listValues(parentSet)} at the parent, expected ${listValues(expected)}`,
      fr: `${name} est délégué à ${listValues(parentSet, 'fr')} dans la zone parente, au lieu de ${listValues(expected, 'fr')} attendus`,
    },
  ];
}

/** What the zone's own name servers said: none answering (down), lame ones or a different NS set (degraded). */
export function zoneReasons(name: string, parentSet: readonly string[], zone: readonly ZoneServerReport[]): Reason[] {
  const label = (z: ZoneServerReport) => (z.address ? `${z.nameserver} (${z.address})` : z.nameserver);
  const lame = zone.filter((z) => !z.ok);
  const why = lame.map((z) => `${label(z)}: ${z.problem}`).join('; ');
  const whyFr = lame.map((z) => `${label(z)} : ${problemFr(z.problem ?? '')}`).join(' ; ');
  if (zone.length > 0 && lame.length === zone.length) {
    return [{ status: 'down', en: `none of the name servers of ${name} answers for it (${why})`, fr: `aucun des serveurs de noms de ${name} ne répond pour lui (${whyFr})` }];
  }
  const reasons: Reason[] = [];
  if (lame.length > 0) reasons.push({ status: 'degraded', en: `lame delegation of ${name}: ${why}`, fr: `délégation boiteuse de ${name} : ${whyFr}` });
  const zoneSet = [...new Set(zone.flatMap((z) => z.nameservers))].sort();
  if (zoneSet.length > 0 && !sameSet(zoneSet, parentSet)) {
    reasons.push({
      status: 'degraded',
      en: `the parent delegates ${name} to ${listValues(parentSet)} but the zone itself lists ${listValues(zoneSet)}`,
      fr: `la zone parente délègue ${name} à ${listValues(parentSet, 'fr')} mais la zone elle-même annonce ${listValues(zoneSet, 'fr')}`,
    });
  }
  return reasons;
}

/** The resolvers: NXDOMAIN/SERVFAIL at a majority is down, at some degraded; silent resolvers degraded, all silent unknown. */
export function resolutionReasons(name: string, resolution: readonly ResolverResolution[]): Reason[] {
  const n = resolution.length;
  if (n === 0) return [{ status: 'unknown', en: 'no resolver to ask: none configured and the system has none', fr: 'aucun résolveur à interroger : aucun n’est configuré et le système n’en a pas' }];
  const failing = resolution.filter((r) => r.verdict === 'nxdomain' || r.verdict === 'servfail');
  const silent = resolution.filter((r) => r.verdict === 'unreachable' || r.verdict === 'failed');
  const reasons: Reason[] = [];
  if (failing.length > 0) {
    const status = failing.length * 2 > n ? 'down' : 'degraded';
    const list = failing.map((r) => `${r.verdict.toUpperCase()} from ${r.resolver}`).join(', ');
    const listFr = failing.map((r) => `${r.verdict.toUpperCase()} de ${r.resolver}`).join(', ');
    reasons.push({
      status,
      en: `${name} fails to resolve at ${failing.length} of ${n} resolvers (${list})`,
      fr: `${name} ne se résout pas auprès de ${failing.length} résolveur${failing.length > 1 ? 's' : ''} sur ${n} (${listFr})`,
    });
  }
  if (silent.length === n) {
    reasons.push({ status: 'unknown', en: `no resolver answered (${silent.map((r) => r.resolver).join(', ')})`, fr: `aucun résolveur n’a répondu (${silent.map((r) => r.resolver).join(', ')})` });
  } else if (silent.length > 0) {
    const list = silent.map((r) => r.resolver).join(', ');
    reasons.push({ status: 'degraded', en: `no usable answer from ${silent.length} of ${n} resolvers (${list})`, fr: `pas de réponse exploitable de ${silent.length} résolveur${silent.length > 1 ? 's' : ''} sur ${n} (${list})` });
  }
  return reasons;
}
