/** @module `GET /api/v1/incidents/:id/report`: its query and its JSON answer. */
import { z } from 'zod';
import { REPORT_FORMATS } from '../../crisis/report-render.js';
import { incidentReportSchema } from '../../crisis/report.schema.js';

export const incidentReportQuery = z.strictObject({
  format: z.enum(REPORT_FORMATS).default('json').describe('json (the report, texts in both languages), md (Markdown) or html (a standalone page).'),
  lang: z.enum(['en', 'fr']).default('en').describe('Language of the Markdown or HTML report.'),
});

/** The JSON form of the report. */
export const incidentReportView = incidentReportSchema;
