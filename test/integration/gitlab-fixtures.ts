/**
 * A scripted GitLab project (acme/api) in the REST v4 shapes of GitLab's API docs, for the fake
 * (test/fakes/gitlab-fake.ts): merge requests with approvals, notes and commits, deployments to
 * production, staging and a glob-matched production environment in every final state, pipelines
 * and incidents with Caused-by lines and links.
 */
import type { Store } from '../../src/storage/index.js';
import type { GitlabFakeProject } from '../fakes/gitlab-fake.js';

export const PROJECT_PATH = 'acme/api';
const WEB = 'https://gitlab.example.com/acme/api';

export const sha = (c: string): string => c.repeat(40).slice(0, 40);
export const M1 = sha('a1');
export const S3 = sha('b3');
export const M5 = sha('c5');
export const M6 = sha('d6');
const P0 = sha('e0');
const C1 = sha('11');
const C2 = sha('12');
const C3 = sha('13');
const C4 = sha('14');
const C5 = sha('15');

const user = (id: number, username: string, name: string) => ({
  id,
  username,
  name,
  state: 'active',
  avatar_url: `https://gitlab.example.com/uploads/${username}.png`,
  web_url: `https://gitlab.example.com/${username}`,
});
export const ALICE = user(1, 'alice', 'Alice Martin');
export const BOB = user(2, 'bob', 'Bob Chen');
export const CAROL = user(3, 'carol', 'Carol Diaz');

export function mergeRequest(
  iid: number,
  more: { author: ReturnType<typeof user>; state: string; created_at: string; updated_at: string } & Record<string, unknown>,
) {
  return {
    id: 1000 + iid,
    iid,
    project_id: 42,
    title: `Change ${iid}`,
    description: '',
    merged_at: null,
    closed_at: null,
    target_branch: 'main',
    source_branch: `feature-${iid}`,
    sha: sha(`f${iid}`),
    merge_commit_sha: null,
    squash_commit_sha: null,
    squash: false,
    draft: false,
    merge_status: 'can_be_merged',
    web_url: `${WEB}/-/merge_requests/${iid}`,
    references: { short: `!${iid}`, full: `acme/api!${iid}` },
    ...more,
  };
}

export function commit(id: string, parent: string, authored: string, message: string) {
  return {
    id,
    short_id: id.slice(0, 8),
    created_at: authored,
    parent_ids: [parent],
    title: message.split('\n')[0],
    message,
    author_name: 'Alice Martin',
    author_email: 'alice@acme.test',
    authored_date: authored,
    committer_name: 'Alice Martin',
    committer_email: 'alice@acme.test',
    committed_date: authored,
    web_url: `${WEB}/-/commit/${id}`,
  };
}

const note = (id: number, author: ReturnType<typeof user>, created_at: string, body: string, system: boolean) => ({
  id,
  type: null,
  body,
  author,
  created_at,
  updated_at: created_at,
  system,
  noteable_type: 'MergeRequest',
  resolvable: false,
});

export function deployment(
  id: number,
  environment: string,
  status: string,
  sha: string,
  times: { created_at: string; updated_at: string; finished_at: string | null; started_at?: string },
) {
  return {
    id,
    iid: id - 100,
    ref: 'main',
    sha,
    created_at: times.created_at,
    updated_at: times.updated_at,
    finished_at: times.finished_at,
    status,
    user: ALICE,
    environment: { id: environment.length, name: environment, slug: environment, external_url: `https://${environment}.acme.test`, tier: environment === 'staging' ? 'staging' : 'production' },
    deployable: {
      id: 5000 + id,
      status,
      stage: 'deploy',
      name: `deploy-${environment}`,
      ref: 'main',
      tag: false,
      created_at: times.created_at,
      started_at: times.started_at ?? null,
      finished_at: times.finished_at,
      web_url: `${WEB}/-/jobs/${5000 + id}`,
      pipeline: { id: 900 + id, sha, ref: 'main', status },
    },
  };
}

function issue(iid: number, more: { created_at: string; updated_at: string; title: string } & Record<string, unknown>) {
  return {
    id: 7000 + iid,
    iid,
    project_id: 42,
    description: null,
    state: 'opened',
    closed_at: null,
    labels: [],
    author: CAROL,
    issue_type: 'incident',
    type: 'INCIDENT',
    severity: 'UNKNOWN',
    web_url: `${WEB}/-/issues/${iid}`,
    ...more,
  };
}

