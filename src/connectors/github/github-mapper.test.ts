import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../domain/index.js';
import {
  githubOrigin,
  mapIncident,
  finalDeploymentStatus,
  firstReviewAt,
  isIncidentIssue,
  productionMatcher,
  severityFromLabels,
} from './github-mapper.js';
import { parseCausedBy, pickCausingDeployment } from './github-cause-refs.js';

const t = (iso: string): number => Date.parse(iso);
const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('parseCausedBy', () => {
  it.each([
    ['Outage.\n\nCaused-by: #42', { kind: 'pull_request', number: 42, text: '#42' }],
    ['caused by: PR 42 (the cache change)', { kind: 'pull_request', number: 42, text: 'PR 42 (the cache change)' }],
    ['Caused-by: https://github.com/acme/api/pull/42', { kind: 'pull_request', number: 42, text: 'https://github.com/acme/api/pull/42' }],
    ['Caused-by: deployment 123', { kind: 'deployment', id: 123, text: 'deployment 123' }],
    ['CAUSED-BY: deploy #123', { kind: 'deployment', id: 123, text: 'deploy #123' }],
    ['Caused-by: github:deployment:acme/api:77', { kind: 'deployment', id: 77, text: 'github:deployment:acme/api:77' }],
    ['Caused-by: ABCDEF1', { kind: 'sha', sha: 'abcdef1', text: 'ABCDEF1' }],
    [`Caused-by: https://github.com/acme/api/commit/${SHA}`, { kind: 'sha', sha: SHA, text: `https://github.com/acme/api/commit/${SHA}` }],
    ['### Impact\n\nall\n\n### Caused by\n\n#7\n', { kind: 'pull_request', number: 7, text: '#7' }],
  ])('%j', (body, expected) => {
    expect(parseCausedBy(body, 'acme/api')).toEqual(expected);
  });

  it('reads a configured field first (a line or an issue-form heading), then Caused-by', () => {
    const field = 'Root cause deployment';
    expect(parseCausedBy('Root cause deployment: deployment 9\nCaused-by: #4', 'acme/api', field)).toEqual({ kind: 'deployment', id: 9, text: 'deployment 9' });
    expect(parseCausedBy('### Root-cause deployment\n\n#12\n', 'acme/api', field)).toEqual({ kind: 'pull_request', number: 12, text: '#12' });
    expect(parseCausedBy('Root cause deployment: unknown yet\nCaused-by: #4', 'acme/api', field)).toEqual({ kind: 'pull_request', number: 4, text: '#4' });
    expect(parseCausedBy('Root cause deployment: unknown yet', 'acme/api', field)).toBeNull();
  });

  it('names nothing for other text, another repository or no line at all', () => {
    expect(parseCausedBy('Caused-by: the database', 'acme/api')).toBeNull();
    expect(parseCausedBy('Caused-by: https://github.com/acme/web/pull/4', 'acme/api')).toBeNull();
    expect(parseCausedBy('The deploy at 10:00 looks suspicious (#12)', 'acme/api')).toBeNull();
    expect(parseCausedBy('', 'acme/api')).toBeNull();
  });
});

describe('finalDeploymentStatus', () => {
  const s = (state: string, iso: string) => ({ state, createdAt: t(iso), url: null });

  it('inactive after a success stays the success, in any order', () => {
    expect(finalDeploymentStatus([s('inactive', '2026-01-01T12:00:00Z'), s('pending', '2026-01-01T10:00:00Z'), s('success', '2026-01-01T10:05:00Z')])).toEqual({
      status: 'success', originalStatus: 'success', finishedAt: t('2026-01-01T10:05:00Z'), url: null,
    });
  });

  it('the latest final status wins; error is a failure', () => {
    expect(finalDeploymentStatus([s('success', '2026-01-01T10:00:00Z'), s('failure', '2026-01-01T10:30:00Z')])?.status).toBe('failure');
    expect(finalDeploymentStatus([s('error', '2026-01-01T10:00:00Z')])).toMatchObject({ status: 'failure', originalStatus: 'error' });
  });

  it('no final status yet is no deployment', () => {
    expect(finalDeploymentStatus([s('queued', '2026-01-01T10:00:00Z'), s('in_progress', '2026-01-01T10:01:00Z')])).toBeNull();
    expect(finalDeploymentStatus([s('inactive', '2026-01-01T10:00:00Z')])).toBeNull();
    expect(finalDeploymentStatus([])).toBeNull();
  });
});

