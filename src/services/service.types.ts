/**
 * @module The service model: services made of monitors and other services, with redundancy
 * (k of n members) and dependencies, and the status their evaluation gives.
 *
 * Everything here is plain data: the config builds a {@link ServiceModel} once, and
 * `evaluateServices` (pure, no clock) turns the members' states into a {@link ServiceStatus}
 * per service. State names follow Atlassian Statuspage, so status pages and clients built for it fit.
 */
import type { MonitorStateName } from '../core/states.js';

/** A text in the two languages users read. */
export interface Localized {
  en: string;
  fr: string;
}

/** How much a service matters; with the state it gives an incident's severity. */
export const CRITICALITIES = ['vital', 'high', 'normal'] as const;
export type Criticality = (typeof CRITICALITIES)[number];

/** A service's state, in the Statuspage vocabulary, from best to worst (maintenance aside). */
export const SERVICE_STATES = ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'] as const;
export type ServiceStateName = (typeof SERVICE_STATES)[number];

/** The states a failure can put a service in (maintenance is not a failure). */
export type FailureStateName = Exclude<ServiceStateName, 'operational' | 'under_maintenance'>;

/** How bad a state is, for ordering (higher is worse); maintenance ranks as operational. */
export const SERVICE_STATE_RANK: Record<ServiceStateName, number> = {
  operational: 0,
  under_maintenance: 0,
  degraded_performance: 1,
  partial_outage: 2,
  major_outage: 3,
};

/** What a failing dependency does to the service that depends on it. */
export const DEPENDENCY_IMPACTS = ['outage', 'degraded'] as const;
export type DependencyImpact = (typeof DEPENDENCY_IMPACTS)[number];

/** `depends_on` entry: when `service` is in outage, this service is at least `impact`. */
export interface ServiceDependency {
  service: string;
  impact: DependencyImpact;
}

/** A redundancy group: the service works while at least `minHealthy` of `members` are healthy. */
export interface Redundancy {
  /** Monitor ids or service ids (n = members.length). */
  members: string[];
  /** k: the fewest healthy members the service needs. 1 ≤ k ≤ n. */
  minHealthy: number;
  /** What a member is called in summaries ("call servers"); default "members" / "membres". */
  memberLabel?: Localized;
}

/** A service as its operators see it (validated, ids resolved). */
export interface ServiceDefinition {
  id: string;
  name: Localized;
  description?: Localized;
  criticality: Criticality;
  /** Monitor ids or service ids that are all needed (no redundancy between them). */
  components: string[];
  redundancy?: Redundancy;
  dependsOn: ServiceDependency[];
  tags: string[];
}

/**
 * The validated set of services: acyclic, every referenced id known. `order` lists service ids so
 * that every service comes after the services it contains or depends on (evaluation order).
 */
export interface ServiceModel {
  services: ReadonlyMap<string, ServiceDefinition>;
  order: readonly string[];
  /** The monitor ids services may refer to. */
  monitorIds: ReadonlySet<string>;
}

/** The confirmed state of each monitor, by id (missing = no data yet, read as `pending`). */
export type MemberStates = ReadonlyMap<string, MonitorStateName>;

/** The monitor and service ids under maintenance now: a `Set`, or the map `activeMaintenanceTargets` gives. */
export interface MaintenanceTargets {
  has(id: string): boolean;
}

/** Why a service is in its state. `code` is stable for programs; `en`/`fr` are for people. */
export interface StatusReason extends Localized {
  code:
    | 'member_down'
    | 'member_degraded'
    | 'member_unknown'
    | 'member_maintenance'
    | 'component_down'
    | 'component_degraded'
    | 'redundancy_reduced'
    | 'redundancy_lost'
    | 'dependency_failed'
    | 'under_maintenance';
  /** The monitor or service the reason is about, when there is one. */
  subject?: string;
}

/**
 * Where a failure starts: the deepest service whose own monitors fail, with those monitors.
 * A service that fails only because of a dependency or a nested service has that service's root
 * causes, so the incident engine can fold dependants under one incident.
 */
export interface RootCause {
  service: string;
  /** The failing monitors of `service` itself (down or degraded), sorted. */
  monitors: string[];
}

/** Counts of a redundancy group at evaluation time. */
export interface RedundancyCount {
  /** Members up or degraded (and members with no data yet, which are not counted as failed). */
  healthy: number;
  /** n. */
  total: number;
  /** k. */
  minHealthy: number;
  /** Ids of the members counted as not healthy (down, or under maintenance). */
  failing: string[];
}

/** The evaluated status of one service. */
export interface ServiceStatus {
  id: string;
  /** What users see: `under_maintenance` while the service itself is in a maintenance window. */
  state: ServiceStateName;
  /** The state the members give, maintenance of the service itself aside (never `under_maintenance`). */
  actualState: Exclude<ServiceStateName, 'under_maintenance'>;
  reasons: StatusReason[];
  /**
   * The reasons that explain the state, every cause that holds, the worst first (e.g. a failed
   * traffic component, then the redundancy below its minimum); empty when operational. Members
   * counted in a redundancy summary and members in an unknown state are not repeated here.
   */
  causes: StatusReason[];
  /** Empty when operational. */
  rootCauses: RootCause[];
  redundancy?: RedundancyCount;
  /**
   * True when the service is not operational only because of planned maintenance (members or
   * dependencies in a window): no incident should be opened for it.
   */
  plannedOnly: boolean;
}
