/**
 * @module The public status pages over HTTP, served from the status service's in-memory
 * snapshots (a Map lookup per request, no store access): the HTML page at `/status/<id>` (the
 * first page also at `/status`, and any page at `/` of its host names), and under the page's
 * base the Statuspage JSON (`api/v2/…`), `history.rss`, `history.atom`, badges
 * (`badge/<component>.svg`, `badge.svg`), the logo file and links to incidents and maintenance.
 *
 * Public answers are cacheable by a CDN (ETag, Last-Modified, `Cache-Control` with
 * stale-while-revalidate and stale-if-error); private pages need their token (`?token=`, which
 * sets a cookie scoped to the page, or that cookie), answer `private, no-store` and are not
 * indexed. While the store cannot be read, pages answer the last known state with a notice and
 * `X-Vigie-Stale`. Nothing here answers 500: an unknown page is a 404 page, a failure a 503.
 *
 * {@link registerPageRoute} lets other modules (subscriptions) add routes under every page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HISTORY_PER_PAGE, historyPageCount, renderMessagePage, renderStatusPage } from './render-html.js';
import { STATUS_CSS_HASH } from './html-style.js';
import { badgeSvg, pageBadgeSvg, type BadgeStyle } from './badge.js';
import { statuspageId } from './statuspage-format.js';
import { FEED_DOCUMENTS, HTML_TYPE, JSON_DOCUMENTS, SVG_TYPE, type StatusDocument } from './status-documents.js';
import { accessCookie, hostName, notModified, pageAccess, pageForHost, pickHistoryPage, pickLanguage, pickTheme, type Lang, type Theme } from './page-request.js';
import { LogoFiles } from './logo-files.js';
import type { Rendered } from './rendered-cache.js';
import { encode, pickEncoding } from './content-encoding.js';
import type { StatusService } from './status-service.js';
import type { StatusPageDefinition } from './status.schema.js';
import type { PageSnapshot } from './status.types.js';

/** What the routes need: the status service (undefined: no page is served). */
export interface StatusRouteDeps {
  status: () => StatusService | undefined;
}

/** A request to one page, resolved: what handlers under the page get. */
export interface PageRequestContext {
  snapshot: PageSnapshot;
  page: StatusPageDefinition;
  /** `/status/<id>`, or `''` when served at the root of one of the page's hosts. */
  basePath: string;
  /** Absolute URL of the page, no trailing slash. */
  baseUrl: string;
  lang: Lang;
  /** True when the language came from `Accept-Language` (answers must `Vary` on it). */
  negotiated: boolean;
  theme: Theme;
  /** A private page's token given in the URL (kept in links); undefined otherwise. */
  token: string | undefined;
  isPrivate: boolean;
}

type Handler = (ctx: PageRequestContext, request: FastifyRequest, reply: FastifyReply) => unknown;
type Query = Record<string, unknown>;

const PUBLIC_CACHE = 'public, max-age=30, stale-while-revalidate=60, stale-if-error=86400';
const PRIVATE_CACHE = 'private, no-store';
const HTML_CSP = `default-src 'none'; style-src ${STATUS_CSS_HASH}; img-src 'self' https: data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;
/** Route config that keeps these requests out of the info-level request log (a public page may take thousands a second). */
export const QUIET_ROUTE = { quietLog: true } as const;

const MESSAGES = {
  notFound: { en: ['Page not found', 'There is no status page at this address.'], fr: ['Page introuvable', 'Il n’y a pas de page d’état à cette adresse.'] },
  private: { en: ['Private page', 'This status page is private: open it with the link you were given, which carries its access token.'], fr: ['Page privée', 'Cette page d’état est privée : ouvrez-la avec le lien qui vous a été donné, qui contient son jeton d’accès.'] },
  unavailable: { en: ['Status temporarily unavailable', 'The status of the services cannot be shown right now. Please try again in a minute.'], fr: ['État momentanément indisponible', 'L’état des services ne peut pas être affiché pour le moment. Réessayez dans une minute.'] },
} as const;

function securePage(request: FastifyRequest): boolean {
  const forwarded = String(request.headers['x-forwarded-proto'] ?? '').split(',')[0]?.trim();
  return request.protocol === 'https' || forwarded === 'https';
}

/** The origin written in a page's absolute links. */
function originOf(request: FastifyRequest, deps: StatusRouteDeps, viaHost: boolean): string {
  const publicUrl = deps.status()?.publicUrl()?.replace(/\/+$/, '');
  const host = String(request.headers.host ?? '');
  const https = securePage(request) || publicUrl?.startsWith('https:') === true;
  if (!viaHost && publicUrl) return publicUrl;
  return /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i.test(host) ? `${https ? 'https' : 'http'}://${host.toLowerCase()}` : 'http://localhost';
}

