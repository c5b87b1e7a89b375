/** @module Maintenance windows through the API: config windows read-only, API windows stored. */
import type { z } from 'zod';
import type { Bus } from '../../engine/bus.js';
import { parseApiWindow } from '../../incidents/incident-context.js';
import { isInMaintenance, nextOccurrences } from '../../maintenance/maintenance-window.js';
import { maintenanceEntrySchema, maintenanceTargetIssues } from '../../maintenance/maintenance.schema.js';
import type { MaintenanceWindow } from '../../maintenance/maintenance.types.js';
import type { StoredWindow } from '../../storage/incidents.repository.js';
import type { Store } from '../../storage/store.js';
import { ApiError, formatPath, fromZodError, invalidRequest, notFound } from '../errors.js';
import type { IncidentApiDeps } from './incident-api-deps.js';
import { iso } from '../schemas/common.schemas.js';
import type { maintenanceList, maintenanceView } from '../schemas/service.schemas.js';

type View = z.output<typeof maintenanceView>;

/** Lists, creates, replaces and deletes maintenance windows. */
export class MaintenanceService {
  constructor(
    private readonly store: Store,
    private readonly bus: Bus,
    private readonly deps: IncidentApiDeps,
    private readonly now: () => number,
  ) {}

  private configWindows(): readonly MaintenanceWindow[] {
    return this.deps.configWindows();
  }

  async list(): Promise<z.output<typeof maintenanceList>> {
    const fromFile = this.configWindows();
    const fileIds = new Set(fromFile.map((w) => w.id));
    const fromApi = (await this.store.incidents.listWindows()).filter((w) => !fileIds.has(w.id));
    const items = [...fromFile.map((w) => this.view(w, 'file', null)), ...fromApi.flatMap((s) => this.storedView(s))];
    return { items: items.sort((a, b) => a.id.localeCompare(b.id)) };
  }

  async get(id: string): Promise<View> {
    const file = this.configWindows().find((w) => w.id === id);
    if (file) return this.view(file, 'file', null);
    const stored = await this.store.incidents.getWindow(id);
    const view = stored ? this.storedView(stored)[0] : undefined;
    if (!view) throw notFound('maintenance window', id);
    return view;
  }

  /** Creates or replaces an API window; a config window cannot be changed here. */
  async put(body: Record<string, unknown>, expectNew: boolean): Promise<View> {
    const parsed = maintenanceEntrySchema.safeParse(body);
    if (!parsed.success) throw fromZodError('body', parsed.error);
    const id = parsed.data.id;
    this.refuseFileWindow(id);
    const { model } = await this.deps.context();
    const [issue] = maintenanceTargetIssues([parsed.data], [...model.monitorIds], [...model.services.keys()]);
    if (issue) {
      const path = formatPath(issue.path.slice(1));
      throw invalidRequest(`invalid request body: ${path}: ${issue.message}`, [{ path, message: issue.message }]);
    }
    if (expectNew && (await this.store.incidents.getWindow(id))) throw new ApiError(409, 'conflict', `maintenance window ${JSON.stringify(id)} already exists`);
    const stored = await this.store.incidents.putWindow(id, body, this.now());
    this.bus.emit('maintenance.changed', { id, change: 'put' });
    return this.view(parsed.data, 'api', stored.definition);
  }

  async remove(id: string): Promise<void> {
    this.refuseFileWindow(id);
    if (!(await this.store.incidents.removeWindow(id))) throw notFound('maintenance window', id);
    this.bus.emit('maintenance.changed', { id, change: 'removed' });
  }

  private refuseFileWindow(id: string): void {
    if (this.configWindows().some((w) => w.id === id)) {
      throw new ApiError(409, 'read_only', `maintenance window ${JSON.stringify(id)} comes from the configuration file; change it there`);
    }
  }

  private storedView(stored: StoredWindow): View[] {
    const window = parseApiWindow(stored);
    return window ? [this.view(window, 'api', stored.definition)] : [];
  }

  private view(window: MaintenanceWindow, source: 'file' | 'api', definition: Record<string, unknown> | null): View {
    const now = this.now();
    const [next] = nextOccurrences(window, now, 1);
    return {
      id: window.id, source, definition, timeZone: window.timeZone, services: window.services, monitors: window.monitors,
      active: isInMaintenance(window, now),
      next: next ? { start: iso(next.start), end: iso(next.end) } : null,
    };
  }
}
