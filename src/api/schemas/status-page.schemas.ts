/** @module Status page (read-only) response and query schemas: what the console's preview reads. */
import { z } from 'zod';
import { COMPONENT_STATES } from '../../status/status.types.js';

const localizedView = z.object({ en: z.string(), fr: z.string() });

export const statusPageView = z.object({
  id: z.string(),
  title: localizedView,
  description: localizedView.nullable(),
  path: z.string().describe('Where the page is served on this Vigie: `/status/<id>`.'),
  hosts: z.array(z.string()).describe('Host names the page also answers for at `/`.'),
  languages: z.array(z.enum(['en', 'fr'])).describe('Languages offered, the default first.'),
  private: z.boolean().describe('Whether the page needs its access token (which is never given here).'),
  components: z
    .array(z.object({ id: z.string(), name: localizedView, group: localizedView.nullable(), state: z.enum(COMPONENT_STATES) }))
    .describe('Public components in page order, with their state now (none until the page is first built).'),
});

export const statusPageList = z.object({ items: z.array(statusPageView) });

export const statusPagePreviewQuery = z.strictObject({
  lang: z.enum(['en', 'fr']).optional().describe('Language of the preview (default: the page’s first).'),
  theme: z.enum(['auto', 'light', 'dark']).default('auto').describe('Colour theme of the preview.'),
});
