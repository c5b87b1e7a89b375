/**
 * @module Subscriptions over HTTP, under every status page (`/status/<id>/…` and `/…` at the root
 * of the page's hosts): `GET subscribe` (the form), `POST subscribe` (a form or JSON: `email` or
 * `webhook`, `language`, `components[]`), `GET`/`POST confirm/<token>` and
 * `GET`/`POST unsubscribe/<token>` — a GET only shows a button, so mail scanners that open links
 * change nothing; the unsubscribe POST also serves RFC 8058 one-click requests from mail clients.
 * Answers are pages in the status page's frame (JSON when the request is JSON or asks for it).
 * Subscribing to a private page needs its access (as the page does); confirm and unsubscribe
 * links need only their signed token. A bad field, a forged, replaced or expired link, or too
 * many requests get a clear 4xx page; a failure is a 503, never a 500.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hostName, pickLanguage, type Lang } from './page-request.js';
import { QUIET_ROUTE, registerPageRoute, type PageRequestContext, type StatusRouteDeps } from './status.routes.js';
import type { StatusPageDefinition } from './status.schema.js';
import { readSubscribeInput } from './subscribe-input.js';
import { backToForm, barePage, buttonForm, followedText, messagePage, pageWords, secretBlock, subscribeForm, type PageFrame, type PageMessage } from './subscription-pages.js';
import { followedNames } from './subscription-planner.js';
import { fieldSentence, type LinkAction, type SubscribeOutcome, type SubscriptionService } from './subscription-service.js';
import type { Subscriber } from './subscription.types.js';

export interface SubscriptionRouteDeps {
  /** The status pages (their access rules and snapshots). */
  status: StatusRouteDeps['status'];
  /** The subscription service; undefined until the process has started it (answers 503). */
  subscriptions: () => SubscriptionService | undefined;
}

type Query = Record<string, unknown>;
type LinkKind = 'confirm' | 'unsubscribe';

const NO_STORE = 'no-store';
const HTML_TYPE = 'text/html; charset=utf-8';

/** Form fields, a field given several times (checkboxes) as a list; built without touching prototypes. */
export function formFields(text: string): Record<string, string | string[]> {
  const fields = new Map<string, string | string[]>();
  for (const [key, value] of new URLSearchParams(text)) {
    const previous = fields.get(key);
    fields.set(key, previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value]);
  }
  return Object.fromEntries(fields);
}

/** True when the answer should be JSON: a JSON body, or an `Accept` that wants JSON and not HTML. */
function wantsJson(request: FastifyRequest): boolean {
  if (String(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) return true;
  const accept = String(request.headers.accept ?? '').toLowerCase();
  return accept.includes('application/json') && !accept.includes('text/html');
}

function sendPage(reply: FastifyReply, code: number, frame: PageFrame, message: PageMessage): FastifyReply {
  return reply.code(code).header('cache-control', NO_STORE).header('x-robots-tag', 'noindex').type(HTML_TYPE).send(messagePage(frame, message));
}

function sendJson(reply: FastifyReply, code: number, body: Record<string, unknown>): FastifyReply {
  return reply.code(code).header('cache-control', NO_STORE).type('application/json; charset=utf-8').send(body);
}

/** Reads the bodies these routes take: JSON (as everywhere), forms with repeated fields, and anything else as no body (RFC 8058 posts). */
function readBodies(app: FastifyInstance): void {
  app.removeContentTypeParser('application/x-www-form-urlencoded');
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 65_536 }, (_request, body, done) => done(null, formFields(String(body))));
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 65_536 }, (_request, _body, done) => done(null, undefined));
}

/** Errors before a handler runs (an unreadable body, too large): a clear 4xx; anything else a 503. */
function answerErrors(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const client = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500;
    const code = client ? error.statusCode! : 503;
    if (!client) request.log.error({ err: error }, 'status subscriptions: could not answer');
    const { lang } = pickLanguage((request.query as Query | undefined)?.['lang'], request.headers['accept-language'], ['en', 'fr']);
    const w = pageWords(lang);
    const message = client ? error.message : w.unavailableText;
    if (code === 503) reply.header('retry-after', '30');
    if (wantsJson(request)) return sendJson(reply, code, { error: client ? 'invalid_request' : 'unavailable', message: client ? error.message : pageWords('en').unavailableText });
    return reply.code(code).header('cache-control', NO_STORE).type(HTML_TYPE).send(barePage(lang, '', client ? w.badRequest : w.unavailable, message));
  });
}

