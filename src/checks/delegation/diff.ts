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

/**
 * A `delegation.parent_ns_changed` event when both runs got an answer from the parent zone for the
 * same domain and its NS set differs (including a delegation that appears or disappears).
 */
export function diffParentNameservers(previous: Record<string, unknown> | undefined, current: CheckResult): CheckEvent[] {
  const before = parentView(previous);
  const after = parentView(current.details);
  if (!before || !after || before.name !== after.name) return [];
  if (before.nameservers.join(',') === after.nameservers.join(',')) return [];
  const was = listValues(before.nameservers);
  const now = listValues(after.nameservers);
  const en = `the parent zone's name servers for ${after.name} changed: ${was} → ${now}`;
  const fr = `les serveurs de noms de ${after.name} dans la zone parente ont changé : ${was.replace('(none)', '(aucun)')} → ${now.replace('(none)', '(aucun)')}`;
  return [{ type: 'delegation.parent_ns_changed', message: en, messages: { en, fr }, before: before.nameservers, after: after.nameservers }];
}