/** A message page in the page's languages (the other language in a second paragraph). */
function messagePage(which: keyof typeof MESSAGES, page: StatusPageDefinition | undefined, lang: Lang, basePath: string, status: 'error' | 'info'): string {
  const other: Lang = lang === 'fr' ? 'en' : 'fr';
  const [title, text] = MESSAGES[which][lang];
  const [otherTitle, otherText] = MESSAGES[which][other];
  return renderMessagePage({
    lang,
    title,
    message: text,
    html: `<p lang="${other}"><strong>${otherTitle}.</strong> ${otherText}</p>`,
    basePath,
    status,
    pageTitle: page ? page.title[lang] : 'Vigie',
    backLink: which !== 'private' && page !== undefined,
  });
}

function answerMessage(reply: FastifyReply, code: number, which: keyof typeof MESSAGES, page: StatusPageDefinition | undefined, lang: Lang, basePath: string, json: boolean): FastifyReply {
  reply.code(code).header('cache-control', which === 'notFound' ? 'public, max-age=30' : PRIVATE_CACHE).header('x-robots-tag', 'noindex');
  if (code === 503) reply.header('retry-after', '30');
  if (json) return reply.type('application/json; charset=utf-8').send({ error: which === 'notFound' ? 'not_found' : which === 'private' ? 'unauthorized' : 'unavailable', message: MESSAGES[which].en[1] });
  return reply.type(HTML_TYPE).header('content-security-policy', HTML_CSP).send(messagePage(which, page, lang, basePath, code === 503 ? 'info' : 'error'));
}

/** Sends a rendered document (compressed when the client accepts it), or 304 when the client has it. */
function sendRendered(request: FastifyRequest, reply: FastifyReply, ctx: PageRequestContext, rendered: Rendered): FastifyReply {
  const encoded = encode(rendered, pickEncoding(request.headers['accept-encoding']));
  reply.header('etag', encoded.etag).header('last-modified', rendered.lastModifiedHttp);
  reply.header('cache-control', ctx.isPrivate ? PRIVATE_CACHE : PUBLIC_CACHE);
  if (ctx.isPrivate) reply.header('x-robots-tag', 'noindex');
  reply.header('vary', ctx.negotiated ? 'Accept-Language, Accept-Encoding' : 'Accept-Encoding');
  if (ctx.snapshot.stale) reply.header('x-vigie-stale', `since=${new Date(ctx.snapshot.stale.since).toISOString()}`);
  const ifNoneMatch = request.headers['if-none-match'];
  const ifModifiedSince = request.headers['if-modified-since'];
  if (notModified(ifNoneMatch, ifModifiedSince, encoded.etag, rendered.lastModified)) return reply.code(304).send();
  if (encoded.encoding !== 'identity') reply.header('content-encoding', encoded.encoding);
  return reply.type(rendered.contentType).send(encoded.body);
}

/** Resolves the page of a request, answering 404/401/503 itself when it cannot be served. */
function resolvePage(request: FastifyRequest, reply: FastifyReply, deps: StatusRouteDeps, how: { pageId?: string; viaHost: boolean; alias?: boolean; json: boolean }): PageRequestContext | undefined {
  const status = deps.status();
  const query = (request.query ?? {}) as Query;
  const pages = status?.pages() ?? [];
  const page = how.viaHost ? pageForHost(pages, hostName(request.headers.host)) : how.alias ? pages[0] : status?.snapshot(how.pageId ?? '')?.page;
  if (!page || !status) {
    if (how.viaHost) return void reply.callNotFound();
    const { lang } = pickLanguage(query['lang'], request.headers['accept-language'], ['en', 'fr']);
    return void answerMessage(reply, 404, 'notFound', undefined, lang, '', how.json);
  }
  const basePath = how.viaHost ? '' : `/status/${page.id}`;
  const { lang, negotiated } = pickLanguage(query['lang'], request.headers['accept-language'], page.languages);
  const access = pageAccess(page, query['token'], request.headers.cookie);
  if (!access.allowed) return void answerMessage(reply, 401, 'private', page, lang, basePath, how.json);
  if (access.viaQuery) reply.header('set-cookie', accessCookie(page, how.alias ? '/status' : basePath, securePage(request)));
  const snapshot = status.snapshot(page.id);
  if (!snapshot) return void answerMessage(reply, 503, 'unavailable', page, lang, basePath, how.json);
  return {
    snapshot,
    page,
    basePath,
    baseUrl: `${originOf(request, deps, how.viaHost)}${basePath}`,
    lang,
    negotiated,
    theme: pickTheme(query['theme']),
    token: access.viaQuery ? String(query['token']) : undefined,
    isPrivate: page.private_token !== undefined,
  };
}

