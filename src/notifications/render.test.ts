import { describe, expect, it } from 'vitest';
import type { Incident } from '../incidents/incident.types.js';
import { slackBody } from '../notifiers/slack/slack-body.js';
import { smsText } from '../notifiers/sms/sms-text.js';
import { telegramBody } from '../notifiers/telegram/telegram-message.js';
import { webhookBody } from '../notifiers/webhook/webhook-body.js';
import type { Delivery } from '../storage/notification-rows.js';
import { renderDelivery, renderStatus, type IncidentSuspects, type RenderContext } from './render.js';
import { templatesSchema } from './templates.schema.js';

const t0 = Date.parse('2021-06-02T14:45:00Z');

const incident = (title: { en: string; fr: string }): Incident => ({
  id: 42,
  source: 'auto',
  status: 'open',
  severity: 'SEV1',
  title,
  summary: { en: '6 of 6 call servers down', fr: '6 serveurs d’appel sur 6 en panne' },
  serviceId: 'emergency-calls',
  rootCause: null,
  affected: ['service:emergency-calls'],
  commonMode: true,
  firstFailureAt: t0,
  openedAt: t0,
  lastFailureAt: t0,
  recoveredAt: null,
  acknowledgedAt: null,
  mitigatedAt: null,
  resolvedAt: null,
  reopened: 0,
  updatedAt: t0,
});

const delivery = (language: 'en' | 'fr', overrides: Partial<Delivery> = {}): Delivery => ({
  id: 1,
  idempotencyKey: `k-${language}`,
  incidentId: 42,
  event: 'opened',
  channelId: 'ops',
  personId: 'alice',
  address: null,
  language,
  page: true,
  extra: null,
  status: 'pending',
  attempts: 0,
  notBefore: t0,
  lastError: null,
  lastStatus: null,
  createdAt: t0,
  sentAt: null,
  ...overrides,
});

const templates = templatesSchema.parse({
  opened: {
    fr: {
      subject: '[{{incident.severity}}] Panne : {{incident.title}}',
      short: '{{incident.title}} — {{incident.cause}}, depuis {{since}}.{{#incident.ack_url}} Prendre en compte : {{incident.ack_url}}{{/incident.ack_url}}',
    },
  },
  default: { fr: { full: 'Incident {{incident.id}} ({{event}}{{#author}} par {{author}}{{/author}}) : {{incident.title}}' } },
});

const ctx: RenderContext = { now: t0 + 3 * 60_000, publicUrl: 'http://127.0.0.1:3000', ackToken: async () => 'tok', templates };
const calls = incident({ en: 'Emergency calls: major outage', fr: 'Appels d’urgence : panne majeure' });

describe('renderDelivery with notifications.templates', () => {
  it('writes a French recipient’s message with the French templates, the part without one with `default`', async () => {
    const message = await renderDelivery(delivery('fr'), calls, ctx);
    expect(message.text).toEqual({
      subject: '[SEV1] Panne : Appels d’urgence : panne majeure',
      short: 'Appels d’urgence : panne majeure — 6 serveurs d’appel sur 6 en panne, depuis 3 min. Prendre en compte : http://127.0.0.1:3000/ack/tok',
      full: 'Incident 42 (opened) : Appels d’urgence : panne majeure',
    });
  });

  it('keeps the built-in text for an English recipient, where no English template is configured', async () => {
    const withTemplates = await renderDelivery(delivery('en'), calls, ctx);
    const builtIn = await renderDelivery(delivery('en'), calls, { ...ctx, templates: undefined });
    expect(withTemplates.text).toEqual(builtIn.text);
    expect(withTemplates.text.subject).toBe('[SEV1] Emergency calls: major outage');
  });

  it('falls back per part and per event: an acknowledgement uses `default` and names who, without the acknowledge link', async () => {
    const message = await renderDelivery(delivery('fr', { event: 'acknowledged', extra: { author: 'Alice' } }), calls, ctx);
    expect(message.text.full).toBe('Incident 42 (acknowledged par Alice) : Appels d’urgence : panne majeure');
    expect(message.text.subject).toBe('[Pris en compte par Alice] Appels d’urgence : panne majeure');
  });

  it('leaves escaping to the channels: a title with <b>& comes out of the template as typed and escaped by Telegram and Slack', async () => {
    const sly = incident({ en: 'API <b>& co', fr: 'API <b>& cie' });
    const message = await renderDelivery(delivery('fr', { address: '987654321' }), sly, ctx);
    expect(message.text.subject).toBe('[SEV1] Panne : API <b>& cie');
    const telegram = JSON.parse(telegramBody('987654321', message)) as { text: string };
    expect(telegram.text).toContain('<b>[SEV1] Panne : API &lt;b&gt;&amp; cie</b>\nIncident 42 (opened) : API &lt;b&gt;&amp; cie');
    expect(telegram.text).not.toContain('<b>&');
    const slack = JSON.parse(slackBody(message)) as { text: string };
    expect(slack.text).toBe('API &lt;b&gt;&amp; cie — 6 serveurs d’appel sur 6 en panne, depuis 3 min. Prendre en compte : http://127.0.0.1:3000/ack/tok');
  });
});

