/**
 * @module Changes, rollouts, the guard and suspects, over the store and the configuration in
 * force. Used by the API (people, pipelines, `vigie change|rollout|guard`), by the recorder of
 * the changes the checks see, and by whatever tells about an incident (timeline, notifications,
 * crisis drafts) through {@link ChangeService.suspects}.
 *
 * Validation errors are {@link ApiError}s naming the field (`targets.monitors[1]`,
 * `rings[2].tags[0]`), so the API answers 400 and the CLI prints them as they are.
 */
import { conflict, invalidRequest, notFound, type FieldIssue } from '../api/errors.js';
import { suggest } from '../config/suggest.js';
import { formatDuration } from '../core/duration.js';
import type { Incident } from '../incidents/incident.types.js';
import type { IncidentContext } from '../incidents/incident-settings.js';
import { reachOf, reachOfCheck } from '../monitors/monitor-reach.js';
import type { CheckTypeName } from '../checks/registry.js';
import type { ServiceDefinition } from '../services/service.types.js';
import type { Store } from '../storage/store.js';
import { DuplicateRolloutError } from '../storage/changes.repository.js';
import type { Transition } from '../engine/monitor-state.js';
import type { Change, ChangeDraft, ChangeFilter, ChangeKind, ChangeTargets, GuardDecision, GuardConditions, Ring, Rollout, RolloutEvent, RolloutStatus, SuspectList } from './changes.types.js';
import type { ChangesConfig } from './changes-config.schema.js';
import { rankSuspects } from './correlation.js';
import { activeFreezes, freezeCovers, freezeEndsAt } from './freeze.schema.js';
import { decideGuard, ringLabel } from './guard.js';
import { hostGlobMatches, monitorsOfTargets, servicesContaining, type MonitorFacts } from './targets.js';

/** A change's time may run this far ahead of the server's clock (clock skew of the sender). */
export const FUTURE_SKEW_MS = 60_000;
const ENGINE_AUTHOR = 'vigie';

/** What the service reads from the running process. */
export interface ChangeServiceDeps {
  store: Store;
  /** The `changes:` section in force. */
  config: () => ChangesConfig;
  /** Services and windows in force. */
  context: () => Promise<IncidentContext>;
  now: () => number;
}

/** Where a change or rollout request names something: body fields as the API sees them. */
export interface ChangeInput {
  summary: string;
  source?: string | undefined;
  timestamp?: number | undefined;
  kind?: ChangeKind | undefined;
  externalRef?: string | undefined;
  links: Array<{ href: string; text?: string | undefined }>;
  details?: Record<string, unknown> | undefined;
  targets?: ChangeTargets | undefined;
  rollout?: string | undefined;
  ring?: number | undefined;
}

export interface RolloutInput {
  id: string;
  title?: string | undefined;
  kind: ChangeKind;
  externalRef?: string | undefined;
  rings: Array<Omit<Ring, 'name'> & { name?: string | undefined }>;
  guard: GuardConditions;
}

/** Monitors, services and their facts, read once per request. */
export interface Topology {
  monitors: Map<string, MonitorFacts>;
  services: ReadonlyMap<string, ServiceDefinition>;
}

/** A rollout's ring with what it reaches now and its latest change. */
export interface RingView extends Ring {
  index: number;
  reaches: string[];
  change: Change | null;
}


/** The kind of change a check's event stands for, or undefined when the event is no change. */
export function kindOfCheckEvent(eventType: string): ChangeKind | undefined {
  if (eventType === 'domain.expiry_changed') return 'renewal';
  if (eventType.startsWith('domain.')) return 'registry';
  if (eventType.startsWith('delegation.') || eventType === 'dns.answer_changed') return 'dns';
  if (eventType.startsWith('tls.')) return 'certificate';
  return undefined;
}

/** A change's name for people: its external reference, else its summary. */
export function changeName(change: Pick<Change, 'externalRef' | 'summary'>): string {
  return change.externalRef ?? change.summary;
}

export class ChangeService {
  constructor(private readonly deps: ChangeServiceDeps) {}

  /** How long before an incident's first failure a change is still a suspect (`changes.correlation.window`). */
  correlationWindowMs(): number {
    return this.deps.config().correlation.window;
  }

  /** Monitors (with tags and target host) and services in force. */
  async topology(): Promise<Topology> {
    const [records, ctx] = await Promise.all([this.deps.store.monitors.all(), this.deps.context()]);
    const monitors = new Map<string, MonitorFacts>();
    for (const r of records) monitors.set(r.id, { id: r.id, tags: r.tags, host: watchedHost(r.input) });
    return { monitors, services: ctx.model.services };
  }

