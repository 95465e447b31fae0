import { describe, expect, it } from 'vitest';
import { gitlabHost } from './gitlab-client.js';
import { gitlabScopeKey } from './gitlab-connector.js';
import {
  firstGitlabReviewAt,
  gitlabDeploymentStatus,
  mapGitlabDeployment,
  mapGitlabIncident,
  parseCausedBy,
  parseGitlabTime,
  productionMatcher,
  type GitlabMapContext,
} from './gitlab-mapper.js';
import type { GitlabDeployment, GitlabIssue, GitlabMergeRequest, GitlabNote } from './gitlab-api-types.js';

const SHA = 'ab'.repeat(20);

describe('parseCausedBy', () => {
  it.each([
    ['Caused-by: gitlab:deployment:acme/api:55', { kind: 'deployment', deploymentId: 'gitlab:deployment:acme/api:55' }],
    ['caused by: deployment #55', { kind: 'deployment', deploymentId: 'gitlab:deployment:acme/api:55' }],
    ['Caused-by: !12', { kind: 'merge_request', project: 'acme/api', iid: 12 }],
    ['Caused-by: **acme/web!3**', { kind: 'merge_request', project: 'acme/web', iid: 3 }],
    ['Caused-by: https://gitlab.example.com/acme/sub/api/-/merge_requests/7#note_1', { kind: 'merge_request', project: 'acme/sub/api', iid: 7 }],
    ['Caused-by: `ABCDEF1`', { kind: 'sha', sha: 'abcdef1' }],
    [`> Caused-by: ${SHA}`, { kind: 'sha', sha: SHA }],
  ])('reads %s', (line, expected) => {
    expect(parseCausedBy(`Impact: checkout.\n${line}\nMore text`, 'acme/api')).toMatchObject(expected);
  });

  it.each([null, '', 'No cause yet', 'Caused-by: the intern', 'Caused-by: abc12', 'Was caused by: !12 maybe'])('ignores %s', (text) => {
    expect(parseCausedBy(text, 'acme/api')).toBeNull();
  });
});

describe('GitLab values', () => {
  it('maps final deployment statuses and leaves the others unmapped', () => {
    expect(['success', 'failed', 'canceled', 'running', 'created', 'blocked', 'skipped'].map(gitlabDeploymentStatus)).toEqual([
      'success',
      'failure',
      'cancelled',
      null,
      null,
      null,
      null,
    ]);
  });

  it('reads the time formats GitLab writes', () => {
    expect(parseGitlabTime('2026-11-02 15:00:00 UTC')).toEqual({ ok: true, value: Date.parse('2026-11-02T15:00:00Z') });
    expect(parseGitlabTime('2026-11-02 17:00:00 +0200')).toEqual({ ok: true, value: Date.parse('2026-11-02T15:00:00Z') });
    expect(parseGitlabTime('2026-11-02T15:00:00.123Z')).toEqual({ ok: true, value: Date.parse('2026-11-02T15:00:00.123Z') });
  });

  it('matches production environments exactly, by glob, and whatever their case', () => {
    const isProduction = productionMatcher(['production', 'prod-*']);
    expect(['production', 'Production', 'prod-eu-1', 'staging', 'preprod', 'production-like'].map(isProduction)).toEqual([true, true, true, false, false, false]);
  });

  it('takes a base URL with or without /api/v4, and keys self-managed scopes by host', () => {
    expect(gitlabHost(undefined)).toBe('https://gitlab.com');
    expect(gitlabHost('https://git.acme.test/api/v4/')).toBe('https://git.acme.test');
    expect(gitlabHost('https://git.acme.test/gitlab/')).toBe('https://git.acme.test/gitlab');
    expect(gitlabScopeKey({ name: 'acme/api' })).toBe('gitlab:acme/api');
    expect(gitlabScopeKey({ name: 'acme/api', apiUrl: 'https://git.acme.test:8443/api/v4' })).toBe('gitlab:git.acme.test:8443/acme/api');
  });
});

