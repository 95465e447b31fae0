/**
 * The authentication hook: finds the caller's token (`Authorization: Bearer`, or the session
 * cookie a login link set), checks it, and enforces the route's declared access. An
 * organisation the token may not see answers 404 exactly like one that does not exist, so a
 * token never learns that another organisation is there.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';
import { notFound } from '../http-errors.js';
import type { Store } from '../server-store.js';
import { hashToken, isLive } from './api-tokens.js';
import { canSee, type Principal } from './principal.js';

/** The cookie a login link sets (HttpOnly, SameSite=Strict). */
export const SESSION_COOKIE = 'panorama_session';

/** The credential a request presents, if any: a bearer token first, else the session cookie. */
export function presentedToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match ? match[1]! : null;
  }
  const cookie = request.cookies?.[SESSION_COOKIE];
  return typeof cookie === 'string' && cookie !== '' ? cookie : null;
}

function authRequired(why: string): AppError {
  return new AppError(
    'AUTH_REQUIRED',
    `${why}: send Authorization: Bearer <token> (panorama token create), or open the login link panorama serve prints.`,
  );
}

async function authenticate(
  request: FastifyRequest,
  store: Store,
  now: number,
): Promise<Principal> {
  const token = presentedToken(request);
  if (token === null) {
    throw authRequired(
      request.headers.authorization === undefined
        ? 'this route needs a token'
        : 'the Authorization header is not "Bearer <token>"',
    );
  }
  const tokenHash = hashToken(token);
  const record = await store.findApiToken(tokenHash);
  // A login link is single-use and only for GET /login: never a bearer token.
  if (record === null || record.kind === 'login' || !isLive(record, now)) {
    throw authRequired('the token is unknown, revoked or expired');
  }
  return { tokenId: record.id, kind: record.kind, org: record.org, role: record.role, tokenHash };
}

/** Adds the hook to `app`: every route's `config.access` is enforced before its handler. */
export function installAuthHook(app: FastifyInstance, store: Store, now: () => number): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const { access, role } = request.routeOptions.config;
    if (access === undefined || access === 'public' || access === 'webhook') return;
    const principal = await authenticate(request, store, now());
    request.principal = principal;
    if (access === 'org') {
      const org = (request.params as Record<string, string | undefined>)['org'];
      if (org === undefined || !canSee(principal, org))
        throw notFound(`organisation "${org ?? ''}" not found`);
    }
    if (access === 'all-orgs' && principal.org !== null) {
      throw new AppError(
        'AUTH_FORBIDDEN',
        'this route shows every organisation: use a token made with panorama token create --all-orgs, or the local admin login.',
      );
    }
    if (role === 'admin' && principal.role !== 'admin') {
      throw new AppError(
        'AUTH_FORBIDDEN',
        'this route needs an admin token (panorama token create --role admin).',
      );
    }
  });
}
