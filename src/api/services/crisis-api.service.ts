/**
 * @module Crises through the API: a thin layer over the crisis service that builds the views and
 * turns its refusals into HTTP answers (`not_found` 404, `conflict` 409, `forbidden` 403,
 * `invalid` 400), keeping the service's words. Also used by `vigie crisis`.
 */
import type { z } from 'zod';
import { CrisisError, type Actor, type CrisisService } from '../../crisis/crisis-service.js';
import type { Crisis } from '../../crisis/crisis.types.js';
import type { NotificationsModel } from '../../notifications/notifications-config.js';
import type { Store } from '../../storage/store.js';
import { ApiError, invalidRequest } from '../errors.js';
import type { crisisActivateBody, crisisCellList, crisisDetail, crisisDraftBody, crisisDraftEditBody, crisisList, crisisListQuery, deadlineView, draftView } from '../schemas/crisis.schemas.js';
import { toCrisisIncidentView, toCrisisView, toDeadlineView, toDraftView, type CrisisNames } from './crisis-view.js';

type Detail = z.output<typeof crisisDetail>;
type DraftView = z.output<typeof draftView>;

/** What the crisis routes need. */
export interface CrisisApiDeps {
  /** The running crisis service; undefined (or absent) while crisis management is not running. */
  crisis: () => CrisisService | undefined;
  store: Store;
  /** People, for names. */
  notifications: () => Pick<NotificationsModel, 'people'>;
  now: () => number;
}

/** Said when there is no crisis service to act through. */
export const NOT_RUNNING = 'crisis management is not running (the server is starting, or was built without it)';

/** Lists, shows and acts on crises. */
export class CrisisApiService {
  constructor(private readonly deps: CrisisApiDeps) {}

  async list(query: z.output<typeof crisisListQuery>): Promise<z.output<typeof crisisList>> {
    const service = this.deps.crisis();
    if (!service) return { items: [] };
    const crises = await this.deps.store.crises.list(query.status ? { status: query.status } : {}, query.limit);
    const names = this.names(service);
    return { items: crises.map((c) => toCrisisView(c, service.approvers(c), names)) };
  }

  /** The configured crisis cells (none while crisis management is not running). */
  cells(): z.output<typeof crisisCellList> {
    const service = this.deps.crisis();
    if (!service) return { items: [] };
    const items = [...service.model().cells.values()].map((cell) => {
      const kinds = Object.keys(cell.checklists).sort((a, b) => Number(b === 'default') - Number(a === 'default') || a.localeCompare(b));
      return { id: cell.id, name: { en: cell.name.en, fr: cell.name.fr }, kinds };
    });
    return { items };
  }

  async get(id: number): Promise<Detail> {
    const service = this.running(404);
    const crisis = await this.run(() => service.get(id));
    return this.detail(service, crisis);
  }

  async activate(body: z.output<typeof crisisActivateBody>, actor: Actor): Promise<Detail> {
    const service = this.running(409);
    const crisis = await this.run(() => service.activate({ cellId: body.cell, kind: body.kind, incidentId: body.incident, title: body.title, reason: body.reason }, actor), 'cell');
    return this.detail(service, crisis);
  }

  async deactivate(id: number, summary: { en: string; fr: string }, actor: Actor): Promise<Detail> {
    const service = this.running(409);
    return this.detail(service, await this.run(() => service.deactivate(id, summary, actor)));
  }

  async link(id: number, incidentId: number, actor: Actor): Promise<Detail> {
    const service = this.running(409);
    await this.run(() => service.link(id, incidentId, actor));
    return this.detail(service, await service.get(id));
  }

  async checklist(id: number, index: number, done: boolean, actor: Actor): Promise<Detail> {
    const service = this.running(409);
    return this.detail(service, await this.run(() => service.checklist(id, index, done, actor)));
  }

