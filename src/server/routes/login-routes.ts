/**
 * GET /login?token=...: trades a login link's single-use token for a session cookie, then
 * redirects to the home page. POST /logout ends the session.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { hashToken, issueToken } from '../auth/api-tokens.js';
import { SESSION_COOKIE } from '../auth/auth-hook.js';
import { SESSION_TTL_MS } from '../auth/login.js';
import { errorSchema, zodApp, type RouteDeps } from './route-deps.js';

/** Registers /login and /logout. */
export function loginRoutes(app: FastifyInstance, { store, options }: RouteDeps): void {
  const r = zodApp(app);

  r.get('/login', {
    config: { access: 'public' },
    schema: {
      summary: 'Exchange the login link printed by panorama serve for a session cookie',
      tags: ['session'],
      querystring: z.object({ token: z.string().min(1) }),
      response: { 401: errorSchema },
    },
    handler: async (request, reply) => {
      const now = options.now();
      const login = await store.consumeApiToken(hashToken(request.query.token), now);
      if (login === null || login.kind !== 'login') {
        throw new AppError(
          'AUTH_LOGIN_LINK_INVALID',
          'this login link was already used, has expired or is mistyped: restart panorama serve for a fresh one.',
        );
      }
      const { token, record } = issueToken(
        {
          kind: 'session',
          org: login.org,
          role: login.role,
          name: 'browser session',
          ttlMs: SESSION_TTL_MS,
        },
        now,
      );
      await store.createApiToken(record);
      void reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: options.secureCookies,
        path: '/',
        maxAge: Math.floor(SESSION_TTL_MS / 1000),
      });
      return reply.redirect('/', 303);
    },
  });

  r.post('/logout', {
    config: { access: 'token' },
    schema: {
      summary:
        'End this browser session: revokes a session token and clears its cookie (API tokens are revoked with panorama token revoke); answers 204',
      tags: ['session'],
    },
    handler: async (request, reply) => {
      const principal = request.principal!;
      if (principal.kind === 'session')
        await store.revokeApiToken(principal.tokenId, options.now());
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  });
}
