/** @module Settings of the `telegram` channel (Bot API `sendMessage`). */
import { z } from 'zod';

export const telegramSchema = z
  .strictObject({
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
      .default('https://api.telegram.org')
      .describe('Base URL of the Bot API (default `https://api.telegram.org`, or a local Bot API server).'),
    bot_token: z
      .string()
      .regex(/^\d{1,20}:[A-Za-z0-9_-]{20,100}$/, 'must be a bot token from @BotFather (<digits>:<letters, digits, _ and ->)')
      .describe('The bot\'s token from @BotFather. Secret: it is part of every request URL, so it never appears in errors.'),
    chat_id: z
      .union([z.string().regex(/^(?:-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{3,31})$/, 'must be a numeric chat id or a @channelusername'), z.int()])
      .optional()
      .describe('The group, channel or person told when the message has no personal address (`to` of a contact wins).'),
  })
  .describe('Telegram bot: an HTML message with an acknowledge button, to a chat.');

export type TelegramSettings = z.output<typeof telegramSchema>;