  // ---- changes -------------------------------------------------------------------------------

  /** Records a change from the API; a step of a rollout inherits the ring's targets and the rollout's kind. */
  async record(input: ChangeInput, author: string): Promise<Change> {
    const now = this.deps.now();
    const at = input.timestamp ?? now;
    const issues: FieldIssue[] = [];
    if (at > now + FUTURE_SKEW_MS) issues.push({ path: 'timestamp', message: `is in the future (${new Date(at).toISOString()}, now ${new Date(now).toISOString()}): record a change when it is made, not before` });
    let rollout: Rollout | undefined;
    if (input.rollout !== undefined) {
      rollout = await this.deps.store.changes.getRollout(input.rollout);
      if (!rollout) issues.push({ path: 'rollout', message: `unknown rollout "${input.rollout}"` });
      else if (input.ring! >= rollout.rings.length) issues.push({ path: 'ring', message: `rollout "${rollout.id}" has rings 0 to ${rollout.rings.length - 1}` });
    }
    const ring = rollout?.rings[input.ring ?? -1];
    const targets = input.targets ?? (ring ? { monitors: ring.monitors, services: ring.services, tags: ring.tags, hosts: [] } : emptyTargets());
    const topo = await this.topology();
    issues.push(...targetIssues(targets, topo, 'targets'));
    if (input.rollout === undefined && countTargets(targets) === 0) issues.push({ path: 'targets', message: 'name what the change touched: monitors, services, tags or hosts (or give rollout and ring)' });
    if (issues.length > 0) throw invalidRequest('The change is not valid.', issues);
    const draft: ChangeDraft = {
      summary: input.summary,
      source: input.source ?? null,
      kind: input.kind ?? rollout?.changeKind ?? 'other',
      externalRef: input.externalRef ?? rollout?.externalRef ?? null,
      at,
      links: input.links.map((l) => (l.text === undefined ? { href: l.href } : { href: l.href, text: l.text })),
      details: input.details ?? {},
      targets,
      origin: 'api',
      transitionId: null,
      rolloutId: rollout?.id ?? null,
      ring: rollout ? input.ring! : null,
      author,
    };
    const change = await this.deps.store.changes.insert(draft, now);
    if (rollout) {
      const reached = monitorsOfTargets(targets, [...topo.monitors.values()], topo.services);
      await this.deps.store.changes.appendEvent({
        rolloutId: rollout.id, at: now, kind: 'change', ring: input.ring!, decision: null, author,
        text: { en: `${ringLabel(input.ring!, reached, 'en')} deployed: ${change.summary} (change #${change.id})`, fr: `${ringLabel(input.ring!, reached, 'fr')} déployé : ${change.summary} (changement n° ${change.id})` },
        details: { change: change.id, at: change.at },
      });
    }
    return change;
  }

  /** Records what a check saw change (a registry status, name servers, a certificate, a DNS answer); idempotent per transition. */
  async recordFromCheck(t: Transition): Promise<Change | undefined> {
    return (await this.recordRunFromCheck([t]))[0];
  }

  /**
   * Records the events one run of a check raised (same monitor, same time) as ONE change, so a
   * run that saw the registry status and the "last changed" date move is one suspect, not two
   * that tie. Idempotent on the first event's transition. A domain or delegation check's change
   * also targets the domain's host names (`ge.ch`, `**.ge.ch`): the site and mail under it.
   */
  async recordRunFromCheck(events: readonly Transition[]): Promise<Change[]> {
    const relevant = events.filter((t) => t.eventType && kindOfCheckEvent(t.eventType));
    if (relevant.length === 0) return [];
    const first = relevant[0]!;
    const kinds = relevant.map((t) => kindOfCheckEvent(t.eventType!)!);
    // A registry change outranks a renewal, DNS and certificate changes: the kind names the run's weightiest event.
    const kind = (['registry', 'dns', 'certificate', 'renewal'] as const).find((k) => kinds.includes(k))!;
    const record = await this.deps.store.monitors.get(first.monitorId);
    const input = record?.input as { domain?: { name?: unknown }; delegation?: { name?: unknown } } | undefined;
    const domain = typeof input?.domain?.name === 'string' ? input.domain.name : typeof input?.delegation?.name === 'string' ? input.delegation.name : undefined;
    const messages = relevant.map((t) => (t.details?.['messages'] as { fr?: unknown } | undefined)?.fr).map((fr, i) => (typeof fr === 'string' ? fr : relevant[i]!.reason));
    const change = await this.deps.store.changes.insert(
      {
        summary: relevant.map((t) => t.reason).join('; '),
        source: `vigie check ${first.monitorId}`,
        kind,
        externalRef: null,
        at: first.at,
        links: [],
        details: { events: relevant.map((t) => ({ type: t.eventType, transition: t.id, before: t.details?.['before'] ?? null, after: t.details?.['after'] ?? null })), messages: { en: relevant.map((t) => t.reason).join('; '), fr: messages.join(' ; ') } },
        targets: { ...emptyTargets(), monitors: [first.monitorId], hosts: domain ? [domain, `**.${domain}`] : [] },
        origin: 'check',
        transitionId: first.id,
        rolloutId: null,
        ring: null,
        author: ENGINE_AUTHOR,
      },
      this.deps.now(),
    );
    return [change];
  }

