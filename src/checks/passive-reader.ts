/**
 * @module What passive check types (heartbeats, traffic counters) may read of what servers
 * pushed. Implemented over storage and handed to checks in their context by the engine.
 */

/** Read access to pushed data; extended by the passive check types. */
export interface PassiveReader {
  /** Marker so that the interface is never empty; passive check types add their methods. */
  readonly kind: 'passive-reader';
}
