/**
 * @module Pure change detection for the domain check: registry statuses, registrar, `last
 * changed`, DNSSEC signing, name servers and expiry compared between two runs, each change an
 * event with a readable before → after in English and French.
 */
import type { CheckEvent, CheckResult } from '../types.js';
import { factsFrom, type DomainFacts } from './facts.js';
import type { Bilingual } from './messages.js';

const list = (values: readonly string[], none: string) => (values.length === 0 ? none : values.join(', '));
const moment = (iso: string | null, none: string) => (iso === null ? none : `${iso.slice(0, 16).replace('T', ' ')} UTC`);
const signed = (flag: boolean | null): Bilingual =>
  flag === null ? { en: 'unknown', fr: 'inconnue' } : flag ? { en: 'signed', fr: 'signée' } : { en: 'unsigned', fr: 'non signée' };

function event(type: string, text: Bilingual, before: unknown, after: unknown): CheckEvent {
  return { type, message: text.en, messages: text, before, after };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function listEvents(before: DomainFacts, after: DomainFacts): CheckEvent[] {
  const events: CheckEvent[] = [];
  const { name } = after;
  if (!sameList(before.status, after.status)) {
    const text = {
      en: `registry status of ${name} changed: ${list(before.status, 'none')} → ${list(after.status, 'none')}`,
      fr: `statut de ${name} au registre modifié : ${list(before.status, 'aucun')} → ${list(after.status, 'aucun')}`,
    };
    events.push(event('domain.status_changed', text, before.status, after.status));
  }
  if (!sameList(before.nameservers, after.nameservers)) {
    const text = {
      en: `name servers of ${name} at the registry changed: ${list(before.nameservers, 'none')} → ${list(after.nameservers, 'none')}`,
      fr: `serveurs de noms de ${name} au registre modifiés : ${list(before.nameservers, 'aucun')} → ${list(after.nameservers, 'aucun')}`,
    };
    events.push(event('domain.nameservers_changed', text, before.nameservers, after.nameservers));
  }
  return events;
}

function valueEvents(before: DomainFacts, after: DomainFacts): CheckEvent[] {
  const events: CheckEvent[] = [];
  const { name } = after;
  if (before.registrar !== after.registrar) {
    const text = {
      en: `registrar of ${name} changed: ${before.registrar ?? 'none'} → ${after.registrar ?? 'none'}`,
      fr: `bureau d'enregistrement de ${name} modifié : ${before.registrar ?? 'aucun'} → ${after.registrar ?? 'aucun'}`,
    };
    events.push(event('domain.registrar_changed', text, before.registrar, after.registrar));
  }
  if (before.lastChanged !== after.lastChanged) {
    const text = {
      en: `${name} was changed at the registry: last changed ${moment(before.lastChanged, 'none')} → ${moment(after.lastChanged, 'none')}`,
      fr: `${name} a été modifié au registre : dernière modification ${moment(before.lastChanged, 'aucune')} → ${moment(after.lastChanged, 'aucune')}`,
    };
    events.push(event('domain.last_changed', text, before.lastChanged, after.lastChanged));
  }
  if (before.delegationSigned !== after.delegationSigned) {
    const [b, a] = [signed(before.delegationSigned), signed(after.delegationSigned)];
    const text = { en: `DNSSEC delegation of ${name}: ${b.en} → ${a.en}`, fr: `délégation DNSSEC de ${name} : ${b.fr} → ${a.fr}` };
    events.push(event('domain.dnssec_changed', text, before.delegationSigned, after.delegationSigned));
  }
  // Compared by calendar day, as shown: a registry that re-stamps the time of the same day has not moved it.
  const [b, a] = [before.expiry?.slice(0, 10), after.expiry?.slice(0, 10)];
  if (b !== a) {
    const text = {
      en: `expiry of ${name} moved: ${b ?? 'none'} → ${a ?? 'none'}`,
      fr: `échéance de ${name} déplacée : ${b ?? 'aucune'} → ${a ?? 'aucune'}`,
    };
    events.push(event('domain.expiry_changed', text, before.expiry, after.expiry));
  }
  return events;
}

/** Events between the previous run's facts and this run's; none when either run has no facts. */
export function diffDomain(previous: Record<string, unknown> | undefined, current: CheckResult): CheckEvent[] {
  const before = factsFrom(previous);
  const after = factsFrom(current.details);
  if (!before || !after || before.name !== after.name) return [];
  return [...listEvents(before, after), ...valueEvents(before, after)];
}