describe('firstReviewAt', () => {
  it('is the earliest submitted review by someone other than the author', () => {
    expect(
      firstReviewAt(
        [
          { author: 'alice', submittedAt: t('2026-01-01T09:00:00Z'), state: 'COMMENTED' },
          { author: 'bob', submittedAt: null, state: 'PENDING' },
          { author: 'carol', submittedAt: t('2026-01-01T11:00:00Z'), state: 'APPROVED' },
          { author: 'dave', submittedAt: t('2026-01-01T10:00:00Z'), state: 'CHANGES_REQUESTED' },
          { author: null, submittedAt: t('2026-01-01T08:00:00Z'), state: 'COMMENTED' },
        ],
        'alice',
      ),
    ).toBe(t('2026-01-01T10:00:00Z'));
    expect(firstReviewAt([{ author: 'alice', submittedAt: t('2026-01-01T09:00:00Z'), state: 'APPROVED' }], 'alice')).toBeNull();
  });
});

describe('environments, labels and severities', () => {
  it('matches production names exactly or by glob, case-insensitively', () => {
    const isProduction = productionMatcher(['production', 'prod-*']);
    expect(['production', 'Production', 'prod-eu', 'PROD-us', 'prod', 'staging', 'preprod-eu'].map(isProduction)).toEqual([
      true, true, true, true, false, false, false,
    ]);
  });

  it('finds incident labels case-insensitively and reads severities', () => {
    expect(isIncidentIssue(['Bug', 'INCIDENT'], ['incident'])).toBe(true);
    expect(isIncidentIssue(['bug'], ['incident', 'outage'])).toBe(false);
    expect([['sev1'], ['severity: high'], ['Sev-2', 'incident'], ['incident']].map(severityFromLabels)).toEqual(['1', 'high', '2', null]);
  });
});

describe('pickCausingDeployment', () => {
  const d = (id: string, service: string, finishedAt: string, environment = 'production', status: Deployment['status'] = 'success') =>
    ({ id, service, environment, status, finishedAt: t(finishedAt) }) as Deployment;

  it("prefers the incident's service, then the last success before the incident", () => {
    const candidates = [
      d('a', 'api', '2026-01-01T10:00:00Z'),
      d('b', 'api', '2026-01-01T12:00:00Z'),
      d('c', 'web', '2026-01-01T12:30:00Z'),
      d('d', 'api', '2026-01-01T12:45:00Z', 'staging'),
      d('e', 'api', '2026-01-01T12:50:00Z', 'production', 'failure'),
      d('f', 'api', '2026-01-01T14:00:00Z'),
    ];
    expect(pickCausingDeployment(candidates, t('2026-01-01T13:00:00Z'), 'api')?.id).toBe('b');
    expect(pickCausingDeployment(candidates, t('2026-01-01T13:00:00Z'), 'web')?.id).toBe('c');
    // Opened before any finished: the first success.
    expect(pickCausingDeployment(candidates, t('2026-01-01T09:00:00Z'), 'api')?.id).toBe('a');
    expect(pickCausingDeployment([d('x', 'api', '2026-01-01T10:00:00Z', 'staging')], t('2026-01-01T13:00:00Z'), 'api')).toBeNull();
  });
});

describe('mapIncident', () => {
  const ctx = { org: 'acme', repository: 'acme/api', service: 'api' };
  const issue = {
    number: 12,
    title: 'Latency',
    state: 'open' as const,
    createdAt: Date.parse('2026-03-02T15:00:00Z'),
    closedAt: null,
    url: null,
    labels: ['incident'],
  };

  it('keeps the commit a Caused-by line names when the sync tied it to no deployment', () => {
    const named = mapIncident(ctx, issue, null, githubOrigin('issues:acme/api#12'), 'abcdef12');
    expect(named.causedByDeploymentId).toBeNull();
    expect(named.extra).toEqual({ caused_by_commit_sha: 'abcdef12' });
    expect(mapIncident(ctx, issue, null, githubOrigin(null)).extra).toBeNull();
  });
});
