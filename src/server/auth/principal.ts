/**
 * Who is asking: the token behind a request, and what it may see. Every route declares its
 * access (`config.access`); app.ts refuses to register a route that does not, so a new route
 * cannot forget isolation.
 */
import type { ApiTokenKind, ApiTokenRole } from '../server-store.js';

/**
 * How a route is guarded:
 * - `public`: no token (health, OpenAPI, login);
 * - `webhook`: a per-organisation webhook secret, checked by the webhook itself;
 * - `token`: any valid token (what it lists is filtered to what the token may see);
 * - `org`: the route has an `:org` parameter and answers 404 unless the token may see it;
 * - `all-orgs`: only a token for every organisation (it shows every organisation's data).
 */
export type RouteAccess = 'public' | 'webhook' | 'token' | 'org' | 'all-orgs';

/** The authenticated caller. */
export interface Principal {
  tokenId: string;
  kind: ApiTokenKind;
  /** The one organisation the token may see, or null for every organisation. */
  org: string | null;
  role: ApiTokenRole;
  /** The token's SHA-256: the rate limiter's key (never the token itself). */
  tokenHash: string;
}

/** Whether `principal` may see organisation `org`. */
export function canSee(principal: Principal, org: string): boolean {
  return principal.org === null || principal.org === org;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required on every route: see RouteAccess. */
    access?: RouteAccess;
    /** The least role the route needs (default viewer). */
    role?: ApiTokenRole;
  }
  interface FastifyRequest {
    /** Set by the auth hook on guarded routes; null on public and webhook routes. */
    principal: Principal | null;
  }
}
