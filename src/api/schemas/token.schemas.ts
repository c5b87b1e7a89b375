/** @module API token request and response schemas. */
import { z } from 'zod';
import { ROLES } from '../../storage/store.js';
import { isoTime } from './common.schemas.js';

export { ROLES };

export const tokenCreateBody = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(100).describe('Who or what uses the token, e.g. "grafana" or "alice".'),
  role: z.enum(ROLES).describe('viewer: reads; responder: + incidents, crises and silences; editor: + monitors and everything else; admin: + tokens, users and the audit log.'),
});

export const tokenView = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  createdAt: isoTime,
  lastUsedAt: isoTime.nullable(),
  revokedAt: isoTime.nullable(),
});

export const tokenList = z.object({ items: z.array(tokenView) });

export const tokenCreated = tokenView.extend({
  secret: z.string().describe('The token secret, shown only once: send it as `Authorization: Bearer <secret>`.'),
});
