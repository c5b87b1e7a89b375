/** @module The change, rollout and guard routes' service: requests to {@link ChangeService} calls, records to API views. */
import type { Principal } from '../auth.js';
import type { ChangeService, RingView } from '../../changes/change-service.js';
import type { Change, GuardDecision, Rollout, RolloutEvent } from '../../changes/changes.types.js';
import type { Incident } from '../../incidents/incident.types.js';
import type { Store } from '../../storage/store.js';
import { notFound } from '../errors.js';
import { iso, isoOrNull } from '../schemas/common.schemas.js';
import type { ChangeBody, RolloutBody } from '../schemas/change.schemas.js';

/** Who did it: the API token's name, or `api`. */
export function changeAuthor(principal: Principal | null): string {
  return principal ? principal.name : 'api';
}

export class ChangeApiService {
  constructor(
    private readonly changes: () => ChangeService,
    private readonly store: Store,
  ) {}

  async record(body: ChangeBody, principal: Principal | null) {
    const change = await this.changes().record(
      {
        summary: body.summary,
        source: body.source,
        timestamp: body.timestamp,
        kind: body.kind,
        externalRef: body.external_ref,
        links: body.links,
        details: body.custom_details,
        targets: body.targets,
        rollout: body.rollout,
        ring: body.ring,
      },
      changeAuthor(principal),
    );
    return this.view(change);
  }

  async list(query: { from?: number | undefined; to?: number | undefined; kind?: Change['kind'] | undefined; rollout?: string | undefined; monitor?: string | undefined; limit: number }) {
    const items = await this.changes().list({ from: query.from, to: query.to, kind: query.kind, rolloutId: query.rollout, monitorId: query.monitor }, query.limit);
    return { items: await Promise.all(items.map((c) => this.view(c))) };
  }

  async get(id: number) {
    return this.view(await this.changes().get(id));
  }

  async rollBack(id: number, note: string | undefined, principal: Principal | null) {
    return this.view(await this.changes().rollBack(id, note ?? null, changeAuthor(principal)));
  }

  async createRollout(body: RolloutBody, principal: Principal | null) {
    const rollout = await this.changes().createRollout(
      {
        id: body.id,
        title: body.title,
        kind: body.kind,
        externalRef: body.external_ref,
        rings: body.rings.map((r) => ({ name: r.name, monitors: r.monitors, services: r.services, tags: r.tags, soakMs: r.soak })),
        guard: body.guard,
      },
      changeAuthor(principal),
    );
    return this.rollout(rollout.id);
  }

  async rollout(id: string) {
    const { rollout, rings, timeline } = await this.changes().rollout(id);
    return { ...rolloutView(rollout, rings), timeline: timeline.map(eventView) };
  }

  async listRollouts(query: { status?: Rollout['status'] | undefined; limit: number }) {
    const items = await this.changes().listRollouts(query.status ? { status: query.status } : {}, query.limit);
    return {
      items: await Promise.all(
        items.map(async (r) => {
          const { rings } = await this.changes().rollout(r.id);
          return rolloutView(r, rings);
        }),
      ),
    };
  }

  async setStatus(id: string, status: 'completed' | 'aborted', principal: Principal | null) {
    await this.changes().setRolloutStatus(id, status, changeAuthor(principal));
    return this.rollout(id);
  }

  async guard(id: string, ring: number, record: boolean, principal: Principal | null) {
    return guardView(await this.changes().guard(id, ring, { record, author: principal ? principal.name : null }));
  }

  async suspects(incidentId: number) {
    const incident: Incident | undefined = await this.store.incidents.get(incidentId);
    if (!incident) throw notFound('incident', String(incidentId));
    const { list, changes } = await this.changes().suspects(incident);
    return {
      items: await Promise.all(
        list.suspects.map(async (s) => ({ change: await this.view(changes.get(s.changeId)!), rank: s.rank, score: s.score, before_ms: s.beforeMs, link: s.link, touched: s.touched, text: s.text })),
      ),
      likely_cause: list.likelyCause ? { change: list.likelyCause.changeId, text: list.likelyCause.text } : null,
    };
  }

  private async view(c: Change) {
    return changeView(c, await this.changes().reaches(c.targets));
  }
}

export function changeView(c: Change, reaches: string[]) {
  return {
    id: c.id,
    summary: c.summary,
    source: c.source,
    kind: c.kind,
    external_ref: c.externalRef,
    timestamp: iso(c.at),
    links: c.links,
    custom_details: c.details,
    targets: c.targets,
    reaches,
    origin: c.origin,
    rollout: c.rolloutId,
    ring: c.ring,
    author: c.author,
    rolled_back_at: isoOrNull(c.rolledBackAt),
    rolled_back_by: c.rolledBackBy,
    rollback_note: c.rollbackNote,
    created_at: iso(c.createdAt),
  };
}

function rolloutView(r: Rollout, rings: RingView[]) {
  return {
    id: r.id,
    title: r.title,
    kind: r.changeKind,
    external_ref: r.externalRef,
    status: r.status,
    guard: r.guard,
    rings: rings.map((ring) => ({
      index: ring.index,
      name: ring.name,
      monitors: ring.monitors,
      services: ring.services,
      tags: ring.tags,
      soak_ms: ring.soakMs,
      reaches: ring.reaches,
      change: ring.change?.id ?? null,
      deployed_at: ring.change ? iso(ring.change.at) : null,
    })),
    author: r.author,
    created_at: iso(r.createdAt),
    updated_at: iso(r.updatedAt),
  };
}

function eventView(e: RolloutEvent) {
  return { id: e.id, at: iso(e.at), last_at: iso(e.lastAt), count: e.count, kind: e.kind, ring: e.ring, verdict: e.decision, text: e.text, details: e.details, author: e.author };
}

export function guardView(d: GuardDecision) {
  return {
    rollout: d.rolloutId,
    ring: d.ring,
    verdict: d.verdict,
    reasons: d.reasons.map((r) => ({ code: r.code, text: r.text, ...(r.subject !== undefined ? { subject: r.subject } : {}), ...(r.remainingMs !== undefined ? { remaining_ms: r.remainingMs } : {}) })),
    checked: d.checked,
    at: iso(d.at),
  };
}
