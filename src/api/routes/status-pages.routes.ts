/**
 * @module `/api/v1/status-pages`: the configured status pages, read-only (never a private page's
 * token), and a preview of one as the public sees it, for the console to show in a frame.
 */
import { defineRoute, type AnyRoute } from '../route-table.js';
import { idParams } from '../schemas/common.schemas.js';
import { statusPageList, statusPagePreviewQuery } from '../schemas/status-page.schemas.js';
import type { StatusPageViewService } from '../services/status-page-view.service.js';
import { STATUS_CSS_HASH } from '../../status/html-style.js';

/** The preview may be framed by the console (same origin) and loads nothing but the page's own style and images. */
const PREVIEW_CSP = `default-src 'none'; style-src ${STATUS_CSS_HASH}; img-src 'self' https: data:; form-action 'none'; base-uri 'none'; frame-ancestors 'self'`;

/** The status page routes. */
export function statusPageRoutes(pages: StatusPageViewService): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/v1/status-pages', tag: 'status pages', role: 'viewer', summary: 'List the configured status pages',
      responses: { 200: { description: 'Every status page: title, address, host names, languages, private or not, components with their state.', schema: statusPageList } },
      handler: async () => pages.list(),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/status-pages/:id/preview', tag: 'status pages', role: 'viewer', summary: 'A status page as the public sees it (HTML), private pages included',
      params: idParams,
      query: statusPagePreviewQuery,
      responses: {
        200: { description: 'The page’s HTML, which the console (same origin) may frame.', contentType: 'text/html' },
        404: { description: 'No such status page.' },
        503: { description: 'The page is not built yet.' },
      },
      handler: async ({ params, query, reply }) => {
        const html = pages.preview(params.id, query);
        return reply
          .header('content-security-policy', PREVIEW_CSP)
          .header('x-frame-options', 'SAMEORIGIN')
          .header('cache-control', 'private, no-store')
          .header('x-robots-tag', 'noindex')
          .type('text/html; charset=utf-8')
          .send(html);
      },
    }),
  ];
}
