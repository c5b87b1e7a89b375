/**
 * @module Page snapshots for the tests of the status page renderers (Statuspage JSON, feeds,
 * badges): a parsed page definition and snapshot parts with defaults, so a test states only what
 * it is about.
 */
import type { Localized } from '../../src/incidents/incident.types.js';
import { statusPageSchema, type StatusPageDefinition } from '../../src/status/status.schema.js';
import type { ComponentSnapshot, GroupSnapshot, PageSnapshot, PublicIncident, PublicMaintenance, PublicUpdate } from '../../src/status/status.types.js';

/** The same text in both languages, marked by language so a test sees which one was used. */
export function both(en: string, fr = `${en} (fr)`): Localized {
  return { en, fr };
}

/** A page definition parsed by the real schema (defaults applied). */
export function pageDefinition(overrides: Record<string, unknown> = {}): StatusPageDefinition {
  return statusPageSchema.parse({ id: 'public', title: { en: 'Example status', fr: 'État des services' }, time_zone: 'Europe/Paris', components: [{ service: 'web' }], ...overrides });
}

export function componentSnapshot(p: Partial<ComponentSnapshot> & Pick<ComponentSnapshot, 'id'>): ComponentSnapshot {
  return {
    ref: { kind: 'service', id: p.id },
    name: both(p.id),
    description: null,
    groupId: null,
    position: 0,
    state: 'operational',
    since: null,
    days: [],
    uptime: null,
    details: null,
    ...p,
  };
}

export function groupSnapshot(p: Partial<GroupSnapshot> & Pick<GroupSnapshot, 'id' | 'componentIds'>): GroupSnapshot {
  return { name: both(p.id), position: 0, state: 'operational', ...p };
}

export function publicUpdate(p: Partial<PublicUpdate> & Pick<PublicUpdate, 'id' | 'at'>): PublicUpdate {
  return { text: both(`update ${p.id}`), status: 'investigating', ...p };
}

export function publicIncident(p: Partial<PublicIncident> & Pick<PublicIncident, 'id' | 'createdAt'>): PublicIncident {
  return {
    title: both(`incident ${p.id}`),
    status: 'investigating',
    impact: 'minor',
    startedAt: p.createdAt,
    updatedAt: p.createdAt,
    identifiedAt: null,
    monitoringAt: null,
    resolvedAt: null,
    componentIds: [],
    updates: [],
    lastUpdateAt: null,
    updateOverdue: false,
    ...p,
  };
}

export function publicMaintenance(p: Partial<PublicMaintenance> & Pick<PublicMaintenance, 'id' | 'scheduledFor' | 'scheduledUntil'>): PublicMaintenance {
  return { title: both(`maintenance ${p.id}`), description: null, status: 'scheduled', componentIds: [], ...p };
}

/** A snapshot of a page where everything is operational, with `overrides` applied. */
export function pageSnapshot(overrides: Partial<PageSnapshot> = {}): PageSnapshot {
  const at = Date.parse('2026-05-14T10:00:00Z');
  return {
    page: pageDefinition(),
    builtAt: at,
    updatedAt: at,
    stale: null,
    indicator: 'none',
    state: 'operational',
    groups: [],
    components: [componentSnapshot({ id: 'service-web', name: { en: 'Website', fr: 'Site web' } })],
    incidents: [],
    history: [],
    maintenances: [],
    ...overrides,
  };
}
