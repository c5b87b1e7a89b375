/** @module Results, uptime and transitions routes. */
import { defineRoute, type AnyRoute } from '../route-table.js';
import { idParams } from '../schemas/common.schemas.js';
import { monitorTransitionsQuery, resultPage, resultsQuery, transitionPage, transitionsQuery, uptimeAnswer } from '../schemas/history.schemas.js';
import type { HistoryService } from '../services/history.service.js';

/** The history routes. */
export function historyRoutes(history: HistoryService): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/v1/monitors/:id/results', tag: 'history', role: 'viewer', summary: "A monitor's results, newest first",
      params: idParams, query: resultsQuery,
      responses: { 200: { description: 'A page of results; pass `nextCursor` back as `cursor` for older ones.', schema: resultPage } },
      handler: ({ params, query }) => history.results(params.id, query),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/monitors/:id/uptime', tag: 'history', role: 'viewer', summary: "A monitor's uptime over 24 hours, 7, 30 and 90 days",
      params: idParams,
      responses: { 200: { description: 'Uptime per window.', schema: uptimeAnswer } },
      handler: ({ params }) => history.uptime(params.id),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/monitors/:id/transitions', tag: 'history', role: 'viewer', summary: "A monitor's state changes and events, newest first",
      params: idParams, query: monitorTransitionsQuery,
      responses: { 200: { description: 'A page of transitions.', schema: transitionPage } },
      handler: ({ params, query }) => history.transitions({ ...query, monitor: params.id }),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/transitions', tag: 'history', role: 'viewer', summary: 'State changes and events of all monitors, newest first',
      query: transitionsQuery,
      responses: { 200: { description: 'A page of transitions.', schema: transitionPage } },
      handler: ({ query }) => history.transitions(query),
    }),
  ];
}