/** The answer to a subscription request. */
function answerSubscribe(reply: FastifyReply, frame: PageFrame, outcome: SubscribeOutcome, json: boolean): FastifyReply {
  const w = pageWords(frame.lang);
  switch (outcome.kind) {
    case 'invalid': {
      const sentence = fieldSentence(outcome.error, frame.lang);
      if (json) return sendJson(reply, 400, { error: 'invalid_request', message: fieldSentence(outcome.error, 'en'), issues: [{ path: outcome.error.field, message: outcome.error.message.en }] });
      return sendPage(reply, 400, frame, { title: w.refused, message: [sentence], status: 'error', html: backToForm(frame) });
    }
    case 'unavailable': {
      const text = outcome.what === 'email' ? w.noEmail : w.noWebhook;
      if (json) return sendJson(reply, 404, { error: 'not_found', message: outcome.what === 'email' ? pageWords('en').noEmail : pageWords('en').noWebhook });
      return sendPage(reply, 404, frame, { title: w.refused, message: [text], status: 'error' });
    }
    case 'limited': {
      reply.header('retry-after', String(outcome.retryAfterS));
      const text = outcome.scope === 'ip' ? w.tooManyIp(Math.ceil(outcome.retryAfterS / 60)) : w.tooManyAddress(Math.ceil(outcome.retryAfterS / 3600));
      if (json) {
        const en = pageWords('en');
        return sendJson(reply, 429, { error: 'too_many_requests', message: outcome.scope === 'ip' ? en.tooManyIp(Math.ceil(outcome.retryAfterS / 60)) : en.tooManyAddress(Math.ceil(outcome.retryAfterS / 3600)) });
      }
      return sendPage(reply, 429, frame, { title: w.tooMany, message: [text], status: 'error' });
    }
    case 'mail_sent':
      if (json) return sendJson(reply, 202, { status: 'pending', message: pageWords('en').mailSentText(outcome.address) });
      return sendPage(reply, 202, frame, { title: w.mailSent, message: [w.mailSentText(outcome.address)], status: 'success' });
    case 'webhook': {
      const { subscriber, secret, unsubscribeUrl } = outcome;
      if (json) {
        return sendJson(reply, 201, {
          id: subscriber.id, status: subscriber.status, webhook: subscriber.address, language: subscriber.language, components: subscriber.components, secret, unsubscribe_url: unsubscribeUrl,
          signature: 'Vigie-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" under secret>',
        });
      }
      return sendPage(reply, 201, frame, { title: w.webhook, message: [w.webhookText], status: 'success', html: secretBlock(secret, unsubscribeUrl, frame.lang) });
    }
    case 'webhook_exists':
      if (json) return sendJson(reply, 409, { error: 'conflict', message: pageWords('en').webhookExists });
      return sendPage(reply, 409, frame, { title: w.refused, message: [w.webhookExists], status: 'error' });
  }
}

/** The page (or JSON) a confirm or unsubscribe link comes to, for a GET (`action` undefined) or a POST. */
function answerLink(reply: FastifyReply, frame: PageFrame, kind: LinkKind, result: LinkAction, json: boolean, followed: string, selfPath: string): FastifyReply {
  const w = pageWords(frame.lang);
  const en = pageWords('en');
  const answer = (code: number, key: string, message: PageMessage, enText: string) =>
    json ? sendJson(reply, code, code < 400 ? { status: key, message: enText } : { error: key, message: enText }) : sendPage(reply, code, frame, message);
  if (result.kind === 'invalid') return answer(400, 'invalid_link', { title: w.invalid, message: [w.invalidText], status: 'error' }, en.invalidText);
  if (result.kind === 'expired') return answer(410, 'expired_link', { title: w.expired, message: [w.expiredText], status: 'error', html: backToForm(frame) }, en.expiredText);
  const s: Subscriber = result.subscriber;
  const title = frame.page.title[frame.lang];
  if (kind === 'confirm') {
    if (result.kind === 'done') return answer(200, 'confirmed', { title: w.confirmed, message: [w.confirmedText], status: 'success' }, en.confirmedText);
    if (s.status === 'active') return answer(200, 'already_confirmed', { title: w.alreadyConfirmed, message: [w.alreadyConfirmedText], status: 'info' }, en.alreadyConfirmedText);
    if (s.status === 'unsubscribed') return answer(410, 'cancelled', { title: w.cancelled, message: [w.cancelledText], status: 'error', html: backToForm(frame) }, en.cancelledText);
    if (result.kind === 'stale') return answer(410, 'stale_link', { title: w.stale, message: [w.staleText], status: 'error' }, en.staleText);
    return answer(200, 'pending', { title: w.confirm, message: [w.confirmText(title, s.address, followed)], status: 'info', html: buttonForm(selfPath, w.confirmButton) }, en.confirmText(frame.page.title.en, s.address, followed));
  }
  if (result.kind === 'done') return answer(200, 'unsubscribed', { title: w.unsubscribed, message: [w.unsubscribedText(title)], status: 'success' }, en.unsubscribedText(frame.page.title.en));
  if (s.status === 'unsubscribed') return answer(200, 'already_unsubscribed', { title: w.alreadyUnsubscribed, message: [w.alreadyUnsubscribedText], status: 'info' }, en.alreadyUnsubscribedText);
  if (result.kind === 'stale') return answer(400, 'invalid_link', { title: w.invalid, message: [w.invalidText], status: 'error' }, en.invalidText);
  return answer(200, 'subscribed', { title: w.unsubscribe, message: [w.unsubscribeText(title, s.address)], status: 'info', html: buttonForm(selfPath, w.unsubscribeButton) }, en.unsubscribeText(frame.page.title.en, s.address));
}

