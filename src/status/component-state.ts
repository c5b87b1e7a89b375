/**
 * @module What the public reads of a component's state: a monitor's or a service's stored state
 * in the Statuspage vocabulary, maintenance first; the worst of several states; and the page's
 * overall indicator. Pure.
 */
import type { MonitorStateName } from '../core/states.js';
import { COMPONENT_STATES, type ComponentState, type Indicator, type PublicImpact } from './status.types.js';

/** How bad a state is (higher is worse); maintenance is above operational, below any failure. */
const RANK: Record<ComponentState, number> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

/**
 * A monitor's state as a component state. A monitor checks one thing, so `down` is a major outage
 * of what it checks; `degraded` is degraded performance. `pending` (no confirmed result yet),
 * `unknown` (the check itself could not run) and `paused` say nothing about the service: the
 * public reads them as operational rather than be alarmed by Vigie's own blind spots.
 */
export function monitorComponentState(state: MonitorStateName | null | undefined, inMaintenance: boolean): ComponentState {
  if (inMaintenance) return 'under_maintenance';
  if (state === 'down') return 'major_outage';
  if (state === 'degraded') return 'degraded_performance';
  return 'operational';
}

/** A service's stored state (already in the Statuspage vocabulary) as a component state; unknown text reads as operational. */
export function serviceComponentState(state: string | null | undefined, inMaintenance: boolean): ComponentState {
  if (inMaintenance) return 'under_maintenance';
  return (COMPONENT_STATES as readonly string[]).includes(state ?? '') ? (state as ComponentState) : 'operational';
}

/** The worst of the states given; operational when there is none. */
export function worstState(states: Iterable<ComponentState>): ComponentState {
  let worst: ComponentState = 'operational';
  for (const state of states) if (RANK[state] > RANK[worst]) worst = state;
  return worst;
}

const INDICATOR_RANK: Record<Indicator, number> = { none: 0, maintenance: 1, minor: 2, major: 3, critical: 4 };

/** The indicator a component state gives (Statuspage: major outage is critical, partial outage major). */
export function indicatorOfState(state: ComponentState): Indicator {
  switch (state) {
    case 'major_outage':
      return 'critical';
    case 'partial_outage':
      return 'major';
    case 'degraded_performance':
      return 'minor';
    case 'under_maintenance':
      return 'maintenance';
    default:
      return 'none';
  }
}

/**
 * The page's indicator: the worse of what its components show and the impact of its open
 * incidents (an incident declared by hand on an operational component still shows).
 */
export function pageIndicator(states: Iterable<ComponentState>, openImpacts: Iterable<PublicImpact>): Indicator {
  let indicator = indicatorOfState(worstState(states));
  for (const impact of openImpacts) {
    if (impact !== 'none' && INDICATOR_RANK[impact] > INDICATOR_RANK[indicator]) indicator = impact;
  }
  return indicator;
}
