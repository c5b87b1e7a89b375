/**
 * @module `/api/v1/changes`, `/api/v1/rollouts` and `/api/v1/incidents/:id/suspects`: changes
 * recorded by people, pipelines and the checks; rollouts in rings and their go/no-go guard; the
 * changes suspected of causing an incident.
 */
import { defineRoute, type AnyRoute } from '../route-table.js';
import {
  changeBody, changeIdParams, changeList, changeListQuery, changeView, guardQuery, guardView, rollbackBody, rolloutBody, rolloutDetail, rolloutIdParams,
  rolloutList, rolloutListQuery, rolloutStatusBody, suspectList,
} from '../schemas/change.schemas.js';
import type { ChangeApiService } from '../services/change-api.service.js';
import { z } from 'zod';

const incidentParams = z.strictObject({ id: z.coerce.number().int('must be a whole number').min(1, 'must be 1 or more').describe('The incident id.') });

/** The change, rollout and suspect routes. */
export function changeRoutes(changes: ChangeApiService): AnyRoute[] {
  return [
    defineRoute({
      method: 'POST', url: '/api/v1/changes', tag: 'changes', role: 'editor', summary: 'Record a change', status: 201, body: changeBody,
      description: 'Fields as in PagerDuty change events (summary, source, timestamp, links, custom_details) plus kind, external_ref and targets. With `rollout` and `ring`, the change is that ring’s deployment: its targets default to the ring’s and the guard measures the ring’s soak from it.',
      responses: { 201: { description: 'The change.', schema: changeView }, 400: { description: 'Not valid: an unknown target, a time in the future, an unknown rollout or ring (`issues` names the field).' } },
      handler: ({ body, principal }) => changes.record(body, principal),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/changes', tag: 'changes', role: 'viewer', summary: 'Changes, newest first', query: changeListQuery,
      responses: { 200: { description: 'The changes.', schema: changeList } },
      handler: ({ query }) => changes.list(query),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/changes/:id', tag: 'changes', role: 'viewer', summary: 'A change', params: changeIdParams,
      responses: { 200: { description: 'The change.', schema: changeView }, 404: { description: 'No such change.' } },
      handler: ({ params }) => changes.get(params.id),
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/changes/:id/rollback', tag: 'changes', role: 'editor', summary: 'Mark a change rolled back', params: changeIdParams, body: rollbackBody,
      description: 'A second rollback keeps the first one’s time and author. A change rolled back before an incident’s first failure is no suspect of it.',
      responses: { 200: { description: 'The change.', schema: changeView }, 404: { description: 'No such change.' } },
      handler: ({ params, body, principal }) => changes.rollBack(params.id, body?.note, principal),
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/rollouts', tag: 'rollouts', role: 'editor', summary: 'Create a rollout in rings', status: 201, body: rolloutBody,
      responses: {
        201: { description: 'The rollout.', schema: rolloutDetail },
        400: { description: 'Not valid: unknown targets, overlapping rings, a soak that is not a duration (`issues` names the field).' },
        409: { description: 'A rollout with this id exists.' },
      },
      handler: ({ body, principal }) => changes.createRollout(body, principal),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/rollouts', tag: 'rollouts', role: 'viewer', summary: 'Rollouts, newest first', query: rolloutListQuery,
      responses: { 200: { description: 'The rollouts.', schema: rolloutList } },
      handler: ({ query }) => changes.listRollouts(query),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/rollouts/:id', tag: 'rollouts', role: 'viewer', summary: 'A rollout with its rings and timeline', params: rolloutIdParams,
      responses: { 200: { description: 'The rollout.', schema: rolloutDetail }, 404: { description: 'No such rollout.' } },
      handler: ({ params }) => changes.rollout(params.id),
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/rollouts/:id/status', tag: 'rollouts', role: 'editor', summary: 'Complete or abort a rollout', params: rolloutIdParams, body: rolloutStatusBody,
      responses: { 200: { description: 'The rollout.', schema: rolloutDetail }, 404: { description: 'No such rollout.' } },
      handler: ({ params, body, principal }) => changes.setStatus(params.id, body.status, principal),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/rollouts/:id/guard', tag: 'rollouts', role: 'viewer', summary: 'Go or no-go for deploying a ring', params: rolloutIdParams, query: guardQuery,
      description: 'No-go when the previous ring has not been healthy for its soak time since its change, a monitor of an earlier ring is down or in a reboot loop, an incident is open on a guarded service, a crisis is active, or a change freeze is in force. Every decision is recorded on the rollout’s timeline (identical repeats merge).',
      responses: { 200: { description: 'The decision.', schema: guardView }, 400: { description: 'No such ring.' }, 404: { description: 'No such rollout.' } },
      handler: ({ params, query, principal }) => changes.guard(params.id, query.ring, query.record === 'true', principal),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/incidents/:id/suspects', tag: 'incidents', role: 'viewer', summary: 'Changes suspected of causing an incident', params: incidentParams,
      description: 'Ranked by time before the first failure and by topology (same monitor, same redundancy group, same host, same service, a dependency, a shared tag); the likely cause when one change touched every failed monitor shortly before.',
      responses: { 200: { description: 'The suspects.', schema: suspectList }, 404: { description: 'No such incident.' } },
      handler: ({ params }) => changes.suspects(params.id),
    }),
  ];
}
