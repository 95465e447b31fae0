/**
 * `panorama import` then `panorama report --format board` on a real SQLite database seeded
 * with test/fixtures/board-acme.json, priced with the config below. Quarter
 * [2026-07-01, 2026-10-01), 92 days; previous [2026-03-31, 2026-07-01).
 *
 * Revenue 1,200 EUR/h; api carries half (600 EUR/h = 10 EUR/min); web earns 200 EUR/h
 * (3.3333 EUR/min); engineering 95 EUR/h; shares at risk SEV1 1, SEV2 0.25, SEV3 0.05.
 * - inc-1 (api, SEV1): 10:00-11:30 = 90 min; responders ana 10:15-11:30 (1.25 h) and bo
 *   10:30-12:15 (1.75 h) = 3 h: 90 x 10 x 1 + 3 x 95 = 900 + 285 = 1,185.00.
 * - inc-2 (web, SEV2): 14:00-16:00 = 120 min; no responders: one from ack 14:30 to 16:00 =
 *   1.5 h: 120 x 200/60 x 0.25 + 1.5 x 95 = 100 + 142.5 = 242.50.
 * - Quarter: 1,427.50. Previous quarter: inc-0 (api, SEV3) 30 min x 10 x 0.05 + 1 h x 95 = 110.00.
 * - MTTA: inc-1 10:15 - 10:05 (detected) = 10 min, inc-2 14:30 - 14:00 = 30 min: mean 20m.
 *   MTTR: 90 and 120 min: mean 1h 45m.
 * - web over the 28 days to 10-01 (40,320 min): 120 bad min -> 99.7024%, 2.98x its 40.32-min
 *   budget at 99.9%: missed. api has uptime samples there: 199,940 good of 200,000 -> 99.97%,
 *   burn 0.0003 / 0.001 = 0.3x, 70% of its budget left.
 * - Debt open at 10-01: legacy auth (12 h/month) and flaky tests (6): 18 h x 95 = 1,710 EUR a
 *   month; principal 80 + 30 = 110 h = 10,450 EUR. At 07-01: legacy auth and the old ORM
 *   (4 h, resolved 08-15): 16 h = 1,520 EUR.
 * - Lead time: 1 change of 24 h before, 3 of 48 h now (doubled); pickup 2 h -> 24 h.
 * - Unplanned: d3 (revert) of d2, d3, d4 = 33.3%; response 4.5 h / (92 / 30.4375) months =
 *   1.4888 h/month x 95 = 141.44 EUR a month.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../src/reporting/board/index.js';
import { runCli, tempDir } from '../helpers/cli.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/board-acme.json', import.meta.url));
const SMALL = fileURLToPath(new URL('../fixtures/small-api.json', import.meta.url));
const HAS_CHROMIUM = findChromium() !== null;
if (!HAS_CHROMIUM && !process.env.CI) console.warn('board PDF test skipped: chromium is not installed (apt-get install chromium); CI always runs it');
const QUARTER = ['--since', '2026-07-01', '--until', '2026-10-01'];
const CONFIG = `organization: acme
business:
  currency: EUR
  revenue_per_hour: 1200
  engineering_cost_per_hour: 95
  slo: { target: 99.9, window_days: 28 }
  services:
    api: { revenue_share: 0.5 }
    web: { revenue_per_hour: 200 }
`;

describe('panorama report --format board', () => {
  const dir = tempDir();
  const db = join(dir, 'p.db');
  const base = ['--db', db];

  beforeAll(async () => {
    writeFileSync(join(dir, 'panorama.config.yaml'), CONFIG);
    expect((await runCli(['import', FIXTURE, ...base], { cwd: dir })).code).toBe(0);
    expect((await runCli(['import', SMALL, ...base, '--org', 'beta'], { cwd: dir })).code).toBe(0);
  });

  it('prints the Markdown page with exact money, availability and the narrative', async () => {
    const r = await runCli(['report', '--format', 'board', ...base, ...QUARTER], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const md = r.stdout;
    expect(md).toContain('# acme: board report');
    expect(md).toContain('- **Incident cost this quarter: €1,427.50** (2 incidents · +€1,317.50 vs the previous quarter)');
    expect(md).toContain('- **Services meeting their SLO: 1 of 2** (missed: web)');
    expect(md).toContain('| inc-1 Checkout down | api | SEV1 | 90 min | 3 | €1,185.00 | 90 min x 10 EUR/min x 1 + 3 h x 95 EUR/h = 1185 EUR |');
    expect(md).toContain('| inc-2 Slow search | web | SEV2 | 120 min | 1.5 (est.) | €242.50 | 120 min x 3.3333 EUR/min x 0.25 + 1.5 h x 95 EUR/h = 242.5 EUR |');
    expect(md).toContain('Estimated cost €1,427.50 (the previous quarter: €110.00); 2 incidents, 210 minutes of customer impact, 4.5 responder hours; MTTA 20m, MTTR 1h 45m.');
    expect(md).toContain('| web | 99.9% / 28 d | 99.70% | 100.00% | -197.6% | 2.98x | none | incident time |');
    expect(md).toContain('| api | 99.9% / 28 d | 99.97% | 100.00% | 70.0% | 0.30x | none | uptime samples |');
    expect(md).toContain('- **Debt interest per month: €1,710.00** (2 open items in the register · +€190.00 vs the previous quarter)');
    expect(md).toContain('Interest €1,710.00 a month (18 h x 95 EUR/h = 1710 EUR); the previous quarter: €1,520.00. Paying it all off (principal): €10,450.00 (110 h x 95 EUR/h = 10450 EUR).');
    expect(md).toContain('| Legacy auth module (debt-legacy-auth) | api | 12 | €1,140.00 | 80 | inc-1, p2 |');
    expect(md).toContain('7. Technical debt costs €1,710.00 a month in interest (18 engineering hours over 2 open items); the costliest item, "Legacy auth module", takes 12 hours a month.');
    expect(md).toContain('Incident response: 1.5 hours a month, €141.44 a month (1.4888 h x 95 EUR/h = 141.44 EUR).');
    expect(md).toContain('1. Lead time doubled this quarter (median 1d → 2d); most of the increase is time waiting for the first review (2h → 1d). [evidence](#org-acme-claim-1)');
    expect(md).toContain('5. web missed its 99.9% SLO: 99.70% over the last 28 days, 3.0x its error budget. [evidence](#org-acme-claim-5)');
    expect(md).toContain('<a id="org-acme-claim-4"></a>**Claim 4.** rule incident-cost: incidents.total_cost, previous 110, current 1427.5 (money); records (2): inc-1, inc-2');
    expect(md).toContain('| Change lead time | 2d | high | +1d | median of 3 changes; p75 2d, p90 2d |');
  });

  it('writes one page per organisation with --all-orgs, as Markdown or self-contained HTML', async () => {
    const md = join(dir, 'board.md');
    const r = await runCli(['report', '--format', 'board', '--all-orgs', '--output', md, ...base, ...QUARTER], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`board report (2 organisations) written to ${md}`);
    const text = readFileSync(md, 'utf8');
    expect(text.match(/^# .*: board report$/gm)).toEqual(['# acme: board report', '# beta: board report']);
    expect(text).toContain('\n---\n');
    const html = join(dir, 'board.html');
    expect((await runCli(['report', '--format', 'board', '--all-orgs', '--output', html, ...base, ...QUARTER], { cwd: dir })).code).toBe(0);
    const doc = readFileSync(html, 'utf8');
    expect(doc.startsWith('<!doctype html>')).toBe(true);
    expect(doc.match(/<section class="page"/g)).toHaveLength(2);
    expect(doc).toContain('.page + .page { break-before: page;');
    expect(doc).toContain('<td class="num">€1,185.00</td>');
    // Self-contained: no script, stylesheet link or remote asset.
    expect(doc).not.toMatch(/<script|<link|src=|https?:\/\//);
  });

  it('says clearly that a PDF needs Chromium when it is not on the PATH', async () => {
    const pdf = join(dir, 'none.pdf');
    const r = await runCli(['report', '--format', 'board', '--output', pdf, ...base, ...QUARTER], { cwd: dir, env: { PATH: '/nonexistent' } });
    expect(r.code).toBe(69);
    expect(r.stderr).toContain('REPORT_PDF_UNAVAILABLE');
    expect(r.stderr).toContain('apt-get install chromium');
    expect(existsSync(pdf)).toBe(false);
  });

  it.skipIf(!HAS_CHROMIUM)('writes a PDF through Chromium, one A4 page per organisation', async () => {
    const pdf = join(dir, 'board.pdf');
    const r = await runCli(['report', '--format', 'board', '--all-orgs', '--output', pdf, ...base, ...QUARTER], { cwd: dir });
    expect(r.code).toBe(0);
    const bytes = readFileSync(pdf);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    // Chromium writes one "/Type /Page" object per page (and one "/Type /Pages" tree).
    expect(bytes.toString('latin1').match(/\/Type\s*\/Page(?!s)/g)).toHaveLength(2);
  });

  it('rejects flag combinations it cannot honour, before reading anything', async () => {
    const badExt = await runCli(['report', '--format', 'board', '--output', join(dir, 'board.docx'), ...base], { cwd: dir });
    expect([badExt.code, badExt.stderr]).toEqual([64, expect.stringContaining('REPORT_BAD_OUTPUT')]);
    expect(existsSync(join(dir, 'board.docx'))).toBe(false);
    const service = await runCli(['report', '--format', 'board', '--service', 'api', ...base], { cwd: dir });
    expect([service.code, service.stderr]).toEqual([64, expect.stringContaining('drop --service')]);
    const outputText = await runCli(['report', '--output', join(dir, 'x.md'), ...base], { cwd: dir });
    expect([outputText.code, outputText.stderr]).toEqual([64, expect.stringContaining('--output is for --format board')]);
    const both = await runCli(['report', '--format', 'board', '--all-orgs', '--org', 'acme', ...base], { cwd: dir });
    expect(both.code).toBe(64);
  });

  it('prices nothing without business parameters, and says why', async () => {
    const bare = tempDir();
    const r = await runCli(['report', '--format', 'board', ...base, '--org', 'acme', ...QUARTER], { cwd: bare });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('- **Incident cost this quarter: — (no revenue configured)**');
    expect(r.stdout).toContain('Revenue not configured; engineering not configured;');
  });
});
