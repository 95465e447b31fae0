/**
 * A week of deployments and incidents exercising every failure rule of METRICS.md section 3,
 * shared by the change-failure, rework, recovery and restore tests. Window: the UTC week of
 * Monday 4 March 2024. Each deployment ships one new commit of a chain k0..k6 over baseline b0.
 *
 * - D0 (before the window) ships k0; revert D9 remediates it in the window.
 * - D1 caused I1 and I2 (both resolved): one failed deployment, however many incidents.
 * - D2 has no incident; rollback D3 (back to k1) remediates it.
 * - D4 is "remediated" only by a failed run (D5) and a staging run (D6): not failed.
 * - D7 caused I3, still open, and hotfix D8 remediates it: failed and unrecovered.
 * - I4 has no cause; I5 blames an unknown deployment; I6 blames D0 and is resolved in the window.
 * @internal
 */
import { commit, deployment, incident, input, repository } from './builders.js';
import type { ReportInput } from '../report.js';

/** The window of the incident week. @internal */
export const INCIDENT_WEEK = ['2024-03-04T00:00:00Z', '2024-03-11T00:00:00Z'] as const;

/** Builds the incident week's records. @internal */
export function incidentWeek(): ReportInput {
  return input({
    repositories: [repository({ baselineProductionSha: 'b0' })],
    commits: [
      commit('b0', [], '2024-02-01T00:00:00Z'),
      commit('k0', ['b0'], '2024-02-29T09:00:00Z'),
      commit('k1', ['k0'], '2024-03-04T09:00:00Z'),
      commit('k2', ['k1'], '2024-03-05T13:00:00Z'),
      commit('k3', ['k2'], '2024-03-06T08:00:00Z'),
      commit('k4', ['k3'], '2024-03-07T08:00:00Z'),
      commit('k5', ['k4'], '2024-03-07T09:30:00Z'),
      commit('k6', ['k5'], '2024-03-08T08:00:00Z'),
    ],
    deployments: [
      deployment('D0', 'k0', '2024-03-01T10:00:00Z'),
      deployment('D1', 'k1', '2024-03-04T10:00:00Z'),
      deployment('D2', 'k2', '2024-03-05T14:00:00Z'),
      deployment('D3', 'k1', '2024-03-05T14:20:00Z', {
        kind: 'rollback',
        trigger: 'incident_remediation',
        remediatesDeploymentId: 'D2',
      }),
      deployment('D4', 'k3', '2024-03-06T09:00:00Z'),
      deployment('D5', 'k3', '2024-03-06T10:00:00Z', {
        status: 'failure',
        kind: 'hotfix',
        remediatesDeploymentId: 'D4',
      }),
      deployment('D6', 'k3', '2024-03-06T10:30:00Z', {
        environment: 'staging',
        kind: 'hotfix',
        remediatesDeploymentId: 'D4',
      }),
      deployment('D7', 'k4', '2024-03-07T09:00:00Z'),
      deployment('D8', 'k5', '2024-03-07T10:00:00Z', {
        kind: 'hotfix',
        trigger: 'incident_remediation',
        remediatesDeploymentId: 'D7',
      }),
      deployment('D9', 'k6', '2024-03-08T09:00:00Z', {
        kind: 'revert',
        trigger: 'incident_remediation',
        remediatesDeploymentId: 'D0',
      }),
    ],
    incidents: [
      incident('I1', '2024-03-04T10:05:00Z', '2024-03-04T10:45:00Z', 'D1'),
      incident('I2', '2024-03-04T10:20:00Z', '2024-03-04T11:30:00Z', 'D1'),
      incident('I3', '2024-03-07T09:10:00Z', null, 'D7'),
      incident('I4', '2024-03-08T12:00:00Z', '2024-03-08T13:00:00Z', null),
      incident('I5', '2024-03-09T00:00:00Z', '2024-03-09T00:10:00Z', 'D-unknown'),
      incident('I6', '2024-03-01T11:00:00Z', '2024-03-04T01:00:00Z', 'D0'),
    ],
  });
}
