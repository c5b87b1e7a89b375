/**
 * @module A page's layout from its config: its components in order with their public ids, names
 * and groups. Public ids are derived from the service or monitor they show but do not reveal it
 * (monitor ids are internal): the same reference always gets the same id, across restarts and
 * config reloads, so links and badges keep working. Pure.
 */
import { createHash } from 'node:crypto';
import type { Localized } from '../incidents/incident.types.js';
import type { StatusPageDefinition } from './status.schema.js';

/** A component of a page before its state is known. */
export interface LaidOutComponent {
  id: string;
  ref: { kind: 'service' | 'monitor'; id: string };
  name: Localized;
  description: Localized | null;
  groupId: string | null;
  position: number;
}

/** A group of a page before its state is known. */
export interface LaidOutGroup {
  id: string;
  name: Localized;
  position: number;
  componentIds: string[];
}

/** A page's components and groups, in page order. */
export interface PageLayout {
  components: LaidOutComponent[];
  groups: LaidOutGroup[];
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 11);
}

/** The public id of a component showing this service or monitor, e.g. `c3f9a0b1c2d4`. */
export function publicComponentId(ref: { kind: 'service' | 'monitor'; id: string }): string {
  return `c${shortHash(`${ref.kind}:${ref.id}`)}`;
}

/** Lays a page out; `serviceNames` gives the default public name of a service component. */
export function pageLayout(page: Pick<StatusPageDefinition, 'components'>, serviceNames: ReadonlyMap<string, Localized>): PageLayout {
  const components: LaidOutComponent[] = [];
  const groups: LaidOutGroup[] = [];
  const seenGroups = new Set<string>();
  const seenComponents = new Set<string>();
  page.components.forEach((entry, position) => {
    const isGroup = 'group' in entry;
    let groupId: string | null = null;
    if (isGroup) {
      const base = `g${shortHash(`group:${entry.group.en}`)}`;
      groupId = seenGroups.has(base) ? `${base}-${position}` : base;
      seenGroups.add(groupId);
      groups.push({ id: groupId, name: entry.group, position, componentIds: [] });
    }
    for (const c of isGroup ? entry.components : [entry]) {
      const ref = { kind: c.kind, id: c.id };
      const id = publicComponentId(ref);
      // The same service or monitor listed twice is shown once, where it first appears.
      if (seenComponents.has(id)) continue;
      seenComponents.add(id);
      const name = c.name ?? (c.kind === 'service' ? serviceNames.get(c.id) : undefined) ?? { en: c.id, fr: c.id };
      components.push({ id, ref, name, description: c.description ?? null, groupId, position: components.length });
      if (groupId !== null) groups.at(-1)!.componentIds.push(id);
    }
  });
  return { components, groups };
}