describe('firstGitlabReviewAt', () => {
  const alice = { id: 1, username: 'alice' };
  const bob = { id: 2, username: 'bob' };
  const mr = { iid: 1, author: alice } as GitlabMergeRequest;
  const note = (author: typeof alice, at: string, body: string, system: boolean): GitlabNote => ({ id: 1, author, created_at: at, body, system });

  it('is null when only the author approved or commented', () => {
    expect(
      firstGitlabReviewAt(mr, { approved_by: [{ user: alice, approved_at: '2026-11-02T10:00:00Z' }] }, [
        note(alice, '2026-11-02T09:00:00Z', 'LGTM myself', false),
        note(alice, '2026-11-02T10:00:00Z', 'approved this merge request', true),
      ]),
    ).toBeNull();
  });

  it('takes the earliest of approvals and review notes by others, ignoring other system notes', () => {
    expect(
      firstGitlabReviewAt(mr, { approved_by: [{ user: bob, approved_at: '2026-11-02T12:00:00Z' }] }, [
        note(bob, '2026-11-02T08:00:00Z', 'mentioned in issue #4', true),
        note(bob, '2026-11-02T11:00:00Z', 'Nit: rename', false),
      ]),
    ).toBe(Date.parse('2026-11-02T11:00:00Z'));
  });
});

describe('mapGitlabDeployment', () => {
  const ctx: GitlabMapContext = { org: 'acme', project: 'acme/api', service: 'api', productionEnvironments: ['production'] };
  const base: GitlabDeployment = {
    id: 9,
    sha: SHA,
    created_at: '2026-11-02T10:00:00Z',
    updated_at: '2026-11-02T10:30:00Z',
    status: 'success',
    environment: { name: 'review/feature-x' },
    deployable: null,
  };

  it('keeps a non-production environment by its name, with no start time when no job ran', () => {
    expect(mapGitlabDeployment(ctx, base)).toMatchObject({ environment: 'review/feature-x', originalEnvironment: 'review/feature-x', startedAt: null, finishedAt: Date.parse('2026-11-02T10:30:00Z'), url: null });
  });

  it('maps nothing while a deployment runs', () => {
    expect(mapGitlabDeployment(ctx, { ...base, status: 'running' })).toBeNull();
  });

  it('fails naming the field when GitLab sends a time it cannot read', () => {
    expect(() => mapGitlabDeployment(ctx, { ...base, finished_at: 'yesterday' })).toThrow('GitLab sent finished_at of deployment 9 as "yesterday"');
  });
});

describe('mapGitlabIncident', () => {
  const ctx: GitlabMapContext = { org: 'acme', project: 'acme/api', service: 'api', productionEnvironments: ['production'] };
  const issue: GitlabIssue = {
    id: 501,
    iid: 7,
    title: 'Checkout down',
    description: 'Payments fail.\n\nCaused-by: `abcdef1`\n',
    state: 'closed',
    created_at: '2026-11-02T10:00:00Z',
    updated_at: '2026-11-02T11:00:00Z',
    closed_at: '2026-11-02T11:00:00Z',
    issue_type: 'incident',
    severity: 'CRITICAL',
    labels: [],
    web_url: 'https://gitlab.example/acme/api/-/issues/7',
  };

  it('keeps a named commit it could not tie to a deployment, for the report to link through the graph', () => {
    const mapped = mapGitlabIncident(ctx, issue, [], null);
    expect(mapped.causedByDeploymentId).toBeNull();
    expect(mapped.extra).toMatchObject({ caused_by_unresolved: 'abcdef1', caused_by_commit_sha: 'abcdef1' });
  });

  it('links the deployment the sync resolved, and then keeps no named commit', () => {
    const resolved = { deploymentId: 'gitlab:deployment:acme/api:9', rule: 'caused-by-sha', detail: 'Deployment 9 shipped abcdef1.' };
    const mapped = mapGitlabIncident(ctx, issue, [], resolved);
    expect(mapped.causedByDeploymentId).toBe('gitlab:deployment:acme/api:9');
    expect(mapped.extra).not.toHaveProperty('caused_by_commit_sha');
    expect(mapped.inferences).toEqual([{ field: 'caused_by_deployment_id', value: 'gitlab:deployment:acme/api:9', rule: 'caused-by-sha', detail: 'Deployment 9 shipped abcdef1.' }]);
  });
});
