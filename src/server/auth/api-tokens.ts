/**
 * API tokens: 32 random bytes, shown once as `pan_<base64url>`; only their SHA-256 is stored.
 * SHA-256 (not a slow password hash) is right here: the token has 256 bits of entropy, so
 * nothing can be guessed from its hash, and every request must check one quickly.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiToken, ApiTokenKind, ApiTokenRole } from '../server-store.js';

/** Every token starts with this, so secret scanners and people recognise one. */
export const TOKEN_PREFIX = 'pan_';

/** The hex SHA-256 of a token: what the database holds and what a request is looked up by. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A fresh random token (43 base64url characters after the prefix). */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** Constant-time string equality, for secrets compared as given (GitLab's token header). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** What `issueToken` needs to know about the token to make. */
export interface TokenSpec {
  kind: ApiTokenKind;
  /** The one organisation it may see; null for every organisation. */
  org: string | null;
  role: ApiTokenRole;
  name?: string | null;
  /** Lifetime in milliseconds; undefined for a token that does not expire. */
  ttlMs?: number;
}

/**
 * Makes a token: returns the secret (to show once) and the record to store (hash only).
 * The public id is derived from the hash, so it names the token without revealing it.
 */
export function issueToken(spec: TokenSpec, now: number): { token: string; record: ApiToken } {
  const token = generateToken();
  const tokenHash = hashToken(token);
  const record: ApiToken = {
    id: `tok_${tokenHash.slice(0, 12)}`,
    tokenHash,
    kind: spec.kind,
    org: spec.org,
    role: spec.role,
    name: spec.name ?? null,
    createdAt: now,
    expiresAt: spec.ttlMs === undefined ? null : now + spec.ttlMs,
    usedAt: null,
    revokedAt: null,
  };
  return { token, record };
}

/** Whether a stored token is usable at `now` (not revoked, not expired). */
export function isLive(token: ApiToken, now: number): boolean {
  return token.revokedAt === null && (token.expiresAt === null || token.expiresAt > now);
}