/**
 * Registers `method` at `path` under every page: `/status/:pageId<path>`, and `<path>` at the
 * root of each page's hosts (`''` is the page itself). The handler gets the resolved page; an
 * unknown page, a private page without its token, or a page not built yet is answered here. A
 * handler that throws answers 503, never 500.
 */
export function registerPageRoute(app: FastifyInstance, deps: StatusRouteDeps, method: 'GET' | 'POST', path: string, handler: Handler, opts: { json?: boolean } = {}): void {
  const json = opts.json ?? false;
  const wrap = (how: { viaHost: boolean; alias?: boolean }) => async (request: FastifyRequest<{ Params: Record<string, string> }>, reply: FastifyReply) => {
    const ctx = resolvePage(request, reply, deps, { ...how, pageId: request.params['pageId'], json });
    if (!ctx) return reply;
    try {
      return await handler(ctx, request, reply);
    } catch (err) {
      request.log.error({ err, page: ctx.page.id, path }, 'status page: could not answer');
      if (reply.sent) return reply;
      reply.removeHeader('etag');
      return answerMessage(reply, 503, 'unavailable', ctx.page, ctx.lang, ctx.basePath, json);
    }
  };
  app.route({ method, url: `/status/:pageId${path}`, config: QUIET_ROUTE, handler: wrap({ viaHost: false }) });
  app.route({ method, url: path === '' ? '/' : path, config: QUIET_ROUTE, handler: wrap({ viaHost: true }) });
  if (path === '') app.route({ method, url: '/status', config: QUIET_ROUTE, handler: wrap({ viaHost: false, alias: true }) });
}

function variant(ctx: PageRequestContext, kind: string, extra = ''): string {
  return `${kind}|${ctx.lang}|${ctx.theme}|${ctx.baseUrl}|${ctx.token === undefined ? '' : 't'}|${extra}`;
}

function renderDocument(ctx: PageRequestContext, status: StatusService, kind: string, doc: StatusDocument): Rendered {
  return status.rendered(ctx.snapshot, variant(ctx, kind), doc.contentType, () => doc.render(ctx.snapshot, { lang: ctx.lang, baseUrl: ctx.baseUrl, now: Date.now() }));
}

