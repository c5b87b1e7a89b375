/** @module `POST /api/v1/monitors/:id/results`: results seen from other locations (remote probes, tests). */
import { defineRoute, type AnyRoute } from '../route-table.js';
import { errorSchema, idParams } from '../schemas/common.schemas.js';
import { ingestAnswer, ingestBody } from '../schemas/ingest.schemas.js';
import type { IngestService } from '../services/ingest.service.js';

const DESCRIPTION =
  'Stores a result under the given location (one of the monitor\'s `locations`) and evaluates it at once: the location\'s own state ' +
  'is confirmed like a local one (`confirmations`), then the monitor is down when at least `quorum` locations are down.';

/** The ingestion route. */
export function ingestRoutes(ingest: IngestService): AnyRoute[] {
  return [
    defineRoute({
      method: 'POST', url: '/api/v1/monitors/:id/results', tag: 'monitors', role: 'editor', summary: 'Record a result seen from another location',
      description: DESCRIPTION, params: idParams, body: ingestBody,
      responses: {
        200: { description: 'Stored and evaluated; the monitor\'s state after it.', schema: ingestAnswer },
        404: { description: 'No such monitor.', schema: errorSchema },
      },
      handler: ({ params, body }) => ingest.ingest(params.id, body),
    }),
  ];
}