  async get(id: number): Promise<Change> {
    const change = await this.deps.store.changes.get(id);
    if (!change) throw notFound('change', String(id));
    return change;
  }

  list(filter: ChangeFilter, limit: number): Promise<Change[]> {
    return this.deps.store.changes.list(filter, limit);
  }

  async rollBack(id: number, note: string | null, by: string): Promise<Change> {
    const before = await this.get(id);
    const change = (await this.deps.store.changes.rollBack(id, by, note, this.deps.now()))!;
    if (before.rolledBackAt === null && change.rolloutId !== null) {
      const why = note ? ` (${note})` : '';
      await this.deps.store.changes.appendEvent({
        rolloutId: change.rolloutId, at: change.rolledBackAt!, kind: 'rolled_back', ring: change.ring, decision: null, author: by,
        text: { en: `change #${change.id} rolled back by ${by}${why}`, fr: `changement n° ${change.id} annulé par ${by}${why}` },
        details: { change: change.id },
      });
    }
    return change;
  }

  /** What a set of targets reaches now (sorted monitor ids). */
  async reaches(targets: ChangeTargets): Promise<string[]> {
    const topo = await this.topology();
    return monitorsOfTargets(targets, [...topo.monitors.values()], topo.services);
  }

  // ---- rollouts ------------------------------------------------------------------------------

  async createRollout(input: RolloutInput, author: string): Promise<Rollout> {
    const topo = await this.topology();
    const issues: FieldIssue[] = [];
    const owner = new Map<string, number>();
    input.rings.forEach((ring, i) => {
      const targets = { monitors: ring.monitors, services: ring.services, tags: ring.tags, hosts: [] };
      const own = targetIssues(targets, topo, `rings[${i}]`);
      issues.push(...own);
      if (own.length > 0) return;
      const reached = monitorsOfTargets(targets, [...topo.monitors.values()], topo.services);
      if (reached.length === 0) issues.push({ path: `rings[${i}]`, message: 'reaches no monitor: a ring must hold at least one monitor the guard can watch' });
      for (const m of reached) {
        const other = owner.get(m);
        if (other !== undefined) issues.push({ path: `rings[${i}]`, message: `rings overlap: monitor "${m}" is already in ring ${other}; each monitor belongs to one ring` });
        else owner.set(m, i);
      }
    });
    input.guard.services.forEach((s, i) => {
      if (!topo.services.has(s)) issues.push({ path: `guard.services[${i}]`, message: unknownText('service', s, [...topo.services.keys()]) });
    });
    if (issues.length > 0) throw invalidRequest('The rollout is not valid.', issues);
    const now = this.deps.now();
    try {
      const rollout = await this.deps.store.changes.createRollout(
        {
          id: input.id,
          title: input.title ?? input.externalRef ?? input.id,
          changeKind: input.kind,
          externalRef: input.externalRef ?? null,
          rings: input.rings.map((r) => ({ name: r.name ?? null, monitors: r.monitors, services: r.services, tags: r.tags, soakMs: r.soakMs })),
          guard: input.guard,
          author,
        },
        now,
      );
      const rings = rollout.rings.map((r, i) => `${i}: ${monitorsOfTargets({ ...r, hosts: [] }, [...topo.monitors.values()], topo.services).join(', ')} (soak ${formatDuration(r.soakMs)})`).join(' | ');
      await this.deps.store.changes.appendEvent({
        rolloutId: rollout.id, at: now, kind: 'created', ring: null, decision: null, author,
        text: { en: `rollout created by ${author}: ${rings}`, fr: `déploiement créé par ${author} : ${rings}` },
        details: null,
      });
      return rollout;
    } catch (err) {
      if (err instanceof DuplicateRolloutError) throw conflict('conflict', `a rollout "${input.id}" already exists; choose another id`);
      throw err;
    }
  }

