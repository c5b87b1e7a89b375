/**
 * @module The texts of the domain check, in English and French: what the registry status means
 * for the user, expiry, name-server and registrar drift, and the healthy summary.
 */
import type { DomainFacts } from './facts.js';
import type { UnpublishedStatus } from './statuses.js';

/** One text in the two languages users read. */
export interface Bilingual {
  en: string;
  fr: string;
}

const DAY_MS = 86_400_000;

/** `10:31 UTC` when `at` falls on the same UTC day as `now`, else `2026-03-01 10:31 UTC`. */
export function formatMoment(at: number, now: number, seconds = false): string {
  const iso = new Date(at).toISOString();
  const time = iso.slice(11, seconds ? 19 : 16);
  return iso.slice(0, 10) === new Date(now).toISOString().slice(0, 10) ? `${time} UTC` : `${iso.slice(0, 10)} ${time} UTC`;
}

/** `3 days` / `3 jours`. */
export function days(n: number): Bilingual {
  return { en: `${n} day${n === 1 ? '' : 's'}`, fr: `${n} jour${n > 1 ? 's' : ''}` };
}

/** Joins several texts language by language (`; ` in English, ` ; ` in French). */
export function joinTexts(texts: readonly Bilingual[]): Bilingual {
  return { en: texts.map((t) => t.en).join('; '), fr: texts.map((t) => t.fr).join(' ; ') };
}

function since(facts: DomainFacts, now: number): Bilingual {
  const at = facts.lastChanged ? Date.parse(facts.lastChanged) : Number.NaN;
  if (Number.isNaN(at)) return { en: '', fr: '' };
  const when = formatMoment(at, now);
  return { en: ` since ${when}`, fr: ` depuis ${when}` };
}

/**
 * What an unpublishing status means, naming the worst one first, e.g. *ge.ch is on hold at the
 * registry (clientHold) since 10:31 UTC — resolution will fail as caches expire*. `ttlSeconds`
 * (from the delegation check, when known) says how long caches may keep answering.
 */
export function unpublishedText(facts: DomainFacts, codes: readonly UnpublishedStatus[], now: number, ttlSeconds?: number): Bilingual {
  const { name } = facts;
  const list = codes.join(', ');
  const s = since(facts, now);
  const ttl = ttlSeconds === undefined ? '' : ` (TTL ${ttlSeconds} s)`;
  switch (codes[0]) {
    case 'redemptionPeriod':
      return {
        en: `${name} has been deleted and is in its redemption period (${list})${s.en} — the registry has stopped publishing it; the registrar can still restore it`,
        fr: `${name} a été supprimé et se trouve en période de rédemption (${list})${s.fr} — le registre ne le publie plus ; le bureau d'enregistrement peut encore le restaurer`,
      };
    case 'pendingRestore':
      return {
        en: `${name} is being restored at the registry (${list})${s.en} — it stays unpublished until the restore completes`,
        fr: `${name} est en cours de restauration au registre (${list})${s.fr} — il reste non publié jusqu'à la fin de la restauration`,
      };
    case 'pendingDelete':
      return {
        en: `${name} is pending deletion at the registry (${list})${s.en} — the registry has stopped publishing it and will release it unless it is restored`,
        fr: `${name} est en attente de suppression au registre (${list})${s.fr} — le registre ne le publie plus et le libérera s'il n'est pas restauré`,
      };
    case 'serverHold':
    case 'clientHold':
      return {
        en: `${name} is on hold at the registry (${list})${s.en} — resolution will fail as caches expire${ttl}`,
        fr: `${name} est suspendu au registre (${list})${s.fr} — le domaine cessera de résoudre à l'expiration des caches${ttl}`,
      };
    default:
      return {
        en: `${name} is inactive at the registry (${list}) — without a delegation the registry does not publish it`,
        fr: `${name} est inactif au registre (${list}) — sans délégation, le registre ne le publie pas`,
      };
  }
}

/** Expiry texts: already expired, or within a threshold (`kind`). */
export function expiryText(facts: DomainFacts, now: number, kind: 'expired' | 'critical' | 'warning', threshold: number): Bilingual {
  const expiry = Date.parse(facts.expiry!);
  const date = facts.expiry!.slice(0, 10);
  const { name } = facts;
  if (kind === 'expired') {
    const ago = days(Math.floor((now - expiry) / DAY_MS));
    return { en: `${name} expired on ${date} (${ago.en} ago)`, fr: `${name} a expiré le ${date} (il y a ${ago.fr})` };
  }
  const left = Math.floor((expiry - now) / DAY_MS);
  const inDays = left === 0 ? { en: 'in less than a day', fr: "dans moins d'un jour" } : { en: `in ${days(left).en}`, fr: `dans ${days(left).fr}` };
  const limit = days(threshold);
  if (kind === 'critical') {
    return {
      en: `${name} expires on ${date} (${inDays.en}), within the critical threshold of ${limit.en} — renew it now`,
      fr: `${name} expire le ${date} (${inDays.fr}), sous le seuil critique de ${limit.fr} — renouvelez-le maintenant`,
    };
  }
  return {
    en: `${name} expires on ${date} (${inDays.en}), within the warning threshold of ${limit.en}`,
    fr: `${name} expire le ${date} (${inDays.fr}), sous le seuil d'alerte de ${limit.fr}`,
  };
}

/** The name servers at the registry differ from the expected set. */
export function nameserverDriftText(name: string, missing: readonly string[], unexpected: readonly string[]): Bilingual {
  const en: string[] = [];
  const fr: string[] = [];
  if (missing.length > 0) {
    en.push(`missing ${missing.join(', ')}`);
    fr.push(`manquants : ${missing.join(', ')}`);
  }
  if (unexpected.length > 0) {
    en.push(`unexpected ${unexpected.join(', ')}`);
    fr.push(`inattendus : ${unexpected.join(', ')}`);
  }
  return {
    en: `the name servers of ${name} at the registry differ from the expected ones: ${en.join('; ')}`,
    fr: `les serveurs de noms de ${name} au registre diffèrent de ceux attendus : ${fr.join(' ; ')}`,
  };
}

/** The registrar differs from the expected one. */
export function registrarDriftText(name: string, actual: string | null, expected: string): Bilingual {
  const shown = actual ?? 'not published';
  const montre = actual ?? 'non publié';
  return {
    en: `the registrar of ${name} is ${shown}, expected ${expected}`,
    fr: `le bureau d'enregistrement de ${name} est ${montre}, attendu : ${expected}`,
  };
}

/** The summary of a healthy registration, saying once when the registry publishes no expiry date. */
export function healthyText(facts: DomainFacts, now: number): Bilingual {
  const parts: Bilingual[] = [{ en: `${facts.name} is active at the registry`, fr: `${facts.name} est actif au registre` }];
  if (facts.expiry) {
    const left = days(Math.floor((Date.parse(facts.expiry) - now) / DAY_MS));
    const date = facts.expiry.slice(0, 10);
    parts.push({ en: `expires on ${date} (in ${left.en})`, fr: `expire le ${date} (dans ${left.fr})` });
  } else {
    parts.push({
      en: 'the registry publishes no expiry date: monitoring status and delegation only',
      fr: "le registre ne publie pas de date d'expiration : seuls le statut et la délégation sont surveillés",
    });
  }
  if (facts.registrar) parts.push({ en: `registrar ${facts.registrar}`, fr: `bureau d'enregistrement ${facts.registrar}` });
  return joinTexts(parts);
}
