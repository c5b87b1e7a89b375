/**
 * @module One small inline SVG icon per component state, each a different shape (check, warning
 * triangle, half disc, cross, clock) so the state never rests on colour alone; decorative
 * (`aria-hidden`): the state is always written next to it.
 */
import type { ComponentState } from './status.types.js';

const SHAPES: Record<ComponentState, string> = {
  operational: '<circle cx="10" cy="10" r="9" fill="currentColor"/><path d="M5.5 10.5l3 3 6-6.5" fill="none" stroke="var(--bg)" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/>',
  degraded_performance: '<path d="M10 1.5L19 18H1z" fill="currentColor"/><path d="M10 7v5" stroke="var(--bg)" stroke-width="2.2" stroke-linecap="round"/><circle cx="10" cy="15" r="1.3" fill="var(--bg)"/>',
  partial_outage: '<circle cx="10" cy="10" r="8" fill="none" stroke="currentColor" stroke-width="2.2"/><path d="M10 2a8 8 0 0 1 0 16z" fill="currentColor"/>',
  major_outage: '<circle cx="10" cy="10" r="9" fill="currentColor"/><path d="M6.5 6.5l7 7M13.5 6.5l-7 7" stroke="var(--bg)" stroke-width="2.2" stroke-linecap="round"/>',
  under_maintenance: '<circle cx="10" cy="10" r="8" fill="none" stroke="currentColor" stroke-width="2.2"/><path d="M10 5.5V10l3 2" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"/>',
};

/** The icon of `state`, coloured by the `s-<state>` class of an ancestor. */
export function stateIcon(state: ComponentState): string {
  return `<svg class="icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">${SHAPES[state]}</svg>`;
}