/** The scripted project. Each call returns fresh objects (tests change them). */
export function acmeApi(): GitlabFakeProject {
  return {
    project: {
      id: 42,
      name: 'api',
      path: 'api',
      path_with_namespace: PROJECT_PATH,
      default_branch: 'main',
      web_url: WEB,
      visibility: 'private',
    },
    mergeRequests: [
      mergeRequest(1, {
        author: ALICE,
        title: 'Checkout v2',
        state: 'merged',
        created_at: '2026-11-02T09:00:00.000Z',
        updated_at: '2026-11-02T15:00:00.000Z',
        merged_at: '2026-11-02T15:00:00.000Z',
        merge_commit_sha: M1,
        sha: C2,
      }),
      mergeRequest(2, { author: BOB, state: 'opened', created_at: '2026-11-03T09:00:00.000Z', updated_at: '2026-11-03T13:00:00.000Z', sha: C3 }),
      mergeRequest(3, {
        author: CAROL,
        state: 'merged',
        created_at: '2026-11-04T08:00:00.000Z',
        updated_at: '2026-11-04T10:00:00.000Z',
        merged_at: '2026-11-04T10:00:00.000Z',
        squash: true,
        squash_commit_sha: S3,
        sha: C4,
      }),
      mergeRequest(4, { author: ALICE, state: 'closed', created_at: '2026-11-04T09:00:00.000Z', updated_at: '2026-11-04T11:00:00.000Z', closed_at: '2026-11-04T11:00:00.000Z' }),
      mergeRequest(5, {
        author: BOB,
        state: 'merged',
        created_at: '2026-11-05T08:00:00.000Z',
        updated_at: '2026-11-05T11:00:00.000Z',
        merged_at: '2026-11-05T11:00:00.000Z',
        merge_commit_sha: M5,
        sha: C5,
      }),
    ],
    approvals: {
      // The author's own approval (earlier) is ignored; Bob's counts.
      1: {
        id: 1001,
        iid: 1,
        approved: true,
        approvals_required: 1,
        approved_by: [
          { user: ALICE, approved_at: '2026-11-02T10:00:00.000Z' },
          { user: BOB, approved_at: '2026-11-02T12:00:00.000Z' },
        ],
      },
      // An older GitLab: who approved, not when (the system note says when).
      2: { id: 1002, iid: 2, approved: true, approvals_required: 1, approved_by: [{ user: ALICE }] },
    },
    notes: {
      1: [
        note(11, ALICE, '2026-11-02T09:30:00.000Z', 'added 1 commit', true),
        note(12, ALICE, '2026-11-02T09:45:00.000Z', 'Ready for review', false),
        note(13, BOB, '2026-11-02T12:00:00.000Z', 'approved this merge request', true),
      ],
      2: [
        note(21, CAROL, '2026-11-03T10:00:00.000Z', 'mentioned in issue #10', true),
        note(22, CAROL, '2026-11-03T11:30:00.000Z', 'Why not cache this?', false),
        note(23, ALICE, '2026-11-03T13:00:00.000Z', 'approved this merge request', true),
      ],
    },
    commits: {
      1: [commit(C2, C1, '2026-11-02T08:00:00.000Z', 'Checkout: new flow'), commit(C1, P0, '2026-11-01T20:00:00.000Z', 'Checkout: extract pricing')],
      2: [commit(C3, M1, '2026-11-03T08:30:00.000Z', 'Cache prices')],
      3: [commit(C4, M1, '2026-11-04T07:30:00.000Z', 'Fix rounding')],
      5: [commit(C5, S3, '2026-11-05T07:00:00.000Z', 'Retry payments')],
    },
    deployments: [
      deployment(101, 'production', 'success', M1, { created_at: '2026-11-02T15:05:00.000Z', started_at: '2026-11-02T15:06:00.000Z', finished_at: '2026-11-02T15:20:00.000Z', updated_at: '2026-11-02T15:20:00.000Z' }),
      deployment(102, 'staging', 'success', M1, { created_at: '2026-11-02T15:02:00.000Z', finished_at: '2026-11-02T15:10:00.000Z', updated_at: '2026-11-02T15:10:00.000Z' }),
      deployment(103, 'production', 'failed', S3, { created_at: '2026-11-04T10:05:00.000Z', finished_at: '2026-11-04T10:30:00.000Z', updated_at: '2026-11-04T10:40:00.000Z' }),
      // No finished_at (GitLab before 16.x): its update time is when it was canceled.
      deployment(104, 'production', 'canceled', S3, { created_at: '2026-11-04T10:35:00.000Z', finished_at: null, updated_at: '2026-11-04T10:40:00.000Z' }),
      deployment(105, 'prod-eu-1', 'success', M5, { created_at: '2026-11-05T11:05:00.000Z', finished_at: '2026-11-05T12:00:00.000Z', updated_at: '2026-11-05T12:00:00.000Z' }),
      deployment(106, 'production', 'running', M5, { created_at: '2026-11-05T12:10:00.000Z', finished_at: null, updated_at: '2026-11-05T12:11:00.000Z' }),
    ],
    pipelines: [
      { id: 1001, iid: 1, project_id: 42, sha: M1, ref: 'main', status: 'success', source: 'push', created_at: '2026-11-02T15:01:00.000Z', updated_at: '2026-11-02T15:21:00.000Z', web_url: `${WEB}/-/pipelines/1001` },
      { id: 1003, iid: 3, project_id: 42, sha: S3, ref: 'main', status: 'failed', source: 'push', created_at: '2026-11-04T10:01:00.000Z', updated_at: '2026-11-04T10:41:00.000Z', web_url: `${WEB}/-/pipelines/1003` },
      { id: 1005, iid: 5, project_id: 42, sha: M5, ref: 'main', status: 'running', source: 'push', created_at: '2026-11-05T11:01:00.000Z', updated_at: '2026-11-05T12:11:00.000Z', web_url: `${WEB}/-/pipelines/1005` },
    ],
    issues: [
      issue(7, {
        title: 'Checkout fails for EU cards',
        description: 'Payments fail since the release.\n\nCaused-by: !1\n',
        state: 'closed',
        severity: 'CRITICAL',
        created_at: '2026-11-02T16:00:00.000Z',
        closed_at: '2026-11-02T18:30:00.000Z',
        updated_at: '2026-11-02T18:30:00.000Z',
        labels: ['incident', 'payments'],
      }),
      issue(8, { title: 'EU latency', description: 'Caused-by: deployment 105', severity: 'HIGH', created_at: '2026-11-05T13:00:00.000Z', updated_at: '2026-11-05T13:05:00.000Z' }),
      issue(9, {
        title: 'Retries storm',
        description: `Seen on the dashboards.\nCaused-by: ${M5.slice(0, 8)}`,
        state: 'closed',
        severity: 'MEDIUM',
        created_at: '2026-11-05T14:00:00.000Z',
        closed_at: '2026-11-05T15:00:00.000Z',
        updated_at: '2026-11-05T15:00:00.000Z',
      }),
      issue(10, { title: 'Cache prices', issue_type: 'issue', type: 'ISSUE', severity: undefined, created_at: '2026-11-03T09:30:00.000Z', updated_at: '2026-11-05T16:00:00.000Z' }),
      issue(11, { title: 'Login slow', description: 'No idea yet.', created_at: '2026-11-06T09:00:00.000Z', updated_at: '2026-11-06T09:10:00.000Z' }),
    ],
    links: {
      11: [
        {
          id: 7010,
          iid: 10,
          project_id: 42,
          title: 'Cache prices',
          state: 'opened',
          issue_link_id: 1,
          link_type: 'relates_to',
          link_created_at: '2026-11-06T09:05:00.000Z',
          link_updated_at: '2026-11-06T09:05:00.000Z',
          web_url: `${WEB}/-/issues/10`,
          references: { short: '#10', relative: '#10', full: 'acme/api#10' },
        },
      ],
    },
  };
}

/** Everything a sync stored for the organisation, without fetch times. */
export async function snapshot(s: Store): Promise<unknown> {
  const raw = await s.listRawPayloads({ org: 'acme', source: 'gitlab' });
  return {
    repositories: await s.listRepositories('acme'),
    commits: await s.listCommits({ org: 'acme' }),
    pullRequests: await s.listPullRequests({ org: 'acme' }),
    deployments: await s.listDeployments({ org: 'acme' }),
    incidents: await s.listIncidents({ org: 'acme' }),
    raw: raw.map((r) => ({ entity: r.entity, key: r.key, payload: r.payload })),
  };
}
