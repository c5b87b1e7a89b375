/**
 * @module `/api/v1/crises`: crises with their roles, checklist, incidents, deadlines and drafts;
 * activation by hand, deactivation with a summary, linking incidents, ticking the checklist,
 * deadlines met by hand, and drafts prepared, edited, approved (by the communication lead) and sent.
 */
import { defineRoute, type AnyRoute } from '../route-table.js';
import {
  crisisActivateBody, crisisCellList, crisisChecklistBody, crisisChecklistParams, crisisDeactivateBody, crisisDeadlineParams, crisisDetail, crisisDraftBody,
  crisisDraftEditBody, crisisDraftParams, crisisIdParams, crisisLinkBody, crisisList, crisisListQuery, crisisMetBody, deadlineView, draftView,
} from '../schemas/crisis.schemas.js';
import { tokenActor } from '../services/crisis-actor.js';
import type { CrisisApiService } from '../services/crisis-api.service.js';
import type { NotificationsModel } from '../../notifications/notifications-config.js';
import type { Principal } from '../auth.js';

const BASE = '/api/v1/crises';
const tag = 'crisis';

/** The crisis routes; `people` links API tokens to persons (who approves drafts). */
export function crisisRoutes(crises: CrisisApiService, notifications: () => Pick<NotificationsModel, 'people'>): AnyRoute[] {
  const actor = (principal: Principal | null) => tokenActor(principal, notifications().people.values());
  return [
    defineRoute({
      method: 'GET', url: BASE, tag, role: 'viewer', summary: 'Crises, newest first', query: crisisListQuery,
      description: 'Empty while crisis management is not running.',
      responses: { 200: { description: 'The crises.', schema: crisisList } },
      handler: ({ query }) => crises.list(query),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/crisis-cells', tag, role: 'viewer', summary: 'The crisis cells that can be activated, with their crisis kinds',
      description: 'Empty while crisis management is not running. The console offers them when a crisis is activated by hand.',
      responses: { 200: { description: 'The cells.', schema: crisisCellList } },
      handler: async () => crises.cells(),
    }),
    defineRoute({
      method: 'POST', url: BASE, tag, role: 'editor', summary: 'Activate a crisis cell by hand', status: 201, body: crisisActivateBody,
      description: 'For an incident (`incident`), or on its own: a SEV1 incident is then opened to carry the timeline and the public updates. Every member is paged on all their contacts; the deadlines of the matching obligations start, each with a draft.',
      responses: {
        201: { description: 'The crisis.', schema: crisisDetail },
        400: { description: 'Not valid, or an unknown cell (`issues` names `cell`).' },
        404: { description: 'No such incident.' },
        409: { description: 'The incident is already in an active crisis, or crisis management is not running.' },
      },
      handler: ({ body, principal }) => crises.activate(body, actor(principal)),
    }),
    defineRoute({
      method: 'GET', url: `${BASE}/:id`, tag, role: 'viewer', summary: 'A crisis with its roles, checklist, incidents, deadlines and drafts', params: crisisIdParams,
      responses: { 200: { description: 'The crisis.', schema: crisisDetail }, 404: { description: 'No such crisis, or crisis management is not running.' } },
      handler: ({ params }) => crises.get(params.id),
    }),
    defineRoute({
      method: 'POST', url: `${BASE}/:id/deactivate`, tag, role: 'editor', summary: 'Deactivate a crisis with a summary', params: crisisIdParams, body: crisisDeactivateBody,
      description: 'Members are told; repeating updates not due yet are cancelled, authority deadlines stay.',
      responses: { 200: { description: 'The crisis.', schema: crisisDetail }, 404: { description: 'No such crisis.' }, 409: { description: 'Not active, or crisis management is not running.' } },
      handler: ({ params, body, principal }) => crises.deactivate(params.id, body.summary, actor(principal)),
    }),
    defineRoute({
      method: 'POST', url: `${BASE}/:id/incidents`, tag, role: 'editor', summary: 'Join an incident to a crisis', params: crisisIdParams, body: crisisLinkBody,
      responses: { 200: { description: 'The crisis.', schema: crisisDetail }, 404: { description: 'No such crisis or incident.' }, 409: { description: 'The incident is already in a crisis, or crisis management is not running.' } },
      handler: ({ params, body, principal }) => crises.link(params.id, body.incident, actor(principal)),
    }),
    defineRoute({
      method: 'PATCH', url: `${BASE}/:id/checklist/:index`, tag, role: 'responder', summary: 'Tick or untick a checklist item', params: crisisChecklistParams, body: crisisChecklistBody,
      responses: { 200: { description: 'The crisis.', schema: crisisDetail }, 404: { description: 'No such crisis or checklist item.' }, 409: { description: 'Crisis management is not running.' } },
      handler: ({ params, body, principal }) => crises.checklist(params.id, params.index, body.done, actor(principal)),
    }),
    defineRoute({
      method: 'POST', url: `${BASE}/:id/deadlines/:deadlineId/met`, tag, role: 'responder', summary: 'Mark a deadline met by hand', params: crisisDeadlineParams, body: crisisMetBody,
      bodyFrom: (raw) => raw ?? {},
      description: 'For a communication made outside Vigie (a call, a regulator’s form). A sent draft meets its deadline by itself.',
      responses: { 200: { description: 'The deadline.', schema: deadlineView }, 404: { description: 'No such crisis or deadline.' }, 409: { description: 'Already met or cancelled, or crisis management is not running.' } },
      handler: ({ params, body, principal }) => crises.meet(params.id, params.deadlineId, body.note, actor(principal)),
    }),
    defineRoute({
      method: 'POST', url: `${BASE}/:id/drafts`, tag, role: 'responder', summary: 'Prepare a draft with the facts filled in', status: 201, params: crisisIdParams, body: crisisDraftBody,
      bodyFrom: (raw) => raw ?? {},
      description: 'For a deadline (its audience and stakeholders), or for an audience and stakeholders; an internal draft when the body is empty.',
      responses: { 201: { description: 'The draft.', schema: draftView }, 400: { description: 'Unknown stakeholders, or none for the authority or stakeholder audience (`issues` names `stakeholders`).' }, 404: { description: 'No such crisis or deadline.' }, 409: { description: 'Crisis management is not running.' } },
      handler: ({ params, body, principal }) => crises.createDraft(params.id, body, actor(principal)),
    }),
    defineRoute({
      method: 'POST', url: `${BASE}/:id/drafts/:draftId/refresh`, tag, role: 'responder', summary: 'Fill a draft again from the facts as they are now', params: crisisDraftParams,
      responses: { 200: { description: 'The draft.', schema: draftView }, 404: { description: 'No such crisis or draft.' }, 409: { description: 'Not a draft any more (approved or sent), or crisis management is not running.' } },
      handler: ({ params, principal }) => crises.refreshDraft(params.id, params.draftId, actor(principal)),
    }),
    defineRoute({
      method: 'PATCH', url: `${BASE}/:id/drafts/:draftId`, tag, role: 'responder', summary: 'Edit the texts of a draft', params: crisisDraftParams, body: crisisDraftEditBody,
      description: 'Only the parts given change. An approved draft goes back to draft and needs approving again.',
      responses: { 200: { description: 'The draft.', schema: draftView }, 404: { description: 'No such crisis or draft.' }, 409: { description: 'Already sent, or crisis management is not running.' } },
      handler: ({ params, body, principal }) => crises.editDraft(params.id, params.draftId, body, actor(principal)),
    }),
    defineRoute({
      method: 'POST', url: `${BASE}/:id/drafts/:draftId/approve`, tag, role: 'responder', summary: 'Approve a draft (communication lead only)', params: crisisDraftParams,
      description: 'The token must act as a person holding the communication lead role of the crisis (the crisis lead when the cell has none): a token listed in that person’s `api_tokens`, or named after their id.',
      responses: { 200: { description: 'The draft.', schema: draftView }, 403: { description: 'The token does not act as the communication lead; the message names the role and who holds it.' }, 404: { description: 'No such crisis or draft.' }, 409: { description: 'Not awaiting approval, or crisis management is not running.' } },
      handler: ({ params, principal }) => crises.approveDraft(params.id, params.draftId, actor(principal)),
    }),
    defineRoute({
      method: 'POST', url: `${BASE}/:id/drafts/:draftId/send`, tag, role: 'responder', summary: 'Send an approved draft', params: crisisDraftParams,
      description: 'Internal: to every member and the crisis channel; public: a public update of the crisis’s incident; authority and stakeholder: to each stakeholder’s contacts (e-mail…). Meets the draft’s deadline.',
      responses: { 200: { description: 'The draft.', schema: draftView }, 404: { description: 'No such crisis or draft.' }, 409: { description: 'Not approved, already sent, or crisis management is not running.' } },
      handler: ({ params, principal }) => crises.sendDraft(params.id, params.draftId, actor(principal)),
    }),
  ];
}
