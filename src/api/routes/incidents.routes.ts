/** @module `/api/v1/incidents`: list, detail with timeline and figures, post-incident report, manual creation, lifecycle, updates. */
import { defineRoute, type AnyRoute } from '../route-table.js';
import { incidentCreateBody, incidentDetail, incidentIdParams, incidentListQuery, incidentPage, incidentUpdateBody } from '../schemas/incident.schemas.js';
import { incidentReportQuery, incidentReportView } from '../schemas/incident-report.schemas.js';
import type { IncidentService } from '../services/incident.service.js';

const BASE = '/api/v1/incidents';
const tag = 'incidents';

/** The incident routes. */
export function incidentRoutes(incidents: IncidentService): AnyRoute[] {
  const step = (name: 'acknowledge' | 'mitigate' | 'resolve', summary: string) =>
    defineRoute({
      method: 'POST', url: `${BASE}/:id/${name}`, tag, role: 'responder', summary, params: incidentIdParams,
      responses: { 200: { description: 'The incident, with its timeline.', schema: incidentDetail }, 404: { description: 'No such incident.' }, 409: { description: 'The incident is already at or past this step.' } },
      handler: ({ params, principal }) => incidents[name](params.id, principal),
    });
  return [
    defineRoute({
      method: 'GET', url: BASE, tag, role: 'viewer', summary: 'List incidents, newest first', query: incidentListQuery,
      responses: { 200: { description: 'A page of incidents.', schema: incidentPage } },
      handler: ({ query }) => incidents.list(query),
    }),
    defineRoute({
      method: 'POST', url: BASE, tag, role: 'editor', summary: 'Declare an incident by hand', status: 201, body: incidentCreateBody,
      responses: { 201: { description: 'The incident.', schema: incidentDetail } },
      handler: ({ body, principal }) => incidents.create(body, principal),
    }),
    defineRoute({
      method: 'GET', url: `${BASE}/:id`, tag, role: 'viewer', summary: 'An incident with its timeline and figures', params: incidentIdParams,
      responses: { 200: { description: 'The incident.', schema: incidentDetail }, 404: { description: 'No such incident.' } },
      handler: ({ params }) => incidents.get(params.id),
    }),
    defineRoute({
      method: 'GET', url: `${BASE}/:id/report`, tag, role: 'viewer', summary: 'The post-incident report of an incident (JSON, Markdown or HTML; French or English)',
      description:
        'Figures (time to detect, to acknowledge, to crisis cell activation, to first internal, public and authority communication, to recovery), the crisis deadlines met or missed, the communications sent, the impact estimate and the timeline. `format=json` answers the report below (texts in both languages); `format=md` answers `text/markdown; charset=utf-8` and `format=html` a standalone page as `text/html; charset=utf-8`, in `lang`.',
      params: incidentIdParams, query: incidentReportQuery,
      responses: { 200: { description: 'The report (JSON shown; Markdown or HTML text with `format=md` or `format=html`).', schema: incidentReportView }, 404: { description: 'No such incident.' } },
      handler: async ({ params, query, reply }) => {
        const report = await incidents.report(params.id, query.format, query.lang);
        if (report.format === 'json') return report.body;
        if (report.format === 'html') reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
        return reply.type(report.contentType).send(report.body);
      },
    }),
    step('acknowledge', 'Acknowledge an incident'),
    step('mitigate', 'Mark an incident mitigated'),
    step('resolve', 'Resolve an incident'),
    defineRoute({
      method: 'POST', url: `${BASE}/:id/updates`, tag, role: 'responder', summary: 'Add an internal note or a public update (FR/EN)', status: 201,
      params: incidentIdParams, body: incidentUpdateBody,
      responses: { 201: { description: 'The incident, with its timeline.', schema: incidentDetail }, 404: { description: 'No such incident.' } },
      handler: ({ params, body, principal }) => incidents.addUpdate(params.id, body.kind, body.text, principal),
    }),
  ];
}
