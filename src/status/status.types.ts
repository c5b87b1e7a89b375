/**
 * @module The status page vocabulary: what a page shows, as a snapshot built from the store and
 * the config (`snapshot.ts`) and rendered without touching the store again (HTML, Statuspage JSON,
 * feeds, badges). A snapshot holds only public facts: names and texts written for the public,
 * states, uptime, public updates — internal details (monitor ids, hosts, error texts) only when
 * the page says `show_details`. Times are epoch ms.
 */
import type { Localized } from '../incidents/incident.types.js';
import type { StatusPageDefinition } from './status.schema.js';

/** A component's state, with the values of Atlassian Statuspage. */
export const COMPONENT_STATES = ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'] as const;
export type ComponentState = (typeof COMPONENT_STATES)[number];

/** The page's overall indicator (Statuspage `status.indicator`). */
export type Indicator = 'none' | 'minor' | 'major' | 'critical' | 'maintenance';

/** Incident states and impacts as Statuspage names them. */
export type PublicIncidentStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved';
export type PublicImpact = 'none' | 'minor' | 'major' | 'critical';

/** One day of a component's uptime bar (days in the page's time zone, oldest first). */
export interface UptimeDay {
  /** Start of the day, epoch ms (midnight in the page's time zone). */
  day: number;
  /** Available share of the observed time, 0..1; null when nothing was observed that day. */
  ratio: number | null;
  /** Minutes in partial and in major outage that day. */
  partialMinutes: number;
  majorMinutes: number;
}

/** A component as the public sees it. */
export interface ComponentSnapshot {
  /** Stable public id (a slug of the reference, e.g. `service-emergency-calls`). */
  id: string;
  ref: { kind: 'service' | 'monitor'; id: string };
  name: Localized;
  description: Localized | null;
  /** The group id it belongs to, if any. */
  groupId: string | null;
  /** Position on the page, from 0. */
  position: number;
  state: ComponentState;
  /** Since when it is in that state; null when unknown. */
  since: number | null;
  /** Uptime bar, `history_days` days. */
  days: UptimeDay[];
  /** Uptime over the whole bar; null when nothing was observed. */
  uptime: number | null;
  /** Internal reasons (only with `show_details`). */
  details: Localized | null;
}

/** A group of components. */
export interface GroupSnapshot {
  id: string;
  name: Localized;
  position: number;
  componentIds: string[];
  /** The worst state of its components. */
  state: ComponentState;
}

/** A public update of an incident. */
export interface PublicUpdate {
  /** The timeline entry id. */
  id: number;
  at: number;
  text: Localized;
  /** The incident's public status when the update was written. */
  status: PublicIncidentStatus;
}

/** An incident as the public sees it. */
export interface PublicIncident {
  id: number;
  /** A public title: the components and their state unless the page shows details. */
  title: Localized;
  status: PublicIncidentStatus;
  impact: PublicImpact;
  /** First failure, else opened. */
  startedAt: number;
  createdAt: number;
  updatedAt: number;
  /** When it was acknowledged ("identified"), mitigated ("monitoring"), resolved. */
  identifiedAt: number | null;
  monitoringAt: number | null;
  resolvedAt: number | null;
  /** Component ids of this page it affects. */
  componentIds: string[];
  /** Public updates, newest first. */
  updates: PublicUpdate[];
  /** When the last public update was written (or null); open incidents past the page's interval are `overdue`. */
  lastUpdateAt: number | null;
  updateOverdue: boolean;
}

/** A maintenance window as the public sees it (one occurrence). */
export interface PublicMaintenance {
  /** Stable id: the window id and the occurrence start. */
  id: string;
  title: Localized;
  description: Localized | null;
  status: 'scheduled' | 'in_progress' | 'completed';
  scheduledFor: number;
  scheduledUntil: number;
  componentIds: string[];
}

/** Everything one page shows, at one moment. */
export interface PageSnapshot {
  page: StatusPageDefinition;
  /** When the data was read from the store. */
  builtAt: number;
  /** The latest change the page shows (a state change, an update…): `Last-Modified`. */
  updatedAt: number;
  /** Set while the store cannot be read: the page shows the last known state with a notice. */
  stale: { since: number; error: string } | null;
  indicator: Indicator;
  /** The worst component state. */
  state: ComponentState;
  groups: GroupSnapshot[];
  components: ComponentSnapshot[];
  /** Open incidents, newest first. */
  incidents: PublicIncident[];
  /** Resolved incidents within `history_days`, newest first. */
  history: PublicIncident[];
  /** Upcoming and in-progress maintenance, soonest first. */
  maintenances: PublicMaintenance[];
}

/** Where a page is served and how links are written. */
export interface RenderContext {
  lang: 'en' | 'fr';
  /** Base URL of the page's links, without a trailing slash (`https://status.example.org` or `http://127.0.0.1:3000/status/public`). */
  baseUrl: string;
  now: number;
}