  async rollout(id: string): Promise<{ rollout: Rollout; rings: RingView[]; timeline: RolloutEvent[] }> {
    const rollout = await this.deps.store.changes.getRollout(id);
    if (!rollout) throw notFound('rollout', id);
    const [topo, changes, timeline] = await Promise.all([this.topology(), this.deps.store.changes.list({ rolloutId: id }, 1000), this.deps.store.changes.events(id)]);
    const rings = rollout.rings.map((r, index) => ({
      ...r,
      index,
      reaches: monitorsOfTargets({ ...r, hosts: [] }, [...topo.monitors.values()], topo.services),
      change: changes.find((c) => c.ring === index) ?? null,
    }));
    return { rollout, rings, timeline };
  }

  listRollouts(filter: { status?: RolloutStatus }, limit: number): Promise<Rollout[]> {
    return this.deps.store.changes.listRollouts(filter, limit);
  }

  async setRolloutStatus(id: string, status: RolloutStatus, by: string): Promise<Rollout> {
    const rollout = await this.deps.store.changes.setRolloutStatus(id, status, this.deps.now());
    if (!rollout) throw notFound('rollout', id);
    const words = { completed: { en: 'completed', fr: 'terminé' }, aborted: { en: 'aborted', fr: 'abandonné' }, active: { en: 'active again', fr: 'de nouveau actif' } }[status];
    await this.deps.store.changes.appendEvent({ rolloutId: id, at: this.deps.now(), kind: 'status', ring: null, decision: null, author: by, text: { en: `rollout ${words.en} by ${by}`, fr: `déploiement ${words.fr} par ${by}` }, details: null });
    return rollout;
  }

  /** The guard's decision for `ring`, recorded on the rollout's timeline unless `record` is false (identical repeats merge). */
  async guard(id: string, ring: number, opts: { record: boolean; author: string | null }): Promise<GuardDecision> {
    const { rollout, rings } = await this.rollout(id);
    if (ring >= rollout.rings.length) throw invalidRequest(`Rollout "${id}" has rings 0 to ${rollout.rings.length - 1}.`, [{ path: 'ring', message: `must be between 0 and ${rollout.rings.length - 1}` }]);
    const now = this.deps.now();
    const guarded = new Set(rings.slice(0, ring + 1).flatMap((r) => r.reaches));
    const [states, active, crises, ctx] = await Promise.all([this.deps.store.states.loadAll(), this.deps.store.incidents.active(), this.deps.store.crises.list({ status: 'active' }, 100), this.deps.context()]);
    const guardedServices = new Set([...rollout.guard.services, ...[...guarded].flatMap((m) => [...(servicesContaining(ctx.model.services).get(m) ?? [])])]);
    const monitorTags = new Map((await this.deps.store.monitors.all()).map((m) => [m.id, m.tags]));
    const guardedTags = [...new Set([...[...guarded].flatMap((m) => monitorTags.get(m) ?? []), ...[...guardedServices].flatMap((sv) => ctx.model.services.get(sv)?.tags ?? [])])];
    const decision = decideGuard({
      rollout,
      ring,
      now,
      ringMonitors: rings.map((r) => r.reaches),
      ringChanges: rings.map((r) => (r.change ? { id: r.change.id, at: r.change.at, rolledBackAt: r.change.rolledBackAt } : null)),
      states: new Map(
        [...guarded].map((m): [string, { state: string; since: number; message: string | null; flapping: boolean }] => {
          const s = states.get(m);
          return [m, s ? { state: s.state, since: s.since ?? now, message: s.lastMessage, flapping: s.flapping } : { state: 'pending', since: now, message: null, flapping: false }];
        }),
      ),
      openIncidents: active
        .filter((i) => i.status !== 'resolved' && i.affected.some((a) => (a.startsWith('service:') && guardedServices.has(a.slice(8))) || (a.startsWith('monitor:') && guarded.has(a.slice(8)))))
        .map((i) => ({ id: i.id, title: i.title })),
      activeCrises: crises.map((c) => ({ id: c.id, title: c.title })),
      activeFreezes: activeFreezes(this.deps.config().freezes, now)
        .filter((f) => freezeCovers(f, { services: [...guardedServices], monitors: [...guarded], tags: guardedTags }))
        .map((f) => ({ id: f.id, reason: f.reason ?? f.title ?? null, endsAt: freezeEndsAt(f, now) })),
    });
    if (opts.record) {
      const key = `${ring}:${decision.verdict}:${decision.reasons.map((r) => `${r.code}/${r.subject ?? ''}`).join(',')}`;
      const said = decision.verdict === 'go' ? { en: 'go', fr: 'feu vert' } : { en: 'no-go', fr: 'feu rouge' };
      const why = decision.verdict === 'go' ? decision.checked : decision.reasons.map((r) => r.text);
      await this.deps.store.changes.appendEvent(
        {
          rolloutId: id, at: now, kind: 'decision', ring, decision: decision.verdict, author: opts.author,
          text: { en: `guard for ring ${ring}: ${said.en} — ${why.map((w) => w.en).join('; ')}`, fr: `garde pour l'anneau ${ring} : ${said.fr} — ${why.map((w) => w.fr).join(' ; ')}` },
          details: { reasons: decision.reasons.map((r) => r.code) },
        },
        key,
      );
    }
    return decision;
  }

