/**
 * @module `notifications.templates`: message texts written in the config, per event (or
 * `default` for every event), per language, per part (`subject`, `short`, `full`). Each template
 * is compiled while the config is validated, so a fault in one is a config error at its file,
 * line and column; the parsed config holds compiled templates.
 */
import { z } from 'zod';
import type { Language, NotificationEvent } from '../notifiers/types.js';
import { compileTemplate, TemplateError, type Template } from './template.js';

/** The events a template may be written for (`test` messages keep their built-in text). */
export const TEMPLATE_EVENTS = ['opened', 'severity_raised', 'common_mode', 'acknowledged', 'updated', 'resolved', 'reopened'] as const satisfies readonly NotificationEvent[];

/** The parts of a message. */
export type MessagePart = 'subject' | 'short' | 'full';

const templateText = z
  .string()
  .max(10_000)
  .transform((source, ctx): Template => {
    try {
      return compileTemplate(source);
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message, input: source });
      return z.NEVER;
    }
  });

const languageTemplates = z
  .strictObject({
    subject: templateText.optional().describe('One-line subject (e-mail subject, chat title).'),
    short: templateText.optional().describe('Short text for SMS, chat previews and pagers.'),
    full: templateText.optional().describe('Full text (e-mail body, chat body).'),
  })
  .describe('Templates of one language; a part left out keeps the `default` template or the built-in text.');

const eventTemplates = z
  .strictObject({
    en: languageTemplates.optional().describe('For recipients reading English.'),
    fr: languageTemplates.optional().describe('For recipients reading French.'),
  })
  .describe('Templates of one event, per language.');

/** `notifications.templates`. */
export const templatesSchema = z
  .strictObject({
    default: eventTemplates.optional().describe('Templates of every event that has none of its own.'),
    ...Object.fromEntries(TEMPLATE_EVENTS.map((event) => [event, eventTemplates.optional().describe(`Templates of \`${event}\` messages.`)])),
  } as Record<'default' | (typeof TEMPLATE_EVENTS)[number], z.ZodOptional<typeof eventTemplates>>)
  .describe('Message templates overriding the built-in texts: `{{placeholder}}` and `{{#placeholder}}…{{/placeholder}}`. See docs/notifications.md.');

/** Compiled templates, as parsed. */
export type MessageTemplates = z.output<typeof templatesSchema>;

/** The template for `part` of an `event` message in `language`: the event's own, else `default`'s. */
export function templateFor(templates: MessageTemplates | undefined, event: NotificationEvent, language: Language, part: MessagePart): Template | undefined {
  if (!templates || event === 'test' || event === 'crisis') return undefined;
  return templates[event]?.[language]?.[part] ?? templates.default?.[language]?.[part];
}