/** Registers the subscription routes under every status page. */
export function registerSubscriptionRoutes(app: FastifyInstance, deps: SubscriptionRouteDeps): void {
  const service = (): SubscriptionService => {
    const s = deps.subscriptions();
    if (!s) throw new Error('status subscriptions are not started yet');
    return s;
  };
  const frameOf = (ctx: PageRequestContext, lang: Lang = ctx.lang): PageFrame => ({ page: ctx.page, lang, basePath: ctx.basePath, token: ctx.token });

  void app.register(async (child) => {
    readBodies(child);
    answerErrors(child);
    const pageDeps: StatusRouteDeps = { status: deps.status };

    registerPageRoute(child, pageDeps, 'GET', '/subscribe', (ctx, _request, reply) => {
      const w = pageWords(ctx.lang);
      const sub = service().subscriptionPage(ctx.page.id);
      const frame = frameOf(ctx);
      if (!sub || sub.emailChannel === undefined) return sendPage(reply, 404, frame, { title: w.refused, message: [w.noEmail], status: 'error' });
      return sendPage(reply, 200, frame, { title: w.subscribe, message: [w.intro], status: 'info', html: subscribeForm(frame, sub.layout.components) });
    });

    registerPageRoute(child, pageDeps, 'POST', '/subscribe', async (ctx, request, reply) => {
      const json = wantsJson(request);
      const input = readSubscribeInput(request.body);
      const chosen = 'target' in input && (input.language === 'en' || input.language === 'fr') && ctx.page.languages.includes(input.language) ? input.language : ctx.lang;
      const frame = frameOf(ctx, chosen);
      if ('field' in input) return answerSubscribe(reply, frame, { kind: 'invalid', error: input }, json);
      return answerSubscribe(reply, frame, await service().subscribe(ctx.page.id, input, request.ip), json);
    });

    for (const kind of ['confirm', 'unsubscribe'] as const) {
      for (const method of ['GET', 'POST'] as const) {
        const handler = (viaHost: boolean) => async (request: FastifyRequest<{ Params: { pageId?: string; token: string } }>, reply: FastifyReply) => {
          const s = service();
          const page = viaHost ? s.pageByHost(hostName(request.headers.host)) : s.page(request.params.pageId ?? '');
          if (!page) {
            if (viaHost) return reply.callNotFound();
            const { lang } = pickLanguage((request.query as Query)['lang'], request.headers['accept-language'], ['en', 'fr']);
            const w = pageWords(lang);
            return reply.code(404).header('cache-control', NO_STORE).type(HTML_TYPE).send(barePage(lang, '', w.notFound, w.notFoundText));
          }
          return linkRoute(request, reply, s, page, viaHost ? '' : `/status/${page.id}`, kind, method);
        };
        child.route({ method, url: `/status/:pageId/${kind}/:token`, config: QUIET_ROUTE, handler: handler(false) });
        child.route({ method, url: `/${kind}/:token`, config: QUIET_ROUTE, handler: handler(true) });
      }
    }
  });
}

/** A confirm or unsubscribe link, opened (GET: a button) or followed (POST). */
async function linkRoute(request: FastifyRequest<{ Params: { token: string } }>, reply: FastifyReply, service: SubscriptionService, page: StatusPageDefinition, basePath: string, kind: LinkKind, method: 'GET' | 'POST'): Promise<FastifyReply> {
  const token = request.params.token;
  const result: LinkAction =
    method === 'GET' ? await service.check(page.id, token, kind) : kind === 'confirm' ? await service.confirm(page.id, token) : await service.unsubscribe(page.id, token);
  const subscriber = 'subscriber' in result ? result.subscriber : undefined;
  const query = request.query as Query;
  const asked = pickLanguage(query['lang'], request.headers['accept-language'], page.languages);
  const lang = typeof query['lang'] === 'string' || !subscriber ? asked.lang : subscriber.language;
  const sub = service.subscriptionPage(page.id);
  const followed = followedText(subscriber && sub ? followedNames(sub, { ...subscriber, language: lang }) : [], lang);
  const frame: PageFrame = { page, lang, basePath };
  return answerLink(reply, frame, kind, result, wantsJson(request), followed, `${basePath}/${kind}/${encodeURIComponent(token)}`);
}
