/**
 * @module Monitor use cases behind the API: list, read, write (API monitors only: create,
 * replace, merge-patch, delete), pause, resume and run. Writes keep stored secrets only for an
 * unchanged target (`restore-secrets.ts`) and respect `api.monitor_targets` (`target-policy.ts`);
 * they go to storage first, then to the engine through `MonitorControl` (which announces the
 * change on the bus).
 */
import type { z } from 'zod';
import type { Store, MonitorWithState } from '../../storage/store.js';
import type { MonitorControl } from '../../engine/monitor-control.js';
import { toDefinition, type monitorInputSchema } from '../../monitors/monitor.schema.js';
import { ApiError, conflict, invalidRequest, notFound } from '../errors.js';
import { iso } from '../schemas/common.schemas.js';
import type { MonitorView, monitorListQuery, monitorPage, runResultView } from '../schemas/monitor.schemas.js';
import { applyMergePatch } from './merge-patch.js';
import { locationViews, toMonitorSummaryView, toMonitorView } from './monitor-view.js';
import type { ConfigSource } from '../../config/monitor-sources.js';
import { redactSecrets } from './redact.js';
import { restoreSecrets } from './restore-secrets.js';
import { TargetPolicy, assertAllowedTargets } from './target-policy.js';

/** No `deny` rule: every target allowed, nothing resolved. */
const OPEN_POLICY = new TargetPolicy({ deny: [], allow: [] });

type ParsedInput = z.output<typeof monitorInputSchema>;

/** Monitor operations; every method throws an {@link ApiError} the client can act on. */
export class MonitorService {
  constructor(
    private readonly store: Store,
    private readonly control: MonitorControl,
    private readonly now: () => number,
    /** The `api.monitor_targets` policy in force (it follows config reloads). */
    private readonly targets: () => TargetPolicy = () => OPEN_POLICY,
    /** Where a file monitor is written in the config in force (it follows config reloads). */
    private readonly configSource: (id: string) => ConfigSource | undefined = () => undefined,
  ) {}

  /** A page of monitors in id order: full views, or summaries (no definition read) for long lists. */
  async list(query: z.output<typeof monitorListQuery>): Promise<z.output<typeof monitorPage>> {
    const { limit, offset, after, view, ...filter } = query;
    const start = after !== undefined ? { limit, after } : { limit, offset };
    if (view === 'summary') {
      const page = await this.store.monitors.listSummaries(filter, start);
      return { items: page.items.map(toMonitorSummaryView), total: page.total, limit, offset, next: page.next };
    }
    const page = await this.store.monitors.list(filter, start);
    return { items: page.items.map(toMonitorView), total: page.total, limit, offset, next: page.next };
  }

  /** One monitor, with where it is written (file monitors) and what each of its locations sees. */
  async get(id: string): Promise<MonitorView> {
    const record = await this.require(id);
    const source = record.source === 'file' ? this.configSource(id) : undefined;
    const locations = locationViews(record, this.now());
    return { ...toMonitorView(record), ...(source ? { configSource: { ...source } } : {}), ...(locations ? { locations } : {}) };
  }

  async create(parsed: ParsedInput, raw: unknown): Promise<MonitorView> {
    const existing = await this.store.monitors.get(parsed.id);
    if (existing) {
      const where = existing.source === 'file' ? ' in the configuration file' : '';
      throw conflict('conflict', `monitor ${JSON.stringify(parsed.id)} already exists${where}; choose another id or change it with PUT`);
    }
    await assertAllowedTargets(this.targets(), raw);
    return this.write(parsed, raw);
  }

  /**
   * The body with every `[redacted]` secret replaced by the value stored in monitor `id` (none
   * for a new monitor), so a monitor read, edited and sent back keeps its credentials. A
   * placeholder with nothing stored behind it is refused rather than stored as the secret, and
   * so is one sent with the monitor pointing elsewhere: a stored secret only goes where it went.
   */
  async keepSecrets(id: string | undefined, raw: unknown): Promise<unknown> {
    const existing = id === undefined ? undefined : await this.store.monitors.get(id);
    if (id !== undefined && existing?.source !== 'api') return raw; // update() answers 404 or 409
    return restoreSecrets(raw, existing?.input);
  }

  /**
   * The monitor after a JSON merge patch (RFC 7396) on its input as the API shows it (secrets
   * as `[redacted]`, `paused` left out: see {@link update}), with the stored secrets put back
   * under the same rules as PUT. The result is validated by the route as a whole monitor.
   */
  async mergePatch(id: string, patch: unknown): Promise<unknown> {
    const existing = await this.require(id);
    this.assertWritable(existing);
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw invalidRequest('a merge patch must be a JSON object');
    const { paused: _paused, ...shown } = redactSecrets(existing.input);
    return restoreSecrets(applyMergePatch(shown, patch), existing.input);
  }

  /** Replaces an API monitor; a body without `paused` keeps the monitor paused or running as it is. */
  async update(id: string, parsed: ParsedInput, raw: unknown): Promise<MonitorView> {
    const existing = await this.require(id);
    this.assertWritable(existing);
    await assertAllowedTargets(this.targets(), raw);
    const sentPaused = typeof raw === 'object' && raw !== null && Object.hasOwn(raw, 'paused');
    return this.write(sentPaused ? parsed : { ...parsed, paused: existing.paused }, raw);
  }

  async remove(id: string): Promise<void> {
    this.assertWritable(await this.require(id));
    if (!(await this.store.monitors.remove(id, this.now()))) throw notFound('monitor', id);
    this.control.remove(id);
  }

  async setPaused(id: string, paused: boolean, by: string): Promise<MonitorView> {
    await this.require(id);
    await this.control.setPaused(id, paused, by);
    return this.get(id);
  }

  async runNow(id: string): Promise<z.output<typeof runResultView>> {
    await this.require(id);
    const at = this.now();
    const result = await this.control.runNow(id);
    if (!result) {
      throw conflict('not_runnable', `monitor ${JSON.stringify(id)} is not loaded by the engine (its stored definition no longer validates, or its check type is unknown); see the log, then fix it with PUT`);
    }
    return {
      monitorId: id,
      status: result.status,
      message: result.message,
      latencyMs: result.latencyMs,
      timings: result.timings ? (JSON.parse(JSON.stringify(result.timings)) as Record<string, number>) : null,
      details: result.details ?? null,
      at: iso(at),
    };
  }

  private async write(parsed: ParsedInput, raw: unknown): Promise<MonitorView> {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalidRequest('the request body must be a JSON object');
    const def = toDefinition(parsed);
    const record = { id: def.id, name: def.name, type: def.type, source: 'api' as const, input: raw as Record<string, unknown>, tags: def.tags, paused: def.paused };
    await this.store.monitors.upsert(record, this.now());
    this.control.apply(def);
    return this.get(def.id);
  }

  private async require(id: string): Promise<MonitorWithState> {
    const monitor = await this.store.monitors.get(id);
    if (!monitor) throw notFound('monitor', id);
    return monitor;
  }

  private assertWritable(monitor: MonitorWithState): void {
    if (monitor.source === 'file') {
      throw new ApiError(409, 'read_only', `monitor ${JSON.stringify(monitor.id)} is defined in the configuration file; change it there`);
    }
  }
}
