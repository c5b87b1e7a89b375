/**
 * @module The one-click acknowledge pages behind the links in pages: `GET /ack/:token` shows the
 * incident and a button (a form POST, so mail scanners that open links acknowledge nothing);
 * `POST /ack/:token` acknowledges it once. Expired, used, forged or unknown links get a page
 * saying so (never a 500). Server-rendered HTML in French and English (`Accept-Language`), no
 * script.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Bus } from '../../engine/bus.js';
import { IncidentActionError, IncidentActions } from '../../incidents/incident-actions.js';
import type { AckLinks } from '../../notifications/ack-links.js';
import type { Store } from '../../storage/store.js';
import { escapeHtml } from '../../core/html.js';

type Lang = 'en' | 'fr';

const WORDS = {
  en: { title: 'Acknowledge incident', button: 'Acknowledge', done: 'Acknowledged. Escalation stopped.', already: 'This incident is already', open: 'open', resolved: 'resolved', acknowledged: 'acknowledged', mitigated: 'mitigated', used: 'This link was already used.', expired: 'This link has expired.', invalid: 'This link is not valid.', askNew: 'Acknowledge from the console, the API or `vigie incident ack`.', severity: 'Severity', },
  fr: { title: 'Prendre en compte l’incident', button: 'Prendre en compte', done: 'Pris en compte. L’escalade est arrêtée.', already: 'Cet incident est déjà', open: 'ouvert', resolved: 'résolu', acknowledged: 'pris en compte', mitigated: 'atténué', used: 'Ce lien a déjà servi.', expired: 'Ce lien a expiré.', invalid: 'Ce lien n’est pas valide.', askNew: 'Prenez l’incident en compte depuis la console, l’API ou `vigie incident ack`.', severity: 'Gravité', },
} as const;

function language(request: FastifyRequest): Lang {
  const header = String(request.headers['accept-language'] ?? '');
  const fr = header.toLowerCase().search(/\bfr\b/);
  const en = header.toLowerCase().search(/\ben\b/);
  return fr !== -1 && (en === -1 || fr < en) ? 'fr' : 'en';
}


function page(reply: FastifyReply, status: number, lang: Lang, heading: string, body: string): FastifyReply {
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(heading)} — Vigie</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#111;background:#fff}@media (prefers-color-scheme:dark){body{color:#eee;background:#111}}button{font-size:1.2rem;padding:.7rem 1.4rem;border-radius:.4rem;border:2px solid currentColor;background:#b00020;color:#fff}</style>
</head><body><main><h1>${escapeHtml(heading)}</h1>${body}</main></body></html>`;
  return reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

/** Registers `GET` and `POST /ack/:token`. */
export function registerAckPages(app: FastifyInstance, deps: { store: Store; bus: Bus; links: AckLinks; now: () => number }): void {
  const actions = new IncidentActions(deps.store, deps.bus, deps.now);

  async function find(request: FastifyRequest<{ Params: { token: string } }>) {
    const lang = language(request);
    const w = WORDS[lang];
    const checked = await deps.links.check(request.params.token);
    if (!checked.ok) return { lang, error: { status: 404, text: w.invalid } } as const;
    const link = await deps.store.escalations.ackToken(checked.nonce);
    if (!link) return { lang, error: { status: 404, text: w.invalid } } as const;
    if (link.usedAt !== null) return { lang, error: { status: 410, text: w.used } } as const;
    if (link.expiresAt <= deps.now()) return { lang, error: { status: 410, text: w.expired } } as const;
    const incident = await deps.store.incidents.get(link.incidentId);
    if (!incident) return { lang, error: { status: 404, text: w.invalid } } as const;
    return { lang, nonce: checked.nonce, link, incident } as const;
  }

  app.get<{ Params: { token: string } }>('/ack/:token', async (request, reply) => {
    const found = await find(request);
    const w = WORDS[found.lang];
    if ('error' in found) return page(reply, found.error!.status, found.lang, w.title, `<p>${escapeHtml(found.error!.text)}</p><p>${escapeHtml(w.askNew)}</p>`);
    const { incident } = found;
    const summary = `<p><strong>#${incident.id} ${escapeHtml(incident.title[found.lang])}</strong></p><p>${w.severity}${found.lang === 'fr' ? ' :' : ':'} ${incident.severity}</p>`;
    if (incident.status !== 'open') return page(reply, 200, found.lang, w.title, `${summary}<p>${escapeHtml(w.already)} ${escapeHtml(w[incident.status])}.</p>`);
    return page(reply, 200, found.lang, w.title, `${summary}<form method="post"><button type="submit">${escapeHtml(w.button)}</button></form>`);
  });

  app.post<{ Params: { token: string } }>('/ack/:token', async (request, reply) => {
    const found = await find(request);
    const w = WORDS[found.lang];
    if ('error' in found) return page(reply, found.error!.status, found.lang, w.title, `<p>${escapeHtml(found.error!.text)}</p><p>${escapeHtml(w.askNew)}</p>`);
    const outcome = await deps.store.escalations.useAckToken(found.nonce, deps.now());
    if (outcome !== 'ok') return page(reply, 410, found.lang, w.title, `<p>${escapeHtml(outcome === 'expired' ? w.expired : w.used)}</p>`);
    const who = found.link.personId ?? 'link';
    try {
      await actions.acknowledge(found.incident.id, `${who} (acknowledge link)`);
    } catch (error) {
      if (!(error instanceof IncidentActionError)) throw error;
      const current = await deps.store.incidents.get(found.incident.id);
      return page(reply, 409, found.lang, w.title, `<p>${escapeHtml(w.already)} ${escapeHtml(current ? w[current.status] : w.resolved)}.</p>`);
    }
    return page(reply, 200, found.lang, w.title, `<p><strong>#${found.incident.id} ${escapeHtml(found.incident.title[found.lang])}</strong></p><p>${escapeHtml(w.done)}</p>`);
  });
}
