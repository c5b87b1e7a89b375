/**
 * @module The public addresses a status page's documents link to (an incident, the maintenance,
 * the feeds), shared by the Statuspage JSON and the feeds so they point where the HTML page shows
 * things. Feed paths follow Atlassian Statuspage's (`/history.rss`, `/history.atom`).
 */

/**
 * `baseUrl` checked and without trailing slashes: an absolute http(s) URL such as
 * `https://status.example.org` or `http://127.0.0.1:3000/status/public`.
 * @throws Error naming `where` and the value when it is not such a URL.
 */
export function checkBaseUrl(baseUrl: string, where: string): string {
  let url: URL | null = null;
  try {
    url = new URL(baseUrl);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
    throw new Error(`${where}: ctx.baseUrl must be an absolute http(s) URL without query or fragment (e.g. https://status.example.org), got ${JSON.stringify(baseUrl)}`);
  }
  return baseUrl.replace(/\/+$/, '');
}

/**
 * Where an incident is shown: its heading on the page (`<base>/#incident-<id>`, the id
 * `html-incidents.ts` gives it). A resolved incident beyond the first history page is not on the
 * first page: the link then opens the page at its top.
 */
export function incidentUrl(baseUrl: string, incidentId: number): string {
  return `${pageUrl(baseUrl)}#incident-${incidentId}`;
}

/** Where maintenance is shown: the page's maintenance section (`<base>/#maintenance`). */
export function maintenanceUrl(baseUrl: string, _maintenanceId: string): string {
  return `${pageUrl(baseUrl)}#maintenance`;
}

/** The page itself: `baseUrl`, with `/` when it is a bare origin (`https://status.example.org/`). */
export function pageUrl(baseUrl: string): string {
  return new URL(baseUrl).pathname === '/' && !baseUrl.endsWith('/') ? `${baseUrl}/` : baseUrl;
}

/** The incident and maintenance feed: `<base>/history.rss` or `<base>/history.atom`. */
export function feedUrl(baseUrl: string, kind: 'rss' | 'atom'): string {
  return `${baseUrl}/history.${kind}`;
}