/** Registers every status page route. */
export function registerStatusRoutes(app: FastifyInstance, deps: StatusRouteDeps): void {
  const service = () => deps.status()!;
  let logos: LogoFiles | undefined;

  registerPageRoute(app, deps, 'GET', '', (ctx, request, reply) => {
    const query = (request.query ?? {}) as Query;
    const historyPage = pickHistoryPage(query['page'], historyPageCount(ctx.snapshot.history.length));
    const subs = ctx.page.subscriptions;
    const rendered = service().rendered(ctx.snapshot, variant(ctx, 'html', String(historyPage)), HTML_TYPE, () =>
      renderStatusPage(ctx.snapshot, {
        lang: ctx.lang,
        languages: ctx.page.languages,
        basePath: ctx.basePath,
        baseUrl: ctx.baseUrl,
        now: Date.now(),
        theme: ctx.theme,
        historyPage,
        subscribe: subs ? { email: subs.email !== undefined, webhooks: subs.webhooks } : undefined,
        token: ctx.token,
      }),
    );
    reply.header('content-security-policy', HTML_CSP);
    return sendRendered(request, reply, ctx, rendered);
  });

  for (const [path, doc] of Object.entries(JSON_DOCUMENTS)) {
    registerPageRoute(app, deps, 'GET', `/${path}`, (ctx, request, reply) => {
      if (!ctx.isPrivate) reply.header('access-control-allow-origin', '*');
      return sendRendered(request, reply, ctx, renderDocument(ctx, service(), path, doc));
    }, { json: true });
  }
  for (const [path, doc] of Object.entries(FEED_DOCUMENTS)) {
    registerPageRoute(app, deps, 'GET', `/${path}`, (ctx, request, reply) => sendRendered(request, reply, ctx, renderDocument(ctx, service(), path, doc)));
  }

  registerPageRoute(app, deps, 'GET', '/badge.svg', (ctx, request, reply) => {
    const opts = badgeOptions(request.query as Query, ctx.lang);
    const rendered = service().rendered(ctx.snapshot, variant(ctx, 'badge', `${opts.style}|${opts.label ?? ''}`), SVG_TYPE, () => pageBadgeSvg(ctx.snapshot, opts));
    if (!ctx.isPrivate) reply.header('access-control-allow-origin', '*');
    return sendRendered(request, reply, ctx, rendered);
  });

  registerPageRoute(app, deps, 'GET', '/badge/:badge', (ctx, request, reply) => {
    const name = String((request.params as Record<string, string>)['badge'] ?? '').replace(/\.svg$/, '');
    // The snapshot's component id, or the id components.json gives it.
    const component = ctx.snapshot.components.find((c) => c.id === name || statuspageId('component', ctx.page.id, c.id) === name);
    if (!component) return answerMessage(reply, 404, 'notFound', ctx.page, ctx.lang, ctx.basePath, false);
    const opts = badgeOptions(request.query as Query, ctx.lang);
    const rendered = service().rendered(ctx.snapshot, variant(ctx, `badge:${component.id}`, `${opts.style}|${opts.label ?? ''}`), SVG_TYPE, () => badgeSvg(component, opts));
    if (!ctx.isPrivate) reply.header('access-control-allow-origin', '*');
    return sendRendered(request, reply, ctx, rendered);
  });

  registerPageRoute(app, deps, 'GET', '/logo', async (ctx, request, reply) => {
    const logo = ctx.page.logo && !/^https?:\/\//i.test(ctx.page.logo) ? await (logos ??= new LogoFiles(service().configDir)).read(ctx.page.logo) : undefined;
    if (!logo) {
      if (ctx.page.logo) request.log.warn({ page: ctx.page.id }, 'status page: the logo file cannot be served (missing, too large, or not PNG, JPEG or SVG)');
      return answerMessage(reply, 404, 'notFound', ctx.page, ctx.lang, ctx.basePath, false);
    }
    reply.header('etag', logo.etag).header('cache-control', ctx.isPrivate ? PRIVATE_CACHE : 'public, max-age=3600');
    if (notModified(request.headers['if-none-match'], undefined, logo.etag, 0)) return reply.code(304).send();
    return reply.type(logo.contentType).send(logo.body);
  });

  // Incidents and maintenance have no page of their own: their links (JSON `shortlink`, feeds) lead to them on the page.
  registerPageRoute(app, deps, 'GET', '/incidents/:incidentId', (ctx, request, reply) => {
    const id = Number((request.params as Record<string, string>)['incidentId']);
    const open = ctx.snapshot.incidents.some((i) => i.id === id);
    const past = ctx.snapshot.history.findIndex((i) => i.id === id);
    if (!open && past === -1) return answerMessage(reply, 404, 'notFound', ctx.page, ctx.lang, ctx.basePath, false);
    const page = open ? 1 : Math.floor(past / HISTORY_PER_PAGE) + 1;
    return reply.header('cache-control', ctx.isPrivate ? PRIVATE_CACHE : PUBLIC_CACHE).redirect(pageLink(ctx, page, `incident-${id}`), 302);
  });

  registerPageRoute(app, deps, 'GET', '/maintenances/:maintenanceId', (ctx, request, reply) => {
    const id = (request.params as Record<string, string>)['maintenanceId'];
    if (!ctx.snapshot.maintenances.some((m) => m.id === id)) return answerMessage(reply, 404, 'notFound', ctx.page, ctx.lang, ctx.basePath, false);
    return reply.header('cache-control', ctx.isPrivate ? PRIVATE_CACHE : PUBLIC_CACHE).redirect(pageLink(ctx, 1, 'maintenance'), 302);
  });
}

/** The page's own address with the history page, the token when given, and an anchor. */
function pageLink(ctx: PageRequestContext, page: number, anchor: string): string {
  const query = [page > 1 ? `page=${page}` : '', ctx.token ? `token=${encodeURIComponent(ctx.token)}` : ''].filter(Boolean).join('&');
  return `${ctx.basePath || '/'}${query ? `?${query}` : ''}#${anchor}`;
}

function badgeOptions(query: Query, lang: Lang): { lang: Lang; style: BadgeStyle; label?: string } {
  const style: BadgeStyle = query['style'] === 'flat-square' ? 'flat-square' : 'flat';
  const label = typeof query['label'] === 'string' && query['label'].length > 0 ? query['label'].slice(0, 100) : undefined;
  return { lang, style, ...(label !== undefined ? { label } : {}) };
}
