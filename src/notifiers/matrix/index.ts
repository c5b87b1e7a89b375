/**
 * @module The `matrix` channel: `PUT /_matrix/client/v3/rooms/{roomId}/send/m.room.message/{txnId}`.
 * The transaction id is the message's idempotency key, so a retry after a lost answer is
 * recognised by the homeserver and posts nothing twice. Matrix's `M_LIMIT_EXCEEDED` answer
 * (`retry_after_ms`) is honoured.
 */
import { sendHttp } from '../http-transport.js';
import { answerField, answerJson } from '../notifier-text.js';
import { defineNotifier } from '../types.js';
import { matrixContent } from './matrix-message.js';
import { matrixSchema } from './matrix.schema.js';

/** Matrix's `{ errcode, error, retry_after_ms }` read into an error. */
function readMatrixError(status: number, body: string): { message?: string; retryAfterMs?: number } {
  const answer = answerJson(body);
  if (!answer || typeof answer.errcode !== 'string') return {};
  const retryAfterMs = typeof answer.retry_after_ms === 'number' && answer.retry_after_ms >= 0 ? answer.retry_after_ms : undefined;
  return { message: `Matrix ${status} ${answer.errcode}${typeof answer.error === 'string' ? `: ${answer.error}` : ''}`, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
}

/** The transaction id for a message: its idempotency key, path-safe. */
export function matrixTxnId(idempotencyKey: string): string {
  return `vigie.${idempotencyKey}`;
}

export const matrixNotifier = defineNotifier({
  kind: 'matrix',
  description: 'Matrix room: an HTML message posted by a bot account, deduplicated by transaction id.',
  schema: matrixSchema,
  addressesPeople: false,
  async send(settings, message, ctx) {
    const base = settings.homeserver.replace(/\/+$/, '');
    const url = `${base}/_matrix/client/v3/rooms/${encodeURIComponent(settings.room_id)}/send/m.room.message/${encodeURIComponent(matrixTxnId(message.idempotencyKey))}`;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${settings.access_token}` };
    const receipt = await sendHttp({ url, method: 'PUT', headers, body: matrixContent(message), readError: readMatrixError }, ctx);
    const eventId = answerField(receipt.answer, 'event_id');
    return eventId ? { ...receipt, providerId: eventId } : receipt;
  },
});
