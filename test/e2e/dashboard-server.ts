/**
 * A real `panorama serve` app for the browser tests, in process on 127.0.0.1 and a free port,
 * seeded with two organisations: `acme` from test/e2e/fixtures/acme.json (the demo fixture
 * test/fixtures/small-api.json plus source URLs, incident titles and two merged pull requests,
 * so links and the lead-time breakdown have something to show) and `bravo` from the plain
 * demo fixture, plus
 * Chromium's location. The dashboard must be built (`npm run build`; `prepare` does it on
 * `npm ci`): when dist/web is missing it is built here.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { importFile } from '../../src/ingest/import-file.js';
import { issueToken } from '../../src/server/auth/api-tokens.js';
import { buildApp } from '../../src/server/app.js';
import { createLogger } from '../../src/server/logging.js';
import { resolveServerOptions, type ServerOptions } from '../../src/server/options.js';
import { hasWebBuild } from '../../src/server/routes/web-routes.js';
import { openStore, type Store } from '../../src/storage/index.js';
import { Capture, SECRET_KEY } from '../integration/server-fixtures.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = join(ROOT, 'test/fixtures/small-api.json');
const ACME_FIXTURE = join(ROOT, 'test/e2e/fixtures/acme.json');

/** Debian's Chromium, or null when it is not installed. */
export function chromiumPath(): string | null {
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim() || null;
  } catch {
    // `command -v` exits 1 when chromium is absent: that is the answer, not a failure.
    return null;
  }
}

export interface DashboardServer {
  base: string;
  store: Store;
  /** A single-use login link for `org` (null: every organisation). */
  loginUrl: (org: string | null) => Promise<string>;
  /** An API token for `org`, to read the JSON the dashboard is compared with. */
  apiToken: (org: string | null) => Promise<string>;
  close: () => Promise<void>;
}

/** Builds the dashboard if needed, seeds `acme` and `bravo`, and listens on a free port. */
/** `overrides`: server options of one test (the business page's `business` config). */
export async function startDashboardServer(overrides: Partial<ServerOptions> = {}): Promise<DashboardServer> {
  if (!hasWebBuild()) execFileSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'panorama-e2e-'));
  const store = await openStore(join(dir, 'panorama.db'));
  await importFile(store, ACME_FIXTURE, { org: 'acme', orgName: 'Acme' });
  await importFile(store, FIXTURE, { org: 'bravo', orgName: 'Bravo Labs' });
  const options = resolveServerOptions({
    secretKey: SECRET_KEY,
    logger: createLogger({ level: 'warn', destination: new Capture() }),
    ...overrides,
  });
  const app: FastifyInstance = await buildApp(store, options);
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const make = async (kind: 'login' | 'api', org: string | null): Promise<string> => {
    const { token, record } = issueToken({ kind, org, role: 'viewer', name: 'e2e', ttlMs: 3_600_000 }, Date.now());
    await store.createApiToken(record);
    return token;
  };
  return {
    base: address,
    store,
    loginUrl: async (org) => `${address}/login?token=${await make('login', org)}`,
    apiToken: (org) => make('api', org),
    close: async () => {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
