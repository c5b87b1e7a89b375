/**
 * @module The documents of a status page, by the path under the page's base: the Statuspage
 * JSON (`api/v2/…`), the feeds and the SVG badges, each with its content type and renderer
 * (`statuspage-json.ts`, `feeds.ts`, `badge.ts`). The HTML page itself is rendered by the routes,
 * which know the history page and the theme.
 */
import { atomFeed, rssFeed } from './feeds.js';
import * as statuspage from './statuspage-json.js';
import type { PageSnapshot, RenderContext } from './status.types.js';

/** A document of a page: its content type and how to render it. */
export interface StatusDocument {
  contentType: string;
  render(snapshot: PageSnapshot, ctx: RenderContext): string;
}

const JSON_TYPE = 'application/json; charset=utf-8';

function json(build: (snapshot: PageSnapshot, ctx: RenderContext) => unknown): StatusDocument {
  return { contentType: JSON_TYPE, render: (snapshot, ctx) => JSON.stringify(build(snapshot, ctx)) };
}

/** The Statuspage-compatible JSON documents, by path under the page's base. */
export const JSON_DOCUMENTS: Readonly<Record<string, StatusDocument>> = {
  'api/v2/summary.json': json(statuspage.summary),
  'api/v2/status.json': json(statuspage.status),
  'api/v2/components.json': json(statuspage.components),
  'api/v2/incidents.json': json(statuspage.incidents),
  'api/v2/incidents/unresolved.json': json(statuspage.unresolved),
  'api/v2/scheduled-maintenances.json': json(statuspage.scheduledMaintenances),
  'api/v2/scheduled-maintenances/upcoming.json': json(statuspage.upcoming),
  'api/v2/scheduled-maintenances/active.json': json(statuspage.active),
};

/** The feeds, by path under the page's base. */
export const FEED_DOCUMENTS: Readonly<Record<string, StatusDocument>> = {
  'history.rss': { contentType: 'application/rss+xml; charset=utf-8', render: rssFeed },
  'history.atom': { contentType: 'application/atom+xml; charset=utf-8', render: atomFeed },
};

export const SVG_TYPE = 'image/svg+xml; charset=utf-8';
export const HTML_TYPE = 'text/html; charset=utf-8';