  /** Marks a deadline of the crisis met by hand (a phone call, a form filled on a regulator's site…). */
  async meet(id: number, deadlineId: number, note: string | undefined, actor: Actor): Promise<z.output<typeof deadlineView>> {
    const service = this.running(409);
    const crisis = await this.run(() => service.get(id));
    const deadline = await this.deps.store.crises.getDeadline(deadlineId);
    if (!deadline || deadline.crisisId !== id) throw new ApiError(404, 'not_found', `crisis ${id} has no deadline ${deadlineId}`);
    const met = await this.run(() => service.meet(deadlineId, actor, note));
    return toDeadlineView(met, crisis, this.names(service), this.deps.now());
  }

  async createDraft(id: number, body: z.output<typeof crisisDraftBody>, actor: Actor): Promise<DraftView> {
    const service = this.running(409);
    const draft = await this.run(() => service.createDraft(id, { deadlineId: body.deadline, audience: body.audience, stakeholders: body.stakeholders }, actor), 'stakeholders');
    return toDraftView(draft, this.names(service));
  }

  async refreshDraft(id: number, draftId: number, actor: Actor): Promise<DraftView> {
    const service = this.running(409);
    return toDraftView(await this.run(() => service.refreshDraft(id, draftId, actor)), this.names(service));
  }

  async editDraft(id: number, draftId: number, texts: z.output<typeof crisisDraftEditBody>, actor: Actor): Promise<DraftView> {
    const service = this.running(409);
    return toDraftView(await this.run(() => service.editDraft(id, draftId, texts, actor)), this.names(service));
  }

  async approveDraft(id: number, draftId: number, actor: Actor): Promise<DraftView> {
    const service = this.running(409);
    return toDraftView(await this.run(() => service.approveDraft(id, draftId, actor)), this.names(service));
  }

  async sendDraft(id: number, draftId: number, actor: Actor): Promise<DraftView> {
    const service = this.running(409);
    return toDraftView(await this.run(() => service.sendDraft(id, draftId, actor)), this.names(service));
  }

  private running(status: 404 | 409): CrisisService {
    const service = this.deps.crisis();
    if (!service) throw new ApiError(status, status === 404 ? 'not_found' : 'not_running', NOT_RUNNING);
    return service;
  }

  /** Runs a crisis action, answering its refusal as an API error; `field` is named on a 400. */
  private async run<T>(action: () => Promise<T>, field?: string): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (error instanceof CrisisError) throw toApiError(error, field);
      throw error;
    }
  }

  private names(service: CrisisService): CrisisNames {
    const { people } = this.deps.notifications();
    const model = service.model();
    return {
      person: (id) => people.get(id)?.name ?? id,
      stakeholder: (id) => model.stakeholders.get(id)?.name ?? null,
      cell: (id) => model.cells.get(id)?.name ?? null,
    };
  }

  private async detail(service: CrisisService, crisis: Crisis): Promise<Detail> {
    const { store } = this.deps;
    const now = this.deps.now();
    const names = this.names(service);
    const [links, deadlines, drafts] = await Promise.all([store.crises.incidents(crisis.id), store.crises.deadlines(crisis.id), store.crises.drafts(crisis.id)]);
    const incidents = await Promise.all(links.map(async (link) => ({ link, incident: await store.incidents.get(link.incidentId) })));
    return {
      ...toCrisisView(crisis, service.approvers(crisis), names),
      incidents: incidents.flatMap(({ link, incident }) => (incident ? [toCrisisIncidentView(link, incident)] : [])),
      deadlines: deadlines.map((d) => toDeadlineView(d, crisis, names, now)),
      drafts: drafts.map((d) => toDraftView(d, names)),
    };
  }
}

/** The HTTP answer to a refusal of the crisis service, with its message. */
export function toApiError(error: CrisisError, field?: string): ApiError {
  switch (error.code) {
    case 'not_found':
      return new ApiError(404, 'not_found', error.message);
    case 'conflict':
      return new ApiError(409, 'conflict', error.message);
    case 'forbidden':
      return new ApiError(403, 'forbidden', error.message);
    case 'invalid':
      return invalidRequest(error.message, field ? [{ path: field, message: error.message }] : []);
  }
}
