/**
 * A seeded store and an in-process app for the server tests. Two organisations: `alpha`, the
 * caller's, and `bravo`, whose every record carries the marker `zulu-secret`, so a test can
 * assert that nothing of bravo's ever reaches a response meant for alpha.
 */
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type {
  Commit,
  Deployment,
  Incident,
  PullRequest,
  Repository,
} from '../../src/domain/index.js';
import { issueToken } from '../../src/server/auth/api-tokens.js';
import { buildApp } from '../../src/server/app.js';
import { createLogger } from '../../src/server/logging.js';
import { resolveServerOptions, type ServerOptions } from '../../src/server/options.js';
import type { ApiTokenRole, Store } from '../../src/storage/index.js';

/** Bravo's marker: it must never appear in an answer to an alpha token. */
export const SECRET = 'zulu-secret';
export const NOW = Date.parse('2026-03-20T12:00:00Z');
const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);
const sha = (n: number, org: string) =>
  (org === 'alpha' ? 'a' : 'b').repeat(4) + n.toString(16).padStart(36, '0');

/** The records of one organisation: 3 commits, 3 deployments, 2 PRs, 2 incidents. */
export function orgRecords(org: 'alpha' | 'bravo') {
  const service = org === 'alpha' ? 'api' : `${SECRET}-svc`;
  const repo = org === 'alpha' ? 'alpha/api' : `bravo/${SECRET}`;
  const origin = { source: 'import', rawId: null };
  const repository: Repository = {
    org,
    name: repo,
    defaultBranch: 'main',
    baselineProductionSha: null,
    url: null,
    origin,
    extra: null,
  };
  const commits: Commit[] = [0, 1, 2].map((n) => ({
    org,
    repository: repo,
    sha: sha(n, org),
    parents: n === 0 ? [] : [sha(n - 1, org)],
    author: `${org}-dev`,
    authoredAt: at('2026-03-02T09:00:00Z') + n * DAY,
    committedAt: at('2026-03-02T10:00:00Z') + n * DAY,
    message: `${org === 'bravo' ? SECRET : 'change'} ${n}`,
    additions: 1,
    deletions: 1,
    services: [],
    origin,
    extra: null,
  }));
  const deployments: Deployment[] = [0, 1, 2].map((n) => ({
    org,
    id: `${org === 'bravo' ? SECRET : 'deploy'}-${n}`,
    service,
    repository: repo,
    environment: n === 1 ? 'staging' : 'production',
    originalEnvironment: n === 1 ? 'staging' : 'production',
    status: 'success',
    originalStatus: 'success',
    startedAt: null,
    finishedAt: at('2026-03-02T14:00:00Z') + n * DAY,
    commitSha: sha(n, org),
    kind: 'regular',
    trigger: 'planned',
    remediatesDeploymentId: null,
    inferences: [],
    url: null,
    origin,
    extra: null,
  }));
  const pullRequests: PullRequest[] = [0, 1].map((n) => ({
    org,
    id: `${org === 'bravo' ? SECRET : 'pr'}-${n}`,
    repository: repo,
    service,
    number: n,
    title: null,
    author: `${org}-dev`,
    createdAt: at('2026-03-01T09:00:00Z') + n * DAY,
    firstReviewAt: null,
    mergedAt: n === 0 ? at('2026-03-02T09:30:00Z') : null,
    mergeCommitSha: n === 0 ? sha(0, org) : null,
    commitShas: [],
    baseBranch: 'main',
    state: n === 0 ? 'merged' : 'open',
    revertsPr: null,
    additions: null,
    deletions: null,
    url: null,
    origin,
    extra: null,
  }));
  const incidents: Incident[] = [0, 1].map((n) => ({
    org,
    id: `${org === 'bravo' ? SECRET : 'inc'}-${n}`,
    service,
    title: null,
    startedAt: at('2026-03-02T15:00:00Z') + n * DAY,
    detectedAt: null,
    acknowledgedAt: null,
    resolvedAt: n === 0 ? at('2026-03-02T17:00:00Z') : null,
    causedByDeploymentId: n === 0 ? deployments[0]!.id : null,
    severity: null,
    inferences: [],
    url: null,
    origin,
    extra: null,
  }));
  return { repository, commits, deployments, pullRequests, incidents };
}

/** Writes both organisations' records. */
export async function seed(store: Store): Promise<void> {
  for (const org of ['alpha', 'bravo'] as const) {
    const r = orgRecords(org);
    await store.upsertOrganization({
      id: org,
      name: org === 'alpha' ? 'Alpha' : `Bravo ${SECRET}`,
    });
    await store.upsertRepositories([r.repository]);
    await store.upsertCommits(r.commits);
    await store.upsertDeployments(r.deployments);
    await store.upsertPullRequests(r.pullRequests);
    await store.upsertIncidents(r.incidents);
  }
}

/** Creates a token and returns it. */
export async function makeToken(
  store: Store,
  org: string | null,
  role: ApiTokenRole = 'viewer',
): Promise<string> {
  const { token, record } = issueToken({ kind: 'api', org, role, name: 'test' }, NOW - DAY);
  await store.createApiToken(record);
  return token;
}

/** A Writable that keeps everything written to it (the captured log). */
export class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** The test server key (webhook secrets derive from it). */
export const SECRET_KEY = Buffer.from('0123456789abcdef0123456789abcdef', 'utf8');

/** An app on `store` with a fixed clock and a captured debug log. */
export async function testApp(
  store: Store,
  overrides: Partial<ServerOptions> = {},
): Promise<{ app: FastifyInstance; log: Capture }> {
  const log = new Capture();
  const options = resolveServerOptions({
    secretKey: SECRET_KEY,
    logger: createLogger({ level: 'debug', destination: log }),
    now: () => NOW,
    ...overrides,
  });
  const app = await buildApp(store, options);
  await app.ready();
  return { app, log };
}

/** `Authorization: Bearer <token>`. */
export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** The value of the sample `name{labels}` in Prometheus text, or undefined. */
export function metricSample(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}
