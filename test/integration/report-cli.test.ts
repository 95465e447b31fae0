/**
 * `panorama import` then `panorama report` on a hand-computed fixture (test/fixtures/small-api.json).
 * Window [2026-03-02, 2026-03-16) UTC: two whole ISO weeks.
 *
 * Production deployments in the window: d1 (Mon 03-02), d4 and d5 (Wed 03-04), d6 (Tue 03-10);
 * d2 is staging and d3 a failed run: ignored. Weeks: 3 deployments on 2 days, 1 on 1 day.
 * Lead times (deployed - committed): c1 14:00-09:00 = 18000 s, c2 14:00-12:00 = 7200,
 * c3 (shipped by d4, 03-04 09:00) = 86400, c4 (d5) = 1800, c5 (d6) = 3600; c6 never deployed;
 * c0 is the baseline. Sorted 1800, 3600, 7200, 18000, 86400: median 7200, mean 23400,
 * p75 rank 3 = 18000, p90 rank 3.6 = 18000 + 0.6 x 68400 = 59040.
 * From authored: c1 21600, c2 14400 (authored 05:00-05:00 = 10:00Z), others as above: median 14400.
 * d4 failed (incident i1, and remediated by the revert d5): CFR 1/4, rework 1/4 (d5).
 * Recovery of d4: i1 resolved 12:00 - 09:00 = 10800 s; from i1's start: 7200 s.
 * Legacy restore: i1 7200 s, i2 3600 s: median and mean 5400.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/small-api.json', import.meta.url));
const WINDOW = ['--since', '2026-03-02', '--until', '2026-03-16'];

describe('panorama report on a hand-computed fixture', () => {
  const dir = tempDir();
  const db = join(dir, 'p.db');
  const base = ['--db', db, '--org', 'Acme'];

  beforeAll(async () => {
    const r = await runCli(['import', FIXTURE, ...base], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('prints the JSON contract of METRICS.md section 7 with exact values', async () => {
    const r = await runCli(['report', ...base, ...WINDOW, '--format', 'json'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.schema).toBe('panorama.report/v1');
    expect(report.window).toEqual({ start: '2026-03-02T00:00:00Z', end: '2026-03-16T00:00:00Z' });
    expect(report.timezone).toBe('UTC');
    expect(report.service).toBeNull();
    const { dora } = report;
    expect(dora.deployment_frequency).toMatchObject({
      count: 4,
      per_week: [
        { week_start: '2026-03-02', deployments: 3, deploy_days: 2 },
        { week_start: '2026-03-09', deployments: 1, deploy_days: 1 },
      ],
      median_deploy_days_per_week: 1.5,
      median_deployments_per_week: 2,
      mean_deployments_per_week: 2,
      mean_deployments_per_day: 0.2857,
      band: 'between_daily_and_weekly',
      level: 'high',
    });
    expect(dora.change_lead_time).toMatchObject({
      changes: 5,
      median_seconds: 7200,
      mean_seconds: 23400,
      p75_seconds: 18000,
      p90_seconds: 59040,
      median_seconds_authored: 14400,
      band: '1h-1d',
      level: 'elite',
    });
    expect(dora.change_lead_time.excluded).toEqual([expect.objectContaining({ sha: '6'.repeat(40), reason: 'not_deployed' })]);
    expect(dora.change_failure_rate).toMatchObject({ numerator: 1, denominator: 4, value: 0.25, level: 'low' });
    expect(dora.change_failure_rate.failed_deployments).toEqual([
      expect.objectContaining({
        deployment_id: 'd4',
        why: expect.arrayContaining([
          { rule: 'caused_incident', incident_id: 'i1' },
          { rule: 'remediated_by', deployment_id: 'd5', kind: 'revert' },
        ]),
      }),
    ]);
    expect(dora.deployment_rework_rate).toMatchObject({ numerator: 1, denominator: 4, value: 0.25 });
    expect(dora.failed_deployment_recovery_time).toMatchObject({
      failures: 1,
      median_seconds: 10800,
      median_seconds_from_incident_start: 7200,
      band: '1h-1d',
      level: 'high',
    });
    expect(dora.time_to_restore_service).toMatchObject({ incidents: 2, median_seconds: 5400, mean_seconds: 5400 });
  });

  it('prints a text view with levels and the previous-window comparison', async () => {
    const r = await runCli(['report', ...base, ...WINDOW], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Panorama · acme · all services (api)');
    expect(r.stdout).toMatch(/Deployment frequency\s+2 \/ week\s+high/);
    expect(r.stdout).toMatch(/Change lead time\s+2h\s+elite/);
    expect(r.stdout).toMatch(/Change failure rate\s+25\.0%\s+low/);
    expect(r.stdout).toMatch(/Failed deployment recovery\s+3h\s+high/);
    expect(r.stdout).toContain('vs previous');
  });

  it('compares each metric with the previous window of equal length', async () => {
    // Window [03-09, 03-16) against [03-02, 03-09):
    // frequency: d6 alone, 7 x 1/7 = 1/week (one deploy day: high) against d1, d4, d5 = 3/week: -2;
    // lead time: c5 3600 s against median(1800, 7200, 18000, 86400) = 12600 s: -9000 s = -2h 30m;
    // failure and rework: 0/1 against 1/3 = 0.3333: -33.3 points each;
    // legacy restore: i2 3600 s against i1 7200 s: -1h. No failed deployment now: recovery '—'.
    const r = await runCli(['report', ...base, '--since', '2026-03-09', '--until', '2026-03-16'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Deployment frequency\s+1 \/ week\s+high\s+-2 \/ week/);
    expect(r.stdout).toMatch(/Change lead time\s+1h\s+elite\s+-2h 30m/);
    expect(r.stdout).toMatch(/Change failure rate\s+0\.0%\s+elite\s+-33\.3 pts/);
    expect(r.stdout).toMatch(/Failed deployment recovery\s+—\s+—/);
    expect(r.stdout).toMatch(/Deployment rework rate\s+0\.0%\s+-33\.3 pts/);
    expect(r.stdout).toMatch(/Time to restore \(all\)\s+1h\s+-1h/);
  });

  it('prints Markdown tables', async () => {
    const r = await runCli(['report', ...base, ...WINDOW, '--format', 'md', '--service', 'api'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# Delivery report: acme, api');
    expect(r.stdout).toContain('| Change lead time | **2h** | elite |');
  });

  it('explains an unknown service, organisation, window or time zone', async () => {
    const service = await runCli(['report', ...base, '--service', 'web'], { cwd: dir });
    expect(service.code).toBe(64);
    expect(service.stderr).toContain('REPORT_UNKNOWN_SERVICE: organisation "acme" has no service "web"; its services: api.');
    const org = await runCli(['report', '--db', db, '--org', 'globex'], { cwd: dir });
    expect(org.code).toBe(66);
    expect(org.stderr).toContain('organisations here: acme');
    const window = await runCli(['report', ...base, '--since', '2026-03-16', '--until', '2026-03-02'], { cwd: dir });
    expect(window.code).toBe(64);
    expect(window.stderr).toContain('REPORT_BAD_WINDOW');
    const tz = await runCli(['report', ...base, '--timezone', 'Mars/Olympus'], { cwd: dir });
    expect(tz.code).toBe(64);
    expect(tz.stderr).toContain('REPORT_BAD_TIMEZONE');
  });
});

describe('an imported incident that names the commit that caused it', () => {
  it('is linked to the production deployment that first shipped the commit', async () => {
    // a <- b <- c: d1 ships a, d2 ships c (and b with it); i1 names b by a short sha.
    const dir = tempDir();
    const base = ['--db', join(dir, 'p.db'), '--org', 'acme'];
    const fixture = fileURLToPath(new URL('../fixtures/caused-by-commit.json', import.meta.url));
    expect((await runCli(['import', fixture, ...base], { cwd: dir })).code).toBe(0);
    const r = await runCli(['report', ...base, '--since', '2026-05-01', '--until', '2026-05-08', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).dora.change_failure_rate).toMatchObject({
      numerator: 1,
      denominator: 2,
      failed_deployments: [
        { deployment_id: 'd2', why: [{ rule: 'caused_incident', incident_id: 'i1', linked_by: 'caused-by-commit' }] },
      ],
    });
  });
});
