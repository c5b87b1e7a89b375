/** @module Pure change detection for the delegation check: the parent's NS set of two runs compared. */
import { listValues } from '../dns/assess.js';
import type { CheckEvent, CheckResult } from '../types.js';

interface ParentView {
  name: string;
  nameservers: string[];
}

/** The parent's NS set when the parent answered (an empty set when it no longer delegates); else `undefined`. */
function parentView(details: Record<string, unknown> | undefined): ParentView | undefined {
  const parent = details?.['parent'] as { nameservers?: unknown; delegated?: unknown } | undefined;
  const name = details?.['name'];
  if (typeof name !== 'string' || !parent || typeof parent.delegated !== 'boolean') return undefined;
  const nameservers = Array.isArray(parent.nameservers) ? (parent.nameservers as string[]) : [];
  return { name, nameservers: parent.delegated ? [...nameservers].sort() : [] };
}

/** The parent view a run carried from before because its own parent did not answer. */
function carriedView(details: Record<string, unknown> | undefined): ParentView | undefined {
  const carried = details?.['lastParent'] as { nameservers?: unknown } | undefined;
  const name = details?.['name'];
  if (typeof name !== 'string' || !carried || !Array.isArray(carried.nameservers)) return undefined;
  return { name, nameservers: carried.nameservers as string[] };
}

/** What a run is compared with: the parent's answer it got, or the one it carried. */
function baselineOf(details: Record<string, unknown> | undefined): ParentView | undefined {
  return parentView(details) ?? carriedView(details);
}

/**
 * The details to keep after a run: a run whose parent zone did not answer carries the last NS
 * set seen (`lastParent`), so a change across it (`a, b → timeout → c, d`) is still raised.
 */
export function keepParentView(previous: Record<string, unknown> | undefined, current: CheckResult): Record<string, unknown> | undefined {
  if (!current.details || parentView(current.details)) return current.details;
  const before = baselineOf(previous);
  if (!before || before.name !== current.details['name']) return current.details;
  return { ...current.details, lastParent: { nameservers: before.nameservers } };
}

/**
 * A `delegation.parent_ns_changed` event when this run got an answer from the parent zone and
 * its NS set differs from the last one seen for the same domain (the previous run's, or the one
 * carried across runs where the parent did not answer), a delegation that appears or
 * disappears included.
 */
export function diffParentNameservers(previous: Record<string, unknown> | undefined, current: CheckResult): CheckEvent[] {
  const before = baselineOf(previous);
  const after = parentView(current.details);
  if (!before || !after || before.name !== after.name) return [];
  if (before.nameservers.join(',') === after.nameservers.join(',')) return [];
  const en = `the parent zone's name servers for ${after.name} changed: ${listValues(before.nameservers)} → ${listValues(after.nameservers)}`;
  const none = (list: string) => list.replace('(aucune)', '(aucun)');
  const fr = `les serveurs de noms de ${after.name} dans la zone parente ont changé : ${none(listValues(before.nameservers, 'fr'))} → ${none(listValues(after.nameservers, 'fr'))}`;
  return [{ type: 'delegation.parent_ns_changed', message: en, messages: { en, fr }, before: before.nameservers, after: after.nameservers }];
}