describe('renderDelivery naming suspect changes', () => {
  const noted = (likely: boolean): IncidentSuspects => ({
    likely,
    suspects: [
      { changeId: 7, name: 'KB5009557', text: { en: 'KB5009557 (patch) on dc-1, 3 min before the first failure', fr: 'KB5009557 (correctif) sur dc-1, 3 min avant la première panne' } },
      { changeId: 5, name: 'LDAP timeout', text: { en: 'LDAP timeout (configuration change) on dc-2, 40 min before the first failure', fr: 'LDAP timeout (changement de configuration) sur dc-2, 40 min avant la première panne' } },
    ],
  });
  const plain: RenderContext = { now: t0 + 3 * 60_000, publicUrl: 'http://127.0.0.1:3000', ackToken: async () => 'tok' };

  it('puts the likely cause in the recipient’s language into the texts, the SMS and the webhook JSON', async () => {
    const fr = await renderDelivery(delivery('fr'), calls, { ...plain, suspects: noted(true) });
    expect(fr.incident.likelyCause).toEqual({ changeId: 7, name: 'KB5009557', text: 'KB5009557 (correctif) sur dc-1, 3 min avant la première panne' });
    expect(fr.incident.suspects?.map((c) => c.changeId)).toEqual([7, 5]);
    expect(fr.text.full).toContain('\nCause probable : KB5009557 (correctif) sur dc-1, 3 min avant la première panne\n');
    expect(smsText(fr.text.short).text).toContain('Cause probable : KB5009557');
    const en = await renderDelivery(delivery('en'), calls, { ...plain, suspects: noted(true) });
    expect(en.text.short).toContain(' — Likely cause: KB5009557 — ');
    expect(JSON.parse(webhookBody(en)).incident).toMatchObject({
      likely_cause: { change: 7, name: 'KB5009557', text: 'KB5009557 (patch) on dc-1, 3 min before the first failure' },
      suspects: [{ change: 7, name: 'KB5009557' }, { change: 5, name: 'LDAP timeout', text: 'LDAP timeout (configuration change) on dc-2, 40 min before the first failure' }],
    });
  });

  it('names the top suspect, without a likely cause, when none stands out', async () => {
    const en = await renderDelivery(delivery('en'), calls, { ...plain, suspects: noted(false) });
    expect(en.incident.likelyCause).toBeUndefined();
    expect(en.text.full).toContain('\nSuspect change: KB5009557 (patch) on dc-1, 3 min before the first failure\n');
    expect(JSON.parse(webhookBody(en))).toMatchObject({ version: 1, incident: { likely_cause: null, suspects: [{ change: 7 }, { change: 5 }] } });
  });

  it('says nothing of changes when none is noted; the webhook keeps its fields, empty', async () => {
    const en = await renderDelivery(delivery('en'), calls, plain);
    expect(en.incident).not.toHaveProperty('likelyCause');
    expect(en.incident).not.toHaveProperty('suspects');
    expect(`${en.text.short}\n${en.text.full}`).not.toMatch(/Likely cause|Suspect change/);
    expect(JSON.parse(webhookBody(en))).toMatchObject({ version: 1, incident: { likely_cause: null, suspects: [] } });
  });
});

describe('renderStatus', () => {
  it('sends the texts written when queued to the subscriber, with the unsubscribe link and the thread key', () => {
    const status = { page: 'public', subscriber: 7, key: 'vigie-status-public-incident-42', title: 'Portail : panne majeure', subject: '[État] Portail : panne majeure', short: 'Portail : panne majeure', full: 'Portail : panne majeure\n\nDébut : …', resolved: false, url: 'https://status.example.org/incidents/42', unsubscribeUrl: 'https://status.example.org/unsubscribe/u7.0.x' };
    const message = renderStatus({ idempotencyKey: 'status:public:42:opened-0:7', language: 'fr', address: 'claire@example.org', createdAt: t0 }, status);
    expect(message).toEqual({
      event: 'updated', language: 'fr', idempotencyKey: 'status:public:42:opened-0:7', to: 'claire@example.org', at: t0, unsubscribeUrl: status.unsubscribeUrl,
      incident: { id: 0, key: status.key, title: status.title, severity: 'SEV4', status: 'open', firstFailureAt: t0, url: status.url },
      text: { subject: status.subject, short: status.short, full: status.full },
    });
    expect(renderStatus({ idempotencyKey: 'k', language: 'en', address: null, createdAt: t0 }, { ...status, resolved: true })).toMatchObject({ event: 'resolved', incident: { status: 'resolved' } });
  });
});
