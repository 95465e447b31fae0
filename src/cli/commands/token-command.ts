/**
 * `panorama token create|list|revoke`: API tokens. A token is printed once, on stdout alone
 * (for scripts); only its SHA-256 is stored.
 */
import { slugify } from '../../domain/index.js';
import { issueToken } from '../../server/auth/api-tokens.js';
import { AppError } from '../../shared/errors.js';
import type { ApiTokenRole } from '../../storage/index.js';
import { EXIT } from '../exit-codes.js';
import { colors, writeLine, type CliIo } from '../io.js';
import type { GlobalOptions } from '../main.js';
import { withStore } from '../open-store.js';

/** The flags of `token create`. */
export interface TokenCreateFlags extends GlobalOptions {
  role?: string;
  name?: string;
  allOrgs?: boolean;
  expiresInDays?: string;
}

const iso = (t: number | null) =>
  t === null ? '-' : new Date(t).toISOString().replace('.000Z', 'Z');

/** `panorama token create`. */
export async function runTokenCreate(flags: TokenCreateFlags, io: CliIo): Promise<number> {
  const role = (flags.role ?? 'viewer') as ApiTokenRole;
  if (role !== 'viewer' && role !== 'admin')
    throw new AppError('CLI_USAGE', `--role ${String(flags.role)}: use viewer or admin.`);
  if (flags.allOrgs && flags.org !== undefined)
    throw new AppError('CLI_USAGE', 'give --org or --all-orgs, not both.');
  const days = flags.expiresInDays === undefined ? undefined : Number(flags.expiresInDays);
  if (days !== undefined && !(Number.isFinite(days) && days > 0))
    throw new AppError(
      'CLI_USAGE',
      `--expires-in-days ${flags.expiresInDays}: expected a positive number.`,
    );
  return withStore(flags, io, async ({ config, store }) => {
    const org = flags.allOrgs ? null : config.org.id;
    const spec = {
      kind: 'api' as const,
      org,
      role,
      name: flags.name ?? null,
      ...(days === undefined ? {} : { ttlMs: days * 86_400_000 }),
    };
    const { token, record } = issueToken(spec, io.now());
    await store.createApiToken(record);
    const c = colors(io, 'stderr');
    const scope = org === null ? 'every organisation' : `organisation ${c.bold(org)}`;
    const known = org === null || (await store.getOrganization(org)) !== null;
    writeLine(
      io.stderr,
      `created ${role} token ${record.id} for ${scope}${record.expiresAt === null ? '' : `, expiring ${iso(record.expiresAt)}`}.`,
    );
    if (!known)
      writeLine(io.stderr, c.yellow(`note: ${org} has no data yet in ${store.location}.`));
    writeLine(io.stderr, 'It is shown once; send it as "Authorization: Bearer <token>":');
    writeLine(io.stdout, token);
    return EXIT.ok;
  });
}

/** `panorama token list`: ids, organisations and roles; never the tokens. */
export async function runTokenList(
  flags: GlobalOptions & { allOrgs?: boolean },
  io: CliIo,
): Promise<number> {
  return withStore(flags, io, async ({ store }) => {
    const tokens = await store.listApiTokens(
      flags.org === undefined ? undefined : slugify(flags.org),
    );
    for (const t of tokens) {
      const state =
        t.revokedAt !== null
          ? 'revoked'
          : t.expiresAt !== null && t.expiresAt <= io.now()
            ? 'expired'
            : 'live';
      writeLine(
        io.stdout,
        [
          t.id,
          t.kind,
          t.org ?? '(all)',
          t.role,
          state,
          iso(t.createdAt),
          iso(t.expiresAt),
          t.name ?? '',
        ].join('\t'),
      );
    }
    return EXIT.ok;
  });
}

/** `panorama token revoke ID`. */
export async function runTokenRevoke(id: string, flags: GlobalOptions, io: CliIo): Promise<number> {
  return withStore(flags, io, async ({ store }) => {
    if (!(await store.revokeApiToken(id, io.now()))) {
      throw new AppError('CLI_USAGE', `no live token ${id}: panorama token list shows them.`);
    }
    writeLine(io.stderr, `revoked ${id}.`);
    return EXIT.ok;
  });
}
