import { describe, expect, it } from 'vitest';
import { fileDeployments, parseCsv, parseDeploymentRows } from './deployments-file.js';

describe('deployments file', () => {
  it('splits CSV with quotes, doubled quotes, CRLF and blank lines', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi"""\n\n"multi\nline",z')).toEqual([
      ['a', 'b'], ['x, y', 'say "hi"'], ['multi\nline', 'z'],
    ]);
  });

  it('reads rows with defaults: production, success', () => {
    const rows = parseDeploymentRows('finished_at,ref\n2026-01-02T03:04:05+01:00,v1.0\n', 'd.csv');
    expect(rows).toEqual([{
      row: 1, id: null, service: null, environment: 'production', status: 'success', originalStatus: 'success',
      startedAt: null, finishedAt: Date.parse('2026-01-02T02:04:05Z'), revision: 'v1.0', isRef: true,
    }]);
  });

  it('maps status words and environments, keeping the originals', () => {
    const rows = parseDeploymentRows(JSON.stringify([
      { id: 7, service: 'api', environment: 'prod-eu', status: 'Failed', finished_at: '2026-01-02T00:00:00Z', commit_sha: 'ABCDEF12' },
    ]), 'd.json');
    const [d] = fileDeployments(rows, new Map([['ABCDEF12', 'abcdef12'.padEnd(40, '0')]]), {
      repository: 'r', defaultService: 'r', productionEnvironments: ['production', 'prod-*'],
    });
    expect(d).toMatchObject({ id: '7', service: 'api', environment: 'production', originalEnvironment: 'prod-eu', status: 'failure', originalStatus: 'failed' });
  });

  it('rejects invalid files with every problem', () => {
    expect(() => parseDeploymentRows('{"x": 1}', 'd.json')).toThrow('expected a JSON array of deployments');
    expect(() => parseDeploymentRows('[', 'd.json')).toThrow('not valid JSON');
    expect(() => parseDeploymentRows('finished_at,commit_sha,status\nyesterday,zz,meh\n', 'd.csv')).toThrow(
      'd.csv: 1 invalid row(s): row 1: finished_at: not an ISO-8601 timestamp (expected 2024-05-01T12:00:00Z); row 1: commit_sha "zz" is not a hexadecimal sha; row 1: status "meh" is not one of success, failure, cancelled',
    );
  });
});
