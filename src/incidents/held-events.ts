/**
 * @module Bus events held back until the transaction that caused them commits: listeners (SSE,
 * notification planner, crisis rules) then read what they are told about, and a batch rolled
 * back announces nothing.
 */
import type { Bus, BusEvents } from '../engine/bus.js';

/** What the incident code emits through: the bus itself, or events held for later. */
export type IncidentEmitter = Pick<Bus, 'emit'>;

/** Collects `emit` calls; `release()` sends them to the bus in order, `drop()` forgets them. */
export class HeldEvents implements IncidentEmitter {
  private held: Array<() => void> = [];

  constructor(private readonly bus: Bus) {}

  emit<K extends keyof BusEvents>(event: K, ...args: BusEvents[K]): boolean {
    const emit = this.bus.emit.bind(this.bus) as (event: K, ...args: BusEvents[K]) => boolean;
    this.held.push(() => emit(event, ...args));
    return true;
  }

  release(): void {
    const held = this.held;
    this.held = [];
    for (const send of held) send();
  }

  drop(): void {
    this.held = [];
  }
}
