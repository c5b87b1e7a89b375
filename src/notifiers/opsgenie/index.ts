/** @module The `opsgenie` channel: one Opsgenie alert per incident through the Alert API v2. */
import { sendHttp } from '../http-transport.js';
import { answerField } from '../notifier-text.js';
import { defineNotifier } from '../types.js';
import { opsgenieRequest } from './opsgenie-request.js';
import { opsgenieSchema } from './opsgenie.schema.js';

export const opsgenieNotifier = defineNotifier({
  kind: 'opsgenie',
  description: 'Opsgenie Alert API: one alert per incident, acknowledged and closed with it.',
  schema: opsgenieSchema,
  addressesPeople: false,
  async send(settings, message, ctx) {
    const { path, body } = opsgenieRequest(settings, message);
    const headers = { 'content-type': 'application/json', authorization: `GenieKey ${settings.api_key}` };
    const receipt = await sendHttp({ url: `${settings.url.replace(/\/+$/, '')}${path}`, headers, body }, ctx);
    const requestId = answerField(receipt.answer, 'requestId');
    return requestId ? { ...receipt, providerId: requestId } : receipt;
  },
});
