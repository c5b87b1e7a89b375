/** @module In-process event bus: live changes for SSE streams and metrics. Storage stays the source of truth. */
import { EventEmitter } from 'node:events';
import type { Transition } from './monitor-state.js';
import type { ResultRow } from '../storage/store.js';

export interface BusEvents {
  /** A stored transition (state change or event). */
  transition: [Transition];
  /** A result, before it is written in the next batch. */
  result: [ResultRow];
  /** A monitor was added, changed or removed (config reload or API). */
  'monitor.changed': [{ id: string; change: 'added' | 'updated' | 'removed' }];
  /** The configuration was reloaded (ok) or refused (error). */
  'config.reloaded': [{ ok: true; monitors: number } | { ok: false; error: string }];
  /** An incident was opened, updated, acknowledged, resolved… (see `src/incidents/`). */
  'incident.changed': [{ id: number; change: string; status: string; severity: string }];
  /** A service's stored state changed. */
  'service.changed': [{ id: string; from: string | null; to: string; at: number }];
  /** A crisis was activated, joined, changed or deactivated (see `src/crisis/`). */
  'crisis.changed': [{ id: number; change: string; status: string }];
  /** A maintenance window was created, replaced or deleted through the API. */
  'maintenance.changed': [{ id: string; change: 'put' | 'removed' }];
}

/** A typed EventEmitter. */
export class Bus extends EventEmitter<BusEvents> {
  constructor() {
    super();
    this.setMaxListeners(0);
  }
}
