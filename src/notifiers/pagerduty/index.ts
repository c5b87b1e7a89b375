/** @module The `pagerduty` channel: one PagerDuty alert per incident through the Events API v2. */
import { answerField } from '../notifier-text.js';
import { sendHttp } from '../http-transport.js';
import { defineNotifier } from '../types.js';
import { pagerdutyEvent } from './pagerduty-event.js';
import { pagerdutySchema } from './pagerduty.schema.js';

export const pagerdutyNotifier = defineNotifier({
  kind: 'pagerduty',
  description: 'PagerDuty Events API v2: one alert per incident, acknowledged and resolved with it.',
  schema: pagerdutySchema,
  addressesPeople: false,
  async send(settings, message, ctx) {
    const url = `${settings.url.replace(/\/+$/, '')}/v2/enqueue`;
    const receipt = await sendHttp({ url, headers: { 'content-type': 'application/json' }, body: pagerdutyEvent(settings, message) }, ctx);
    const dedupKey = answerField(receipt.answer, 'dedup_key');
    return dedupKey ? { ...receipt, providerId: dedupKey } : receipt;
  },
});