  // ---- suspects ------------------------------------------------------------------------------

  /** The changes suspected of causing an incident, most likely first. */
  async suspects(incident: Incident, topology?: Topology): Promise<{ list: SuspectList; changes: Map<number, Change> }> {
    const cfg = this.deps.config().correlation;
    const first = incident.firstFailureAt ?? incident.openedAt;
    const candidates = await this.deps.store.changes.list({ from: first - cfg.window, to: first + FUTURE_SKEW_MS + 1 }, 500);
    const topo = topology ?? (await this.topology());
    const failedMonitors = incident.affected.filter((a) => a.startsWith('monitor:')).map((a) => a.slice(8));
    const failedServices = incident.affected.filter((a) => a.startsWith('service:')).map((a) => a.slice(8));
    const list = rankSuspects({
      incident: { firstFailureAt: first, failedMonitors, failedServices, commonMode: incident.commonMode },
      changes: candidates,
      monitors: topo.monitors,
      services: topo.services,
      windowMs: cfg.window,
      likelyWithinMs: cfg.likely_within,
    });
    return { list, changes: new Map(candidates.map((c) => [c.id, c])) };
  }
}

/** The host a monitor watches (as written in its input): a domain or delegation check's domain name, else where the check goes. */
function watchedHost(input: Record<string, unknown>): string | null {
  const named = (input['domain'] ?? input['delegation']) as { name?: unknown } | undefined;
  if (typeof named?.name === 'string') return named.name;
  return reachOf(input)?.endpoints[0]?.host ?? null;
}

/** {@link watchedHost} for a parsed check block (a `MonitorDefinition`'s `type` and `check`). */
export function watchedHostOfCheck(type: CheckTypeName, check: unknown): string | null {
  const name = (check as { name?: unknown } | null)?.name;
  if ((type === 'domain' || type === 'delegation') && typeof name === 'string') return name;
  return reachOfCheck(type, check).endpoints[0]?.host ?? null;
}

function emptyTargets(): ChangeTargets {
  return { monitors: [], services: [], tags: [], hosts: [] };
}

function countTargets(t: ChangeTargets): number {
  return t.monitors.length + t.services.length + t.tags.length + t.hosts.length;
}

function unknownText(kind: string, id: string, known: readonly string[]): string {
  const hint = suggest(id, known);
  return `unknown ${kind} "${id}"${hint ? ` (did you mean "${hint}"?)` : ''}`;
}

/** Every target must name something known: ids exist, a tag is carried by some monitor or service, a host glob matches some monitor's target. */
function targetIssues(t: ChangeTargets, topo: Topology, prefix: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const monitors = [...topo.monitors.keys()];
  const services = [...topo.services.keys()];
  const tags = new Set([...[...topo.monitors.values()].flatMap((m) => m.tags), ...[...topo.services.values()].flatMap((s) => s.tags)]);
  const hosts = [...topo.monitors.values()].flatMap((m) => (m.host ? [m.host] : []));
  t.monitors.forEach((m, i) => topo.monitors.has(m) || issues.push({ path: `${prefix}.monitors[${i}]`, message: unknownText('monitor', m, monitors) }));
  t.services.forEach((s, i) => topo.services.has(s) || issues.push({ path: `${prefix}.services[${i}]`, message: unknownText('service', s, services) }));
  t.tags.forEach((tag, i) => tags.has(tag) || issues.push({ path: `${prefix}.tags[${i}]`, message: `no monitor or service has the tag "${tag}"${suggest(tag, [...tags]) ? ` (did you mean "${suggest(tag, [...tags])}"?)` : ''}` }));
  t.hosts.forEach((h, i) => hosts.some((host) => hostGlobMatches(h, host)) || issues.push({ path: `${prefix}.hosts[${i}]`, message: `"${h}" matches no monitored host` }));
  return issues;
}



