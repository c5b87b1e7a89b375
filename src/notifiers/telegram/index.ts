/**
 * @module The `telegram` channel: a bot's `sendMessage` to a chat. Telegram's own error answer
 * (`description`, `parameters.retry_after`) is read into the error; the bot token, which is part
 * of the request URL, is kept out of every error message.
 */
import { sendHttp } from '../http-transport.js';
import { answerField, answerJson } from '../notifier-text.js';
import { defineNotifier, TransportError } from '../types.js';
import { telegramBody } from './telegram-message.js';
import { telegramSchema } from './telegram.schema.js';

/** `text` with the bot token hidden. */
function withoutToken(text: string, token: string): string {
  return text.split(token).join('[redacted]');
}

/** Telegram's `{ ok: false, error_code, description, parameters: { retry_after } }` read into an error. */
function readTelegramError(status: number, body: string): { message?: string; retryAfterMs?: number } {
  const answer = answerJson(body);
  if (!answer) return {};
  const description = typeof answer.description === 'string' ? answer.description : undefined;
  const retryAfter = (answer.parameters as { retry_after?: unknown } | undefined)?.retry_after;
  return {
    ...(description ? { message: `Telegram ${status}: ${description}` } : {}),
    ...(typeof retryAfter === 'number' && retryAfter >= 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
  };
}

export const telegramNotifier = defineNotifier({
  kind: 'telegram',
  description: 'Telegram bot: an HTML message with an acknowledge button, to a group, a channel or a person.',
  schema: telegramSchema,
  addressesPeople: false,
  async send(settings, message, ctx) {
    const chatId = message.to ?? (settings.chat_id === undefined ? undefined : String(settings.chat_id));
    if (!chatId) throw new TransportError('no chat to send to: set `chat_id` on the channel or `to` on the contact', { permanent: true });
    const url = `${settings.url.replace(/\/+$/, '')}/bot${settings.bot_token}/sendMessage`;
    try {
      const receipt = await sendHttp({ url, headers: { 'content-type': 'application/json' }, body: telegramBody(chatId, message), readError: readTelegramError }, ctx);
      const messageId = answerField(receipt.answer, 'message_id');
      return messageId ? { ...receipt, providerId: messageId } : receipt;
    } catch (error) {
      if (!(error instanceof TransportError)) throw new Error(withoutToken(String((error as Error)?.message ?? error), settings.bot_token));
      const { permanent, status, retryAfterMs } = error;
      throw new TransportError(withoutToken(error.message, settings.bot_token), { permanent, ...(status !== undefined ? { status } : {}), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
    }
  },
});
