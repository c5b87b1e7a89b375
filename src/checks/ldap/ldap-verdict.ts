/** @module Turns an LDAP session into a check result, with messages in English and French. */
import { ms, netErrorTexts, resultWith, type Texts } from '../net/texts.js';
import type { CheckResult } from '../types.js';
import { diagnostic, resultCodeTexts } from './ldap-errors.js';
import type { LdapOutcome, LdapStep } from './ldap-session.js';
import { parseLdapUrl, type LdapConfig } from './ldap.schema.js';

const STEP_FR: Record<LdapStep, string> = { connect: 'la connexion', tls: 'la négociation TLS', bind: 'l’authentification (bind)', search: 'la recherche' };
const STEP_EN: Record<LdapStep, string> = { connect: 'connecting', tls: 'the TLS handshake', bind: 'the bind', search: 'the search' };

function entriesText(count: number, atLeast: boolean): Texts {
  const more = atLeast ? { en: 'at least ', fr: 'au moins ' } : { en: '', fr: '' };
  return { en: `${more.en}${count} ${count === 1 ? 'entry' : 'entries'}`, fr: `${more.fr}${count} entrée${count > 1 ? 's' : ''}` };
}

function success(config: LdapConfig, outcome: Extract<LdapOutcome, { kind: 'done' }>): CheckResult {
  const took = ms(outcome.timings.total);
  const rest = { latencyMs: outcome.timings.total, timings: outcome.timings, details: { entries: outcome.entries ?? null, atLeast: outcome.atLeast } };
  const search = config.search;
  if (search && outcome.entries !== undefined) {
    const found = entriesText(outcome.entries, outcome.atLeast);
    if (outcome.entries < search.min_entries) {
      const want = entriesText(search.min_entries, false);
      return resultWith('down', {
        en: `search of "${search.base}" with ${search.filter} returned ${found.en}, expected at least ${search.min_entries}`,
        fr: `la recherche dans « ${search.base} » avec ${search.filter} a renvoyé ${found.fr}, au moins ${want.fr} attendue${search.min_entries === 1 ? '' : 's'}`,
      }, rest);
    }
    return resultWith('up', { en: `search returned ${found.en} in ${took} ms`, fr: `la recherche a renvoyé ${found.fr} en ${took} ms` }, rest);
  }
  if (config.bind_dn !== undefined) return resultWith('up', { en: `bind as ${config.bind_dn} succeeded in ${took} ms`, fr: `authentification de ${config.bind_dn} réussie en ${took} ms` }, rest);
  return resultWith('up', { en: `the LDAP server answered (root DSE) in ${took} ms`, fr: `le serveur LDAP a répondu (root DSE) en ${took} ms` }, rest);
}

/** "bind failed", "search of "…" failed", "StartTLS failed", in both languages. */
function failedStep(config: LdapConfig, step: LdapStep): Texts {
  if (step === 'search' && config.search) return { en: `search of "${config.search.base}" failed`, fr: `échec de la recherche dans « ${config.search.base} »` };
  if (step === 'tls' && config.starttls) return { en: 'StartTLS failed', fr: 'échec de StartTLS' };
  return { en: `${step} failed`, fr: `échec de ${STEP_FR[step]}` };
}

function failure(config: LdapConfig, outcome: Extract<LdapOutcome, { kind: 'failed' }>): CheckResult {
  const { host, port } = parseLdapUrl(config.url)!;
  const said = diagnostic(outcome.error);
  const rest = { latencyMs: null, timings: outcome.timings, details: { step: outcome.step, ...(said ? { diagnostic: said } : {}) } };
  const what = failedStep(config, outcome.step);
  const code = resultCodeTexts(outcome.error);
  if (code) return resultWith('down', { en: `${what.en}: ${code.en}`, fr: `${what.fr} : ${code.fr}` }, rest);
  if (outcome.step === 'connect') return resultWith('down', netErrorTexts(outcome.error, 'connect', host, port), rest);
  if (outcome.step === 'tls') {
    const texts = netErrorTexts(outcome.error, 'tls', host, port);
    return resultWith('down', config.starttls ? { en: `${what.en}: ${texts.en}`, fr: `${what.fr} : ${texts.fr}` } : texts, rest);
  }
  const errorCode = (outcome.error as { code?: unknown } | null)?.code;
  const suffix = typeof errorCode === 'string' ? ` (${errorCode})` : '';
  return resultWith('down', { en: `the connection was lost during ${STEP_EN[outcome.step]}${suffix}`, fr: `connexion perdue pendant ${STEP_FR[outcome.step]}${suffix}` }, rest);
}

/** The result of an LDAP session. */
export function ldapVerdict(config: LdapConfig, outcome: LdapOutcome, timedOut: boolean, timeoutMs: number): CheckResult {
  if (outcome.kind === 'done') return success(config, outcome);
  if (outcome.kind === 'failed') return failure(config, outcome);
  if (!timedOut) return resultWith('unknown', { en: 'the check was cancelled (shutdown or reload)', fr: 'la vérification a été annulée (arrêt ou rechargement)' }, { latencyMs: null, timings: outcome.timings });
  const where = config.url;
  return resultWith(
    'down',
    { en: `no answer from ${where} within ${timeoutMs} ms during ${STEP_EN[outcome.step]}`, fr: `pas de réponse de ${where} en ${timeoutMs} ms pendant ${STEP_FR[outcome.step]}` },
    { latencyMs: null, timings: outcome.timings, details: { step: outcome.step } },
  );
}
