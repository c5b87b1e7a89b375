/** @module `/api/v1/tokens`: token management, for admins. */
import { defineRoute, type AnyRoute } from '../route-table.js';
import { idParams } from '../schemas/common.schemas.js';
import { tokenCreateBody, tokenCreated, tokenList } from '../schemas/token.schemas.js';
import type { TokenService } from '../services/token.service.js';

/** The token routes. */
export function tokenRoutes(tokens: TokenService): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/v1/tokens', tag: 'tokens', role: 'admin', summary: 'List API tokens (never their secrets)',
      responses: { 200: { description: 'The tokens.', schema: tokenList } },
      handler: () => tokens.list(),
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/tokens', tag: 'tokens', role: 'admin', summary: 'Create an API token', status: 201,
      body: tokenCreateBody,
      description: 'Names are unique among live tokens; revoke the old token to reuse its name.',
      responses: { 201: { description: 'The token with its secret, shown this once.', schema: tokenCreated }, 409: { description: 'A live token already has this name.' } },
      handler: ({ body }) => tokens.create(body),
    }),
    defineRoute({
      method: 'DELETE', url: '/api/v1/tokens/:id', tag: 'tokens', role: 'admin', summary: 'Revoke an API token', status: 204,
      params: idParams,
      responses: { 204: { description: 'Revoked.' } },
      handler: ({ params }) => tokens.revoke(params.id),
    }),
  ];
}
