/**
 * @module The documents of Atlassian Statuspage's public API v2 (`/api/v2/summary.json` and its
 * siblings) as Vigie writes them: the same field names, in the same order, with the same value
 * vocabularies, so widgets and aggregators written for Statuspage read a Vigie page. Times are
 * ISO 8601 strings with the page's offset; ids are 12-character strings.
 */
import type { ComponentState, Indicator, PublicImpact, PublicIncidentStatus } from './status.types.js';

/** `page`: the page every document starts with. */
export interface SpPage {
  id: string;
  name: string;
  url: string;
  time_zone: string;
  updated_at: string;
}

/** `status`: the page's rollup. */
export interface SpStatus {
  indicator: Indicator;
  description: string;
}

/** A component, or a group of components (`group: true` and `components` listing its members' ids). */
export interface SpComponent {
  id: string;
  name: string;
  status: ComponentState;
  created_at: string;
  updated_at: string;
  position: number;
  description: string | null;
  showcase: boolean;
  start_date: string | null;
  group_id: string | null;
  page_id: string;
  group: boolean;
  only_show_if_degraded: boolean;
  components?: string[];
}

/** A component change carried by an update (Vigie writes `null`: updates do not record them). */
export interface SpAffectedComponent {
  code: string;
  name: string;
  old_status: ComponentState;
  new_status: ComponentState;
}

/** Statuses of scheduled maintenances. */
export type SpMaintenanceStatus = 'scheduled' | 'in_progress' | 'verifying' | 'completed';

/** One update of an incident or of a scheduled maintenance. */
export interface SpIncidentUpdate {
  id: string;
  status: PublicIncidentStatus | SpMaintenanceStatus;
  body: string;
  incident_id: string;
  created_at: string;
  updated_at: string;
  display_at: string;
  affected_components: SpAffectedComponent[] | null;
  deliver_notifications: boolean;
  custom_tweet: string | null;
  tweet_id: string | null;
}

/** An incident. */
export interface SpIncident {
  id: string;
  name: string;
  status: PublicIncidentStatus;
  created_at: string;
  updated_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  impact: PublicImpact;
  shortlink: string;
  started_at: string;
  page_id: string;
  incident_updates: SpIncidentUpdate[];
  components: SpComponent[];
  reminder_intervals: null;
}

/** A scheduled maintenance. */
export interface SpScheduledMaintenance {
  id: string;
  name: string;
  status: SpMaintenanceStatus;
  created_at: string;
  updated_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  impact: PublicImpact | 'maintenance';
  shortlink: string;
  started_at: string;
  page_id: string;
  incident_updates: SpIncidentUpdate[];
  components: SpComponent[];
  scheduled_for: string;
  scheduled_until: string;
}

/** `summary.json`. */
export interface SpSummary {
  page: SpPage;
  components: SpComponent[];
  incidents: SpIncident[];
  scheduled_maintenances: SpScheduledMaintenance[];
  status: SpStatus;
}

/** `status.json`. */
export interface SpStatusDocument {
  page: SpPage;
  status: SpStatus;
}

/** `components.json`. */
export interface SpComponentsDocument {
  page: SpPage;
  components: SpComponent[];
}

/** `incidents.json` and `incidents/unresolved.json`. */
export interface SpIncidentsDocument {
  page: SpPage;
  incidents: SpIncident[];
}

/** `scheduled-maintenances.json`, `…/upcoming.json` and `…/active.json`. */
export interface SpMaintenancesDocument {
  page: SpPage;
  scheduled_maintenances: SpScheduledMaintenance[];
}
