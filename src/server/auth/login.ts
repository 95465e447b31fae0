/**
 * The one-step local login (as Jupyter does): `panorama serve` prints a URL carrying a fresh
 * login token for a local admin, valid 15 minutes and usable once. GET /login exchanges it for
 * a session token in an HttpOnly, SameSite=Strict cookie, so the token leaves the address bar
 * and browser history at once.
 */
import type { Store } from '../server-store.js';
import { issueToken } from './api-tokens.js';

/** How long a login link lives. */
export const LOGIN_TTL_MS = 15 * 60_000;
/** How long the session a login opens lives. */
export const SESSION_TTL_MS = 12 * 3_600_000;

/** Creates and stores a login token; returns the URL to print. */
export async function createLoginLink(store: Store, baseUrl: string, now: number): Promise<string> {
  const { token, record } = issueToken(
    { kind: 'login', org: null, role: 'admin', name: 'login link', ttlMs: LOGIN_TTL_MS },
    now,
  );
  await store.createApiToken(record);
  return `${baseUrl.replace(/\/$/, '')}/login?token=${encodeURIComponent(token)}`;
}
