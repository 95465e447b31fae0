import { describe, expect, it } from 'vitest';
import type { DeploymentRecord, IncidentRecord, Report, RestoredIncident } from '../api-client/types.js';
import { timelinePoints } from './deployment-timeline.js';
import { incidentRows } from './incidents-list.js';
import { histogramBins } from './lead-time-histogram.js';
import { buildSourceLinks } from './source-links.js';

const H = 3_600;

function deployment(id: string, over: Partial<DeploymentRecord> = {}): DeploymentRecord {
  return {
    id, service: 'api', repository: 'api', environment: 'production', status: 'success', finished_at: '2026-03-02T10:00:00Z',
    commit_sha: 'abc', kind: 'regular', trigger: 'planned', remediates_deployment_id: null, url: null, ...over,
  };
}

function incident(id: string, over: Partial<IncidentRecord> = {}): IncidentRecord {
  return { id, service: 'api', title: null, started_at: '2026-03-02T11:00:00Z', resolved_at: null, caused_by_deployment_id: null,
    severity: null, url: null, ...over };
}

describe('the lead-time histogram bins', () => {
  it('counts into 20 equal bins from 0 to 3 x p90, the last bin holding the tail', () => {
    // p90 10 h: bins of 1.5 h up to 30 h; 0.5 h and 1 h in bin 0, 2 h in bin 1, 29 h and 100 h in bin 19
    const bins = histogramBins([0.5 * H, 1 * H, 2 * H, 29 * H, 100 * H], 10 * H);
    expect(bins).toHaveLength(20);
    expect(bins[0]).toEqual({ from: 0, to: 1.5 * H, count: 2 });
    expect(bins[1]).toEqual({ from: 1.5 * H, to: 3 * H, count: 1 });
    expect(bins[19]).toEqual({ from: 28.5 * H, to: 30 * H, count: 2 });
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(5);
  });

  it('starts below zero for a negative lead time (clock skew is kept, not clamped)', () => {
    const bins = histogramBins([-2 * H, 18 * H], null);
    expect(bins[0]).toEqual({ from: -2 * H, to: -1 * H, count: 1 });
    expect(bins[19]).toEqual({ from: 17 * H, to: 18 * H, count: 1 });
  });

  it('has no bin without a change, and one-hour bins when every change took the same time', () => {
    expect(histogramBins([], null)).toEqual([]);
    expect(histogramBins([0, 0], 0)[0]).toEqual({ from: 0, to: H, count: 2 });
  });
});

describe('the deployment timeline', () => {
  it("sorts runs into deployments, fixes, the report's failed deployments, failed runs, and incidents", () => {
    const report = { dora: { change_failure_rate: { failed_deployments: [{ deployment_id: 'd2' }] } } } as unknown as Report;
    const points = timelinePoints(report, [
      deployment('d1'),
      deployment('d2'),
      deployment('d3', { kind: 'rollback', trigger: 'incident_remediation', remediates_deployment_id: 'd2' }),
      deployment('d4', { status: 'failure' }),
      deployment('d5', { status: 'cancelled', kind: 'hotfix' }),
    ], [incident('i1', { title: 'Down', severity: 'sev1', caused_by_deployment_id: 'd2' })]);
    expect(Object.fromEntries(Object.entries(points).map(([k, v]) => [k, v.map((p) => p.id)]))).toEqual({
      deployment: ['d1'], failed: ['d2'], remediation: ['d3'], pipeline_failure: ['d4', 'd5'], incident: ['i1'],
    });
    expect(points.remediation[0]?.detail).toBe('api, rollback, success, fixes d2');
    expect(points.incident[0]?.detail).toBe('Down (sev1), caused by d2');
  });
});

describe('the incidents list', () => {
  it("shows the report's restore time, and lists incidents resolved in the window that started before it", () => {
    const restored: RestoredIncident[] = [
      { incident_id: 'i1', service: 'api', started_at: '2026-03-02T11:00:00Z', resolved_at: '2026-03-02T13:00:00Z', seconds: 7_200, caused_by_deployment_id: null },
      { incident_id: 'i0', service: 'web', started_at: '2026-02-27T23:00:00Z', resolved_at: '2026-03-01T01:00:00Z', seconds: 93_600, caused_by_deployment_id: 'd9' },
    ];
    const rows = incidentRows([incident('i2', { started_at: '2026-03-03T00:00:00Z' }), incident('i1', { resolved_at: '2026-03-02T13:00:00Z' })], restored);
    expect(rows.map((r) => [r.id, r.restored?.seconds ?? null, r.caused_by])).toEqual([
      ['i0', 93_600, 'd9'], ['i1', 7_200, null], ['i2', null, null],
    ]);
  });
});

describe('links to sources', () => {
  it('links records with an http(s) URL, commits through their repository, and nothing else', () => {
    const links = buildSourceLinks({
      deployments: [deployment('d1', { url: 'https://ci.example.com/runs/1' }), deployment('d2', { url: 'javascript:alert(1)' })],
      incidents: [incident('i1', { url: 'http://status.example.com/i1' })],
      repositories: [{ name: 'api', url: 'https://github.com/acme/api.git', source: 'github' }, { name: 'web', url: null, source: 'git' }],
    });
    expect(links.deployment('d1')).toBe('https://ci.example.com/runs/1');
    expect(links.deployment('d2')).toBeNull();
    expect(links.deployment('d3')).toBeNull();
    expect(links.incident('i1')).toBe('http://status.example.com/i1');
    expect(links.commit('api', 'abc123')).toBe('https://github.com/acme/api/commit/abc123');
    expect(links.commit('web', 'abc123')).toBeNull();
    expect(links.pullRequest('pr-1')).toBeNull();
  });
});
